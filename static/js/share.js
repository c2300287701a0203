/* The share dialog: a link to this moment, or to the current chapter's span, to copy; and the
 * iframe code of the embeddable player (/w/<id>/integrer) starting there. The dialog carries
 * the absolute addresses (data-page, data-embed): inside the embed, `base` is the embed's. */

import { clock, compact } from "./time.js";
import { copyText, LINK } from "./copy.js";
import { part } from "./dom.js";

const CODE = { done: "Code d'intégration copié.", failed: "Copie impossible : sélectionnez le code et copiez-le." };

export function share(player, { chapters, base, dialog, opener }) {
  const start = part(dialog, "share-start"), end = part(dialog, "share-end"), url = part(dialog, "share-url");
  const status = part(dialog, "share-status");
  const code = part(dialog, "share-embed"), codeStatus = part(dialog, "share-embed-status");
  // a static export made without its public address names them from the root: complete them
  const page = new URL(dialog.getAttribute("data-page") || base, location.href).href;
  const embed = dialog.getAttribute("data-embed");
  const frameSrc = embed && new URL(embed, location.href).href;
  let at = 0;

  /** Attribute text: the title comes from the data, so it is escaped for its quotes. */
  const attr = (text) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

  function link() {
    const chapter = chapters.at(at);
    const stop = chapter && end.checked ? chapter.end : NaN;
    let query = "";
    if (start.checked || isFinite(stop)) {
      query = "?t=" + compact(start.checked ? at : chapter ? chapter.start : 0);
      if (isFinite(stop)) query += "," + compact(stop);
    }
    url.value = page + query;
    if (code && frameSrc) {
      code.value = `<iframe src="${attr(frameSrc + query)}" width="800" height="450" ` +
        `title="${attr(dialog.getAttribute("data-frame-title") || "")}" ` +
        `allow="fullscreen; picture-in-picture" loading="lazy"></iframe>`;
    }
  }
  opener.addEventListener("click", () => {
    at = Math.floor(player.time());
    const chapter = chapters.at(at);
    part(dialog, "share-start-time").textContent = clock(at);
    part(dialog, "share-end-time").textContent = chapter && isFinite(chapter.end) ? clock(chapter.end) : "";
    end.disabled = !(chapter && isFinite(chapter.end));
    status.textContent = "";
    if (codeStatus) codeStatus.textContent = "";
    link();
    dialog.showModal();
    url.select();
  });
  start.addEventListener("change", link);
  end.addEventListener("change", link);
  part(dialog, "share-copy").addEventListener("click", () => { url.select(); copyText(url.value, status, LINK); });
  if (code) part(dialog, "share-embed-copy").addEventListener("click", () => { code.select(); copyText(code.value, codeStatus, CODE); });
  part(dialog, "share-close").addEventListener("click", () => dialog.close());
}
