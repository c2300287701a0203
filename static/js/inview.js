/* The current chapter in view inside its list: the list's scrollTop is set (no ancestor, never
 * the page, moves) and the focus stays put. On load, every seek (Back and Forward seek too),
 * the list's tab shown; as playback enters a chapter too, unless the viewer scrolled the list
 * away: then "Chapitre en cours" appears and brings it back. */

export function currentInView(player, { list }) {
  const holder = document.createElement("div");
  holder.className = "to-current";
  holder.innerHTML = '<button type="button" hidden><span aria-hidden="true"></span> Chapitre en cours</button>';
  const button = holder.firstChild, arrow = button.firstChild;
  list.append(holder);
  let following = true; // until the viewer scrolls the list
  let ours = -1; // the scrollTop set here last

  const current = () => player.state.chapter && player.state.chapter.link;
  const scrolls = () => !list.hidden && list.offsetParent !== null && list.scrollHeight > list.clientHeight;
  /** -1: above the list's view, 1: below, 0: wholly in it. */
  function where(link) {
    const box = list.getBoundingClientRect(), item = link.getBoundingClientRect();
    return item.top < box.top - 0.5 ? -1 : item.bottom > box.bottom + 0.5 ? 1 : 0;
  }
  function update() {
    const link = current(), side = link && scrolls() ? where(link) : 0;
    button.hidden = !side;
    arrow.textContent = side < 0 ? "↑" : "↓";
  }
  function reveal(force) {
    const link = current();
    if (link && scrolls() && (force || (following && !list.matches(":hover, :focus-within"))) && where(link)) {
      const box = list.getBoundingClientRect(), item = link.getBoundingClientRect();
      list.scrollTop += Math.round(item.top - box.top - (box.height - item.height) / 2);
      ours = list.scrollTop;
    }
    update();
  }

  let frame = 0;
  list.addEventListener("scroll", () => {
    if (Math.abs(list.scrollTop - ours) > 2) following = false;
    frame = frame || requestAnimationFrame(() => { frame = 0; update(); });
  }, { passive: true });
  // after a seek the list follows on the next frame (chapters.js): this comes after it
  player.on("seeked", () => requestAnimationFrame(() => requestAnimationFrame(() => { following = true; reveal(true); })));
  player.on("chapterchange", () => reveal(false));
  list.addEventListener("tabshow", () => reveal(true));
  window.addEventListener("resize", () => reveal(false));
  button.addEventListener("click", () => {
    following = true;
    reveal(true);
    const link = current();
    if (link) link.focus({ preventScroll: true });
  });
  reveal(true);
}
