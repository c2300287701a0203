/* A span (?t=a,b, a chapter page, an answer) plays and stops at its end. A line says so, with
 * a button that lifts the stop; seeking away from the span lifts it too. */

import { clock } from "./time.js";

export function span(player, { line, times, button }) {
  let ended = false;

  player.on("spanchange", (span) => {
    ended = false;
    line.hidden = !span;
    button.hidden = !span;
    line.classList.remove("ended");
    if (span) times.textContent = `${clock(span.start)} → ${clock(span.end)}`;
  });

  let seeking = false;
  player.on("seeking", () => { seeking = true; });
  player.on("seeked", () => { seeking = false; });

  /* Stop where the span ends when playing reaches it; a jump past it (a chapter, a key) only
   * lifts the stop (its "timeupdate" comes before "seeked"). */
  function check() {
    const span = player.state.span;
    if (!span || ended || seeking) return;
    const t = player.time();
    if (t > span.end + 1) return player.setSpan(null);
    if (t >= span.end - 0.05) {
      player.pause();
      ended = true;
      line.classList.add("ended");
    }
  }
  function watch() {
    check();
    if (player.state.span && !ended && !player.paused()) requestAnimationFrame(watch);
  }
  player.on("timeupdate", check);
  player.on("play", () => {
    // playing again after the stop goes on past the span
    if (ended) player.setSpan(null);
    else requestAnimationFrame(watch);
  });
  player.on("seeked", () => {
    const span = player.state.span, t = player.time();
    if (span && (t < span.start - 1 || t > span.end + 0.5)) player.setSpan(null);
  });

  button.addEventListener("click", () => {
    const wasEnded = ended;
    player.setSpan(null);
    if (wasEnded) player.play();
  });
}
