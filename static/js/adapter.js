/* One interface over the page's <video> and each video site's embedded player.
 *
 * Every module talks to the recording through the object made here: play(), pause(), seek(t),
 * time(), duration(), on(event, fn). It also carries the page's shared state (the span being
 * played, the chapter shown) and relays the page's own events ("spanchange", "chapterchange").
 */

const MEDIA_EVENTS = [
  "play", "pause", "seeking", "seeked", "timeupdate", "durationchange", "loadedmetadata",
  "ended", "volumechange", "ratechange", "progress",
];

function html5(video, emit) {
  MEDIA_EVENTS.forEach((name) => video.addEventListener(name, () => emit(name)));
  // Without a script the media fragment's end (#t=a,b) stops the span; the browser cannot be
  // told to lift that stop, so span.js takes it over and the address keeps only the start.
  const src = video.getAttribute("src") || "";
  if (/#t=[^,]*,/.test(src)) video.setAttribute("src", src.replace(/(#t=[^,]*),.*$/, "$1"));
  return {
    kind: "html5",
    element: video,
    play() { const p = video.play(); if (p && p.catch) p.catch(() => {}); },
    pause() { video.pause(); },
    paused: () => video.paused,
    seek(t) { video.currentTime = t; },
    time: () => video.currentTime,
    duration: () => (isFinite(video.duration) ? video.duration : NaN),
    buffered() {
      const b = video.buffered, t = video.currentTime;
      for (let i = 0; i < b.length; i++) if (b.start(i) <= t && t <= b.end(i)) return b.end(i);
      return 0;
    },
    muted(value) { if (value !== undefined) video.muted = value; return video.muted; },
    volume(value) { if (value !== undefined) video.volume = value; return video.volume; },
    rate(value) { if (value !== undefined) video.playbackRate = value; return video.playbackRate; },
  };
}

/** The player for the element carrying data-webinar (a <video>, or an embed's box). */
export async function createPlayer(element) {
  const listeners = {};
  const emit = (name, detail) => (listeners[name] || []).slice().forEach((fn) => fn(detail));
  const kind = element.getAttribute("data-adapter") || "html5";
  // a site's adapter is fetched only on pages that embed that site
  const base = kind === "html5" ? html5(element, emit) : (await import("./embeds.js"))[kind](element, emit);
  const player = Object.assign(base, {
    on(name, fn) { (listeners[name] = listeners[name] || []).push(fn); },
    emit,
    state: { span: null, chapter: null },
    /** Play [start, end] and stop there; null lifts the stop. */
    setSpan(span) {
      player.state.span = span;
      emit("spanchange", span);
    },
    /** The known duration: the media's, else the one the data file gives. */
    length() {
      const d = player.duration();
      return isFinite(d) && d > 0 ? d : parseFloat(element.getAttribute("data-duration")) || NaN;
    },
  });
  window.WebinarPlayer = { player }; // for the tests and the console
  return player;
}
