/* The audience measure (README), loaded by main.js on the first play. The view id lives here
 * only: no cookie, no storage. */

const PATHS = { chapitres: "chapter", intervenants: "speaker", questions: "question" };

function opens(a, webinar) {
  const said = a.getAttribute("data-audience-open"), c = a.getAttribute("data-chapter");
  if (said) return said.split(/:(.*)/s);
  if (c) return ["chapter", c];
  const m = new URL(a.href).pathname.match(/\/w\/([^/]+)\/(chapitres|intervenants|questions)\/([^/.]+)/);
  return m && m[1] === webinar ? [PATHS[m[2]], decodeURIComponent(m[3])] : null;
}

/** `early`: clicks and submits before this module came; `from`: where the first play started. */
export function audience(player, { url, webinar, early = [], from }) {
  if (navigator.globalPrivacyControl || navigator.doNotTrack === "1") return;
  const view = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))))
    .replace(/\+/g, "-").replace(/\//g, "_").slice(0, 22);
  let seq = 0, played = [], opened = [], timer = 0, typing = 0, last = "";
  let range = player.paused() ? null : [from ?? player.time(), player.time()];

  // `goOn`: a beacon amid a play, which goes on from the range's end
  const close = (goOn) => {
    if (range && range[1] - range[0] >= 0.1) played.push(range.map((t) => Math.round(t * 10) / 10));
    range = goOn && range ? [range[1], range[1]] : null;
  };
  const send = (final, always) => {
    close(true);
    if (!played.length && !opened.length && !final && !always) return;
    const body = JSON.stringify({ v: 1, w: webinar, view, seq: seq++, played, opened, final });
    played = []; opened = [];
    navigator.sendBeacon(url, new Blob([body], { type: "text/plain;charset=UTF-8" }));
  };
  const full = () => { if (played.length > 199 || opened.length > 49) send(false); };
  // a jump larger than time updates cover at this rate is a seek: a new range
  const extend = (t) => {
    if (range && t >= range[1] && t - range[1] <= 1.5 * Math.max(1, player.rate())) range[1] = t;
    else { close(); range = [t, t]; }
    full();
  };
  const stop = () => { if (range) extend(player.time()); close(); };
  const every = () => { clearInterval(timer); if (!player.paused()) timer = setInterval(send, 180000, false); };
  player.on("timeupdate", () => { if (!player.paused()) extend(player.time()); });
  player.on("seeking", () => { close(); full(); });
  player.on("play", () => { range = range || [player.time(), player.time()]; every(); });
  player.on("pause", () => { stop(); every(); });
  player.on("ended", stop);
  every();

  const searched = (form) => {
    const q = form.querySelector("[type=search]").value.trim();
    if (q && q !== last) { opened.push(["search", (last = q)]); full(); }
  };
  const on = (type, fn) => document.addEventListener(type, fn, true);
  const handle = (e) => {
    const form = e.target.closest?.("form[role=search]");
    if (e.type === "submit" && form) searched(form);
    if (e.type === "input" && form) { clearTimeout(typing); typing = setTimeout(searched, 2000, form); }
    const a = e.type === "click" && e.target.closest?.("a[href]"), what = a && opens(a, webinar);
    if (what?.[1]) { opened.push([what[0], what[1].slice(0, 200)]); full(); }
  };
  early.forEach(handle);
  ["click", "submit", "input"].forEach((type) => on(type, handle));
  addEventListener("pagehide", () => send(true));
  on("visibilitychange", () => { if (document.visibilityState === "hidden") send(true); });
  send(false, true); // at once: the view counts, and the server's bound on its play starts
}
