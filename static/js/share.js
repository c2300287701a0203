/* The share dialog: a link to this moment, or to the current chapter's span, to copy. */

import { clock, compact } from "./time.js";
import { copyText } from "./copy.js";

export function share(player, { chapters, base, dialog, opener }) {
  const part = (id) => document.getElementById(id);
  const start = part("share-start"), end = part("share-end"), url = part("share-url");
  const status = part("share-status");
  let at = 0;

  function link() {
    const chapter = chapters.at(at);
    const stop = chapter && end.checked ? chapter.end : NaN;
    let href = location.origin + base;
    if (start.checked || isFinite(stop)) {
      href += "?t=" + compact(start.checked ? at : chapter ? chapter.start : 0);
      if (isFinite(stop)) href += "," + compact(stop);
    }
    url.value = href;
  }
  opener.addEventListener("click", () => {
    at = Math.floor(player.time());
    const chapter = chapters.at(at);
    part("share-start-time").textContent = clock(at);
    part("share-end-time").textContent = chapter && isFinite(chapter.end) ? clock(chapter.end) : "";
    end.disabled = !(chapter && isFinite(chapter.end));
    status.textContent = "";
    link();
    dialog.showModal();
    url.select();
  });
  start.addEventListener("change", link);
  end.addEventListener("change", link);
  part("share-copy").addEventListener("click", () => { url.select(); copyText(url.value, status); });
  part("share-close").addEventListener("click", () => dialog.close());
}
