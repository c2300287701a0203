/* Resume where the viewer left off: offered, never forced, and gone once they play or seek. */

import { part } from "./dom.js";
import { clock } from "./time.js";

export function resume(player, { key, offer, explicit, go }) {
  let lastSaved = 0;
  function save() {
    const t = player.time();
    if (Math.abs(t - lastSaved) < 5) return;
    lastSaved = t;
    try { localStorage.setItem(key, String(Math.floor(t))); } catch (e) { /* private mode */ }
  }
  player.on("timeupdate", save);
  player.on("pause", save);

  let saved = NaN;
  try { saved = parseFloat(localStorage.getItem(key)); } catch (e) { /* private mode */ }
  if (explicit || !isFinite(saved) || saved <= 10) return;
  part(offer, "resume-time").textContent = clock(saved);
  offer.hidden = false;
  const dismiss = () => { offer.hidden = true; };
  player.on("play", dismiss);
  player.on("seeking", dismiss);
  player.on("seeked", dismiss);
  part(offer, "resume-yes").addEventListener("click", () => { dismiss(); go(saved); });
  part(offer, "resume-no").addEventListener("click", () => {
    dismiss();
    try { localStorage.removeItem(key); } catch (e) { /* private mode */ }
  });
}
