/* The watch page of a webinar without a recording yet (just imported): nothing to play, but
 * the chapters, their panels, the tabs, search and the address work as on the watch page. A
 * chapter link shows its chapter in place and the address follows (Back and Forward too); ?t=
 * in the static export shows its chapter. No request names a recording file. */

import { chapters } from "./chapters.js";
import { copyButtons } from "./copy.js";
import { part } from "./dom.js";
import { history } from "./history.js";
import { tabs } from "./tabs.js";

/** A player with nothing to play: its time moves only by seeks (the adapter's interface). */
function still(box) {
  const listeners = {};
  const emit = (name, detail) => (listeners[name] || []).slice().forEach((fn) => fn(detail));
  let now = parseFloat(box.getAttribute("data-start")) || 0;
  const player = {
    kind: "none",
    element: { readyState: 1 }, // "metadata known": the chapters follow at once
    play() {}, pause() {}, paused: () => true,
    seek(t) { now = Math.max(0, t); emit("timeupdate"); emit("seeked"); },
    time: () => now,
    duration: () => NaN,
    length: () => parseFloat(box.getAttribute("data-duration")) || NaN,
    on(name, fn) { (listeners[name] = listeners[name] || []).push(fn); },
    emit,
    state: { span: null, chapter: null },
    setSpan(span) { player.state.span = span; emit("spanchange", span); },
  };
  return player;
}

const side = part(document, "cote");
const box = document.querySelector("[data-webinar]");
const player = still(box);
window.WebinarPlayer = { player }; // for the tests and the console
chapters(player, {
  list: part(side, "chapitres"),
  panel: part(side, "panel"),
  name: document.createElement("span"), // no control bar to name it in
  htmx: box.getAttribute("data-htmx"),
});
const searchPanel = part(side, "recherche");
searchPanel?.addEventListener("tabshow", () => import("./search.js").then((m) => m.search(player, {
  form: part(searchPanel, "search-form"), results: part(searchPanel, "search-results"),
})), { once: true });
tabs({ side });
copyButtons(document);
history(player, {
  base: box.getAttribute("data-base"),
  notice: part(document, "hash-notice"),
  start: player.time(),
  query: box.hasAttribute("data-static-export"),
});
