/* "Partager cet extrait" in the transcript (transcript.js): the dialog that shows the extract's
 * link (whole seconds, time.js linkTime) with a button to copy it. */

import { copyText, LINK } from "./copy.js";
import { clock } from "./time.js";

/** A small dialog showing an extract's link, with a button to copy it. */
export function shareDialog() {
  const element = document.createElement("dialog");
  element.className = "tr-dialog";
  element.setAttribute("aria-labelledby", "tr-dialog-title");
  const make = (tag, props = {}) => Object.assign(document.createElement(tag), props);
  const title = make("h2", { id: "tr-dialog-title", textContent: "Partager cet extrait" });
  const times = make("p", { className: "tr-dialog-times" });
  const quote = make("p", { className: "tr-dialog-quote" });
  const label = make("label", { htmlFor: "tr-share-url", textContent: "Lien" });
  const url = make("input", { type: "text", id: "tr-share-url", readOnly: true, size: 40 });
  const copy = make("button", { type: "button", textContent: "Copier le lien" });
  const close = make("button", { type: "button", className: "quiet", textContent: "Fermer" });
  const status = make("p", { className: "status" });
  status.setAttribute("role", "status");
  const row = (...children) => { const p = make("p"); p.append(...children); return p; };
  element.append(title, times, quote, row(label, " ", url), row(copy, " ", close), status);
  copy.addEventListener("click", () => { url.select(); copyText(url.value, status, LINK); });
  close.addEventListener("click", () => element.close());
  return {
    element,
    open(href, passage, words) {
      times.textContent = `Extrait ${clock(passage.start)} → ${clock(passage.end)}`;
      quote.textContent = `« ${words.length > 160 ? words.slice(0, 157) + "…" : words} »`;
      url.value = href;
      status.textContent = "";
      element.showModal();
      url.select();
    },
  };
}
