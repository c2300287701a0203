/* The page's keys, as in Podlove and YouTube: Space/k, arrows, j/l, Alt+arrows or p/n, f, m,
 * c, < and >. Ignored while typing, in a dialog, or where the focused control has its own. */

import { part } from "./dom.js";

export function keyboard(player, { chapters, bar, root, go }) {
  document.addEventListener("keydown", (event) => {
    const target = event.target, tag = target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable) return;
    if (target.closest && target.closest("dialog, [role=tablist]")) return;
    const onControl = tag === "BUTTON" || tag === "A" || tag === "SUMMARY";
    const key = event.key;
    const jump = (direction) => { const c = chapters.step(direction); if (c) go(c.start); };
    let handled = true;
    if (event.altKey && key === "ArrowLeft") jump(-1);
    else if (event.altKey && key === "ArrowRight") jump(1);
    else if (event.ctrlKey || event.metaKey || event.altKey) handled = false;
    else if ((key === " " && !onControl) || key === "k") bar.togglePlay();
    else if (key === "ArrowLeft") player.seek(Math.max(0, player.time() - 5));
    else if (key === "ArrowRight") player.seek(player.time() + 5);
    else if (key === "j") player.seek(Math.max(0, player.time() - 10));
    else if (key === "l") player.seek(player.time() + 10);
    else if (key === "p") jump(-1);
    else if (key === "n") jump(1);
    else if (key === "f") bar.toggleFullscreen();
    else if (key === "m") bar.toggleMute();
    else if (key === "c") bar.toggleCaptions();
    else if (key === "<") bar.stepRate(-1);
    else if (key === ">") bar.stepRate(1);
    else handled = false;
    if (handled) event.preventDefault();
  });

  for (const [id, direction] of [["prev-chapter", -1], ["next-chapter", 1]]) {
    part(root, id).addEventListener("click", () => {
      const c = chapters.step(direction);
      if (c) go(c.start);
    });
  }
}
