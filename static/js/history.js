/* The address follows the viewer. Following a link (a chapter, an answer, a time) adds a
 * history entry, so Back and Forward return to the previous chapter and time; seeks from the
 * keyboard or the scrubber only replace the address. ?t= and #t= links are read here too.
 *
 * The address says what the viewer asked for: a span (?t=365,372, a chapter's page, an answer)
 * keeps its own address while it plays and after it stops; once it is lifted ("Continuer après
 * l'extrait", a seek away from it) the address is a plain start, in whole seconds. */

import { clock, linkTime, parseSpan } from "./time.js";

const TIME_PAIR = /(?:^#|&)t=/;

/** `query`: also read ?t= here (the static export, where no server reads it). Returns
 * `place(url, state)`: a history entry of the same moment (no seek on Back), for what the side
 * column shows at its own address (a speaker's card). */
export function history(player, { base, notice, start, query = false }) {
  const address = (t, end) => `${base}?t=${linkTime(t)}${isFinite(end) ? "," + linkTime(end, true) : ""}`;
  const spanEnd = () => (player.state.span ? player.state.span.end : NaN);
  const here = () => location.pathname + location.search + location.hash;
  const fresh = () => Date.now() + Math.random();
  // entries of one moment (a card opened without a seek) share their "m": Back between them does not seek
  let moment = window.history.state && window.history.state.m;
  if (moment === undefined) {
    moment = fresh();
    window.history.replaceState({ ...window.history.state, t: start, end: spanEnd(), m: moment }, "");
  }
  // the address of the span being played, as it was asked
  let asked = player.state.span ? here() : null;

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
    const end = seek ? parseFloat(a.getAttribute("data-end")) : NaN;
    const linked = new URL(a.href, location.href).searchParams.get("t");
    pending = {
      from: player.time(), fromEnd: spanEnd(),
      // the entry left keeps what it said: a span's own address, a speaker's card; else the time
      fromUrl: player.state.span && asked ? asked : window.history.state && window.history.state.card ? here() : address(player.time(), NaN),
      t, end, url: linked ? `${base}?t=${linked}` : address(t, end),
    };
    player.seek(t);
    player.play();
  });
  function follow() {
    if (!pending) return;
    const { from, fromEnd, fromUrl, t, end, url } = pending;
    pending = null;
    window.history.replaceState({ ...window.history.state, t: from, end: fromEnd, m: moment }, "", fromUrl);
    // inside another site's frame, entries of ours would hijack that site's Back button
    const framed = window.top !== window;
    moment = fresh();
    if (!framed && fromUrl !== url) window.history.pushState({ t, end, m: moment }, "", url);
    else window.history.replaceState({ t, end, m: moment }, "", url);
    player.setSpan(isFinite(end) && end > t ? { start: t, end } : null);
    asked = player.state.span ? url : null;
  }
  player.on("seeked", follow);

  // a plain address (no span) stays as it was until the viewer moves away from where it started
  const first = { t: start };
  let moved = false;
  const replace = () => {
    if (pending || (window.history.state && window.history.state.card)) return; // a card keeps its address
    if (player.state.span) { // the span's own address, whatever the time
      if (asked && here() !== asked) window.history.replaceState({ ...window.history.state }, "", asked);
      return;
    }
    moved = moved || Math.abs(player.time() - first.t) > 0.5;
    if (!moved) return;
    const url = address(player.time(), NaN);
    if (here() !== url) window.history.replaceState({ ...window.history.state, t: player.time(), end: NaN }, "", url);
  };
  player.on("seeked", replace);
  player.on("pause", replace);
  player.on("spanchange", (span) => {
    if (span || pending) return;
    asked = null;
    moved = true; // lifted: the address becomes a plain start
    replace();
  });

  /* Back and Forward: the entry's own time, or the one its address says; none between two
   * entries of one moment. */
  window.addEventListener("popstate", (event) => {
    const state = event.state;
    if (state && state.m !== undefined && state.m === moment) return;
    if (state) moment = state.m;
    if (state && isFinite(state.t)) seekTo(state.t, state.end);
    else if (TIME_PAIR.test(location.hash)) return; // hashchange follows and reads it
    else {
      const span = parseSpan(new URLSearchParams(location.search).get("t"));
      if (span && isFinite(span.start)) seekTo(span.start, span.end);
    }
    asked = player.state.span ? here() : null;
  });

  /* #t= media fragments (W3C Media Fragments 1.0: an invalid one is ignored; fragment.js, only
   * for an address that has one), and ?t= in the static export (read as the server reads it). */
  async function applyHash() {
    if (!location.hash.includes("=")) return undefined;
    const span = (await import("./fragment.js")).mediaFragment(location.hash.slice(1));
    return span ? applyTime(span, location.hash.slice(1)) : undefined;
  }
  function applyTime(span, raw) {
    const total = player.length();
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
    asked = player.state.span ? here() : null;
    return span.start;
  }
  window.addEventListener("hashchange", applyHash);
  const raw = query && !TIME_PAIR.test(location.hash) && new URLSearchParams(location.search).get("t");
  const initial = raw && raw.trim() !== "" ? async () => applyTime(parseSpan(raw), raw) : applyHash;
  initial().then((target) => {
    if (target !== undefined) first.t = target; // the link's own address stays until the viewer moves
    // the <video>'s own media fragment (#t= of its src, the server's start) is applied with its
    // metadata, after a seek asked before them: ask again then
    const video = player.element;
    if (target !== undefined && video && video.readyState < 1) {
      video.addEventListener("loadedmetadata", () => {
        if (Math.abs(player.time() - target) > 0.5) initial();
      }, { once: true });
    }
  });

  return {
    place(url, state) {
      window.history.replaceState({ ...window.history.state, t: player.time(), end: spanEnd(), m: moment }, "");
      window.history.pushState({ ...state, t: player.time(), end: spanEnd(), m: moment }, "", url);
    },
  };
}
