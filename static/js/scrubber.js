/* The scrubber: one role="slider" over the whole recording, split into chapter segments, with
 * a tooltip (time, chapter, thumbnail), the span being played, and the keys of the slider
 * pattern. A pointer drag previews and seeks on release, never on the first touch. */

import { clock, spoken } from "./time.js";
import { part } from "./dom.js";

const MIN_GAP_PX = 6; // closer chapter starts share one gap: 80 chapters stay readable
const STEP = 5; // seconds per arrow key

export function scrubber(player, { el, chapters }) {
  const played = part(el, "played"), buffered = part(el, "buffered"), knob = part(el, "knob");
  const gaps = part(el, "gaps"), hoverSeg = part(el, "hover-seg"), mark = part(el, "span-mark");
  const tip = part(el, "scrub-tip"), tipThumb = document.createElement("img");
  const tipTitle = part(el, "tip-title"), tipTime = part(el, "tip-time");
  let preview = NaN; // where a drag would seek, while dragging
  Object.assign(tipThumb, { alt: "", width: 160, height: 90, hidden: true });
  tip.prepend(tipThumb);

  const length = () => player.length();
  const pct = (t) => `${Math.min(100, Math.max(0, (100 * t) / length()))}%`;
  const timeAt = (clientX) => {
    const box = el.getBoundingClientRect();
    return Math.min(1, Math.max(0, (clientX - box.left) / box.width)) * length();
  };

  function layout() {
    const d = length();
    if (!isFinite(d)) return;
    el.setAttribute("aria-valuemax", String(Math.round(d)));
    const width = el.getBoundingClientRect().width;
    let last = 0;
    gaps.replaceChildren();
    for (const c of chapters.all) {
      const x = (width * c.start) / d;
      if (x - last < MIN_GAP_PX || x > width - MIN_GAP_PX) continue;
      last = x;
      const gap = document.createElement("span");
      gap.className = "gap";
      gap.style.left = pct(c.start);
      gaps.append(gap);
    }
    drawSpan(player.state.span);
    draw();
  }

  function draw() {
    const t = isFinite(preview) ? preview : player.time();
    played.style.width = pct(player.time());
    knob.style.left = pct(t);
    buffered.style.width = pct(player.buffered());
  }

  /** The slider's value in words; set on seeks, focus and keys, never while playing. */
  function describe(t = player.time()) {
    const chapter = chapters.at(t);
    el.setAttribute("aria-valuenow", String(Math.round(t)));
    el.setAttribute("aria-valuetext",
      `${spoken(t)} sur ${spoken(length())}${chapter ? ", " + chapter.title : ""}`);
  }

  function showTip(t) {
    const chapter = chapters.at(t);
    tipTime.textContent = clock(t);
    tipTitle.textContent = chapter ? chapter.title : "";
    tipThumb.hidden = !(chapter && chapter.thumb);
    if (chapter && chapter.thumb && tipThumb.getAttribute("src") !== chapter.thumb) tipThumb.src = chapter.thumb;
    if (chapter) {
      const end = isFinite(chapter.end) ? chapter.end : length();
      hoverSeg.style.left = pct(chapter.start);
      hoverSeg.style.width = `calc(${pct(end)} - ${pct(chapter.start)})`;
    }
    tip.hidden = false;
    hoverSeg.hidden = false;
    const box = el.getBoundingClientRect();
    const x = (box.width * t) / length();
    const half = tip.offsetWidth / 2;
    tip.style.left = `${Math.min(box.width - half, Math.max(half, x))}px`;
  }
  function hideTip() {
    if (el.matches(":focus-visible") || isFinite(preview)) return;
    tip.hidden = true;
    hoverSeg.hidden = true;
  }

  function seek(t) {
    const d = length();
    t = Math.min(Math.max(0, t), isFinite(d) ? d : t);
    player.seek(t);
    describe(t);
    if (el.matches(":focus-visible")) showTip(t);
  }

  el.addEventListener("keydown", (event) => {
    const t = player.time();
    const next = chapters.step(1), previous = chapters.step(-1);
    const target = {
      ArrowLeft: t - STEP, ArrowDown: t - STEP, ArrowRight: t + STEP, ArrowUp: t + STEP,
      Home: 0, End: length(),
      PageUp: next ? next.start : NaN, PageDown: previous ? previous.start : NaN,
    }[event.key];
    if (target === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    event.stopPropagation(); // the page's own keys must not move it a second time
    if (isFinite(target)) seek(target);
  });
  el.addEventListener("focus", () => { describe(); if (el.matches(":focus-visible")) showTip(player.time()); });
  el.addEventListener("blur", () => { tip.hidden = true; hoverSeg.hidden = true; });

  el.addEventListener("pointermove", (event) => {
    if (isFinite(preview)) {
      preview = timeAt(event.clientX);
      draw();
    }
    if (isFinite(preview) || event.pointerType === "mouse") showTip(timeAt(event.clientX));
  });
  el.addEventListener("pointerleave", hideTip);
  el.addEventListener("pointerdown", (event) => {
    if (event.button) return;
    el.setPointerCapture(event.pointerId);
    preview = timeAt(event.clientX);
    el.classList.add("dragging");
    showTip(preview);
    draw();
  });
  el.addEventListener("pointerup", () => {
    if (!isFinite(preview)) return;
    const t = preview;
    preview = NaN;
    el.classList.remove("dragging");
    seek(t);
    hideTip();
  });
  el.addEventListener("pointercancel", () => {
    preview = NaN;
    el.classList.remove("dragging");
    hideTip();
    draw();
  });

  function drawSpan(span) {
    mark.hidden = !span || !isFinite(length());
    if (span) {
      mark.style.left = pct(span.start);
      mark.style.width = `calc(${pct(span.end)} - ${pct(span.start)})`;
    }
  }
  player.on("spanchange", drawSpan);
  player.on("timeupdate", draw);
  player.on("progress", draw);
  player.on("seeked", () => { draw(); describe(); });
  player.on("pause", () => describe());
  player.on("loadedmetadata", layout);
  player.on("durationchange", layout);
  new ResizeObserver(layout).observe(el);
  layout();
  describe();
}
