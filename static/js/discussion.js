/* The "Discussion" tab, fetched (htmx) and imported the first time the tab opens.
 *
 * Every message is a link <a href="?t=…" data-seek>: history.js seeks on click. Here: only the
 * messages written up to the playing moment are shown, the newest kept in view while the tab is
 * open, as the chat scrolled during the live session. */

import { part } from "./dom.js";
import { loadStylesheet } from "./stylesheet.js";

/** The stylesheet of the tab (not part of the first load), once. */
const stylesheet = () => loadStylesheet(new URL("../css/discussion.css", import.meta.url).pathname);

/** Fetch the messages into `holder` (its hx-* attributes say how) and follow the player. */
export function discussion(player, { holder, panel, lib }) {
  const style = stylesheet();
  let ready = false;
  holder.addEventListener("htmx:afterSettle", async () => {
    if (ready) return;
    ready = true;
    await style; // where the newest message is depends on the tab's styles
    holder.removeAttribute("aria-busy");
    const root = part(holder, "discussion");
    if (root) follow(player, root, panel);
  });
  const failed = () => {
    holder.removeAttribute("aria-busy");
    const p = document.createElement("p");
    const a = holder.querySelector(".ds-nojs a");
    p.append("La discussion n'a pas pu être chargée ici. ");
    if (a) p.append(a);
    holder.replaceChildren(p);
  };
  holder.addEventListener("htmx:responseError", failed);
  holder.addEventListener("htmx:sendError", failed);
  lib.process(holder);
  lib.trigger(holder, "show-discussion");
}

function follow(player, root, panel) {
  const items = [...root.querySelectorAll("li[data-time]")];
  const times = items.map((li) => parseFloat(li.getAttribute("data-time")));
  const hint = root.querySelector(".ds-hint");
  if (hint) hint.hidden = false;
  let shown = -2; // messages 0..shown are visible (all, as sent; the first show() decides)
  let frame = 0;
  const show = () => {
    frame = 0;
    const now = player.time();
    let last = -1;
    while (last + 1 < times.length && times[last + 1] <= now) last += 1;
    if (last === shown) return;
    items.forEach((li, i) => { li.hidden = i > last; });
    shown = last;
    if (last >= 0 && !panel.hidden) keepInView(panel, items[last]);
  };
  const later = () => { if (!frame) frame = requestAnimationFrame(show); };
  player.on("timeupdate", later);
  player.on("seeked", later);
  // shown again: the newest message in view, whatever the panel scrolled to while hidden
  panel.addEventListener("tabshow", () => requestAnimationFrame(() => {
    show();
    if (shown >= 0) keepInView(panel, items[shown]);
  }));
  show();
}

/** Scroll the panel (when it scrolls: never the page under the viewer) to show `item`. */
function keepInView(panel, item) {
  const box = panel.getBoundingClientRect(), at = item.getBoundingClientRect();
  if (at.bottom > box.bottom) panel.scrollTop += at.bottom - box.bottom;
  else if (at.top < box.top) panel.scrollTop -= box.top - at.top;
}
