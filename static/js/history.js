/* The address follows the viewer. Following a link (a chapter, an answer, a time) adds a
 * history entry, so Back and Forward return to the previous chapter and time; seeks from the
 * keyboard or the scrubber only replace the address. ?t= and #t= links are read here too. */

import { clock, compact, parseSpan } from "./time.js";

/** `query`: also read ?t= here (the static export, where no server reads it). */
export function history(player, { base, notice, start, query = false }) {
  const address = (t, end) => `${base}?t=${compact(t)}${isFinite(end) ? "," + compact(end) : ""}`;
  const spanEnd = () => (player.state.span ? player.state.span.end : NaN);

  function seekTo(t, end) {
    player.seek(t);
    player.setSpan(isFinite(end) && end > t ? { start: t, end } : null);
  }

  /* Chapter links, answers and time links seek instead of loading a page. The click does the
   * seek and nothing else: the history entry and the span follow on "seeked" (writing history
   * before would delay the seek by several milliseconds). */
  let pending = null;
  document.addEventListener("click", (event) => {
    const a = event.target.closest && event.target.closest("a[data-chapter], a[data-seek]");
    if (!a || event.button || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    const seek = a.hasAttribute("data-seek");
    const t = parseFloat(a.getAttribute(seek ? "data-seek" : "data-start"));
    pending = { from: player.time(), fromEnd: spanEnd(), t, end: seek ? parseFloat(a.getAttribute("data-end")) : NaN };
    player.seek(t);
    player.play();
  });
  function follow() {
    if (!pending) return;
    const { from, fromEnd, t, end } = pending;
    pending = null;
    window.history.replaceState({ t: from, end: fromEnd }, "", address(from, fromEnd));
    // inside another site's frame, entries of ours would hijack that site's Back button
    const framed = window.top !== window;
    if (!framed && address(from, fromEnd) !== address(t, end)) window.history.pushState({ t, end }, "", address(t, end));
    else if (framed) window.history.replaceState({ t, end }, "", address(t, end));
    player.setSpan(isFinite(end) && end > t ? { start: t, end } : null);
  }
  player.on("seeked", follow);

  // a chapter page keeps its own address until the viewer moves away from where it started
  const first = { t: start, end: spanEnd() };
  const sameEnd = (a, b) => a === b || (isNaN(a) && isNaN(b));
  let moved = false;
  const replace = () => {
    moved = moved || Math.abs(player.time() - first.t) > 0.5 || !sameEnd(spanEnd(), first.end);
    if (!moved) return;
    const url = address(player.time(), spanEnd());
    if (location.pathname + location.search !== url || location.hash) {
      window.history.replaceState({ t: player.time(), end: spanEnd() }, "", url);
    }
  };
  player.on("seeked", replace);
  player.on("pause", replace);

  /* Back and Forward: the entry's own time, or the one its address says. */
  window.addEventListener("popstate", (event) => {
    if (event.state && isFinite(event.state.t)) return seekTo(event.state.t, event.state.end);
    if (/[#&]t=/.test(location.hash)) return; // hashchange follows and reads it
    const span = parseSpan(new URLSearchParams(location.search).get("t"));
    if (span && isFinite(span.start)) seekTo(span.start, span.end);
  });

  /* #t= media fragments (and ?t= in the static export): the same answers as the server gives
   * for ?t=. */
  function applyHash() {
    const hash = /(?:^#|&)t=([^&]*)/.exec(location.hash);
    if (hash) {
      let raw = hash[1];
      try { raw = decodeURIComponent(raw); } catch (e) { /* keep it as written */ }
      return applyTime(raw);
    }
    return undefined;
  }
  function applyTime(raw) {
    const span = parseSpan(raw), total = player.length();
    notice.hidden = true;
    if (!isFinite(span.start)) {
      notice.textContent = `Le temps « ${raw} » n'a pas pu être lu : la lecture part du début.`;
      notice.hidden = false;
      seekTo(0, NaN);
      return 0;
    } else if (isFinite(total) && span.start >= total) {
      notice.textContent = `Le temps « ${raw} » dépasse la fin de l'enregistrement (${clock(total)}) : la lecture part de la fin.`;
      notice.hidden = false;
      seekTo(Math.max(total - 1, 0), NaN);
      return Math.max(total - 1, 0);
    }
    seekTo(span.start, span.end);
    return span.start;
  }
  window.addEventListener("hashchange", applyHash);
  const asked = query && !/(?:^#|&)t=/.test(location.hash) && new URLSearchParams(location.search).get("t");
  const initial = asked !== null && asked !== false && asked.trim() !== "" ? () => applyTime(asked) : applyHash;
  const target = initial();
  if (asked) { // the link's own address stays until the viewer moves, as the server's page does
    first.t = target;
    first.end = spanEnd();
  }
  // the <video>'s own media fragment (#t= of its src, the server's start) is applied with its
  // metadata, after a seek asked before them: ask again then
  const video = player.element;
  if (target !== undefined && video && video.readyState < 1) {
    video.addEventListener("loadedmetadata", () => {
      if (Math.abs(player.time() - target) > 0.5) initial();
    }, { once: true });
  }
}
