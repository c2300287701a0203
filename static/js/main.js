/* The watch page: one adapter over the recording, and one small module per concern.
 * The page works without this script: chapters are plain links carrying ?t=. */

import { createPlayer } from "./adapter.js";
import { chapters } from "./chapters.js";
import { controlbar } from "./controlbar.js";
import { copyButtons } from "./copy.js";
import { loadHtmx } from "./htmx.js";
import { history } from "./history.js";
import { keyboard } from "./keyboard.js";
import { resume } from "./resume.js";
import { scrubber } from "./scrubber.js";
import { share } from "./share.js";
import { span } from "./span.js";
import { tabs } from "./tabs.js";

const part = (id) => document.getElementById(id);
const media = document.querySelector("[data-webinar]");
const player = await createPlayer(media);
// a static copy of the site (flask freeze): one file for every ?t=, so the script reads it
const frozen = media.hasAttribute("data-static-export");
window.WebinarPlayer = { player }; // for the embed adapters' tests and the browser console

const list = chapters(player, {
  links: [...document.querySelectorAll("a.chapter-link")],
  list: part("chapitres"),
  name: part("chapter-name"),
  htmx: media.getAttribute("data-htmx"),
});
// The transcript is not part of the first load: its tab fetches it (htmx) and its script the
// first time it is shown.
const transcriptPanel = part("transcription");
if (transcriptPanel) {
  transcriptPanel.addEventListener("tabshow", async () => {
    const holder = part("transcript-holder");
    holder.setAttribute("aria-busy", "true");
    try {
      const [lib, module] = await Promise.all([loadHtmx(media.getAttribute("data-htmx")), import("./transcript.js")]);
      module.transcript(player, { holder, panel: transcriptPanel, lib });
    } catch (error) {
      holder.removeAttribute("aria-busy");
    }
  }, { once: true });
}
// Search too: its script (and htmx) the first time its tab is shown.
part("recherche")?.addEventListener("tabshow", () => import("./search.js").then((m) =>
  m.search(player, { form: part("search-form"), results: part("search-results"), scrubber: part("scrubber") })), { once: true });
const panes = tabs({ side: part("cote") });
/** Seek and play from t, as a chapter's own link does (without a history entry). */
const go = (t) => { player.seek(t); player.play(); player.setSpan(null); };

const bar = controlbar(player, {
  bar: part("bar"),
  stage: part("lecteur"),
  onChapterList() {
    panes.open("chapitres");
    const current = player.state.chapter;
    if (current) current.link.focus();
  },
});
scrubber(player, { el: part("scrubber"), chapters: list });
span(player, { line: part("span-line"), times: part("span-times"), button: part("span-continue") });
keyboard(player, { chapters: list, bar, go });
share(player, { chapters: list, base: media.getAttribute("data-base"), dialog: part("share-dialog"), opener: part("share-open") });
resume(player, {
  key: `webinar-position:${media.getAttribute("data-webinar")}`,
  offer: part("resume"),
  explicit: media.getAttribute("data-explicit-time") === "true" || /[#&]t=/.test(location.hash)
    || (frozen && new URLSearchParams(location.search).has("t")),
  go,
});
copyButtons(document);

const start = parseFloat(media.getAttribute("data-start")) || 0;
const end = parseFloat(media.getAttribute("data-end"));
if (isFinite(end)) player.setSpan({ start, end });
history(player, { base: media.getAttribute("data-base"), notice: part("hash-notice"), start, query: frozen });
