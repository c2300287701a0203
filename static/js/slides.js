/* The "Diapositives" tab, fetched with htmx the first time it is shown (main.js). Every slide is
 * a link <a href="?t=…" data-seek>: history.js seeks on click. Here: the slide on screen is
 * marked and kept in view inside the tab (never the page), and the arrow keys flip through the
 * slides, the recording following. */

import { loadStylesheet } from "./stylesheet.js";

/** Index of the last of `starts` (ascending) at or before t, or -1. */
export function slideAt(starts, t) {
  let low = 0, high = starts.length - 1, found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (starts[mid] <= t + 0.001) { found = mid; low = mid + 1; } else high = mid - 1;
  }
  return found;
}

export function slides(player, { holder, lib }) {
  const style = loadStylesheet(new URL("../css/slides.css", import.meta.url).pathname);
  holder.addEventListener("htmx:afterSettle", async () => {
    await style;
    holder.removeAttribute("aria-busy");
    const list = holder.querySelector(".slide-list");
    if (list) setUp(player, list, holder.closest(".tabpanel") || holder);
  }, { once: true });
  const failed = () => {
    holder.removeAttribute("aria-busy");
    const p = document.createElement("p");
    p.className = "slides-message";
    const a = holder.querySelector(".tr-nojs a");
    p.append("Les diapositives n'ont pas pu être chargées ici. ");
    if (a) p.append(a);
    holder.replaceChildren(p);
  };
  holder.addEventListener("htmx:responseError", failed);
  holder.addEventListener("htmx:sendError", failed);
  lib.process(holder);
  lib.trigger(holder, "show-slides");
}

function setUp(player, list, scroller) {
  const links = [...list.querySelectorAll("a.slide-link")];
  const starts = links.map((a) => parseFloat(a.getAttribute("data-seek")));
  let current = -1;

  function reveal(link) {
    if (scroller.hidden || scroller.matches(":hover, :focus-within")) return;
    const box = scroller.getBoundingClientRect(), item = link.getBoundingClientRect();
    if (item.top < box.top || item.bottom > box.bottom) {
      scroller.scrollTop += Math.round(item.top - box.top - (box.height - item.height) / 2);
    }
  }
  function mark() {
    const index = slideAt(starts, player.time());
    if (index === current) return;
    if (current >= 0) links[current].removeAttribute("aria-current");
    current = index;
    if (index >= 0) {
      links[index].setAttribute("aria-current", "true");
      reveal(links[index]);
    }
  }
  player.on("timeupdate", mark);
  player.on("seeked", mark);
  scroller.addEventListener("tabshow", () => { if (current >= 0) reveal(links[current]); });
  mark();

  const moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
  list.addEventListener("keydown", (event) => {
    const from = links.indexOf(document.activeElement);
    if (from < 0 || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    let to = null;
    if (event.key in moves) to = Math.min(links.length - 1, Math.max(0, from + moves[event.key]));
    else if (event.key === "Home") to = 0;
    else if (event.key === "End") to = links.length - 1;
    if (to === null) return;
    event.preventDefault();
    event.stopPropagation(); // the page's own arrow keys (seek by 5 s) are not meant here
    links[to].focus();
    links[to].scrollIntoView({ block: "nearest" });
    player.seek(starts[to]);
  });
}
