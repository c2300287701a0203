/* The current chapter in view inside its list: the list scrolls (its scrollTop is set, so no
 * ancestor and never the page moves) and focus stays where it is. On load, on every seek (Back
 * and Forward seek too) and when the list's tab is shown; as playback enters a chapter too,
 * unless the viewer scrolled the list away. Then "Chapitre en cours" appears, and brings the
 * list back to it. */

export function currentInView(player, { list }) {
  const holder = document.createElement("div");
  holder.className = "to-current";
  holder.innerHTML = '<button type="button" hidden><span aria-hidden="true" class="to-current-arrow"></span> Chapitre en cours</button>';
  const button = holder.firstChild, arrow = button.firstChild;
  list.append(holder);

  let following = true; // false once the viewer scrolls the list themselves
  let ours = -1; // the scrollTop this module set last

  const current = () => player.state.chapter && player.state.chapter.link;
  const shown = () => !list.hidden && list.offsetParent !== null;
  /** Where the current chapter is: -1 above the list's view, 1 below, 0 wholly in it. */
  function where(link) {
    const box = list.getBoundingClientRect(), item = link.getBoundingClientRect();
    if (item.top < box.top - 0.5) return -1;
    return item.bottom > box.bottom + 0.5 ? 1 : 0;
  }

  function update() {
    const link = current();
    const side = link && shown() && list.scrollHeight > list.clientHeight ? where(link) : 0;
    // out of view entirely, or cut: the button says which way it is
    button.hidden = side === 0;
    arrow.textContent = side < 0 ? "↑" : "↓";
  }

  function reveal(force) {
    const link = current();
    if (!link || !shown() || list.scrollHeight <= list.clientHeight) return update();
    if (!force && (!following || list.matches(":hover, :focus-within"))) return update();
    if (where(link) !== 0) {
      const box = list.getBoundingClientRect(), item = link.getBoundingClientRect();
      const top = list.scrollTop + item.top - box.top - (box.height - item.height) / 2;
      list.scrollTop = Math.max(0, Math.min(list.scrollHeight - list.clientHeight, Math.round(top)));
      ours = list.scrollTop;
    }
    update();
  }

  let frame = 0;
  list.addEventListener("scroll", () => {
    if (Math.abs(list.scrollTop - ours) > 2) following = false;
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; update(); });
  }, { passive: true });

  // a seek: the chapter list follows on the next frame (chapters.js), this one after it
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
  return { reveal };
}
