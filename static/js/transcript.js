/* The "Transcription" tab, fetched (htmx) and imported the first time the tab opens.
 *
 * Every cue is a link <a href="?t=…" data-seek data-to>: history.js seeks on click. Here: the
 * line being played is marked (aria-current) and kept in view until the viewer scrolls ("Suivre
 * la lecture" brings it back); one "Copier le lien" button goes to the focused or hovered line;
 * a selection across lines offers "Partager cet extrait" (?t=start,end); the text size is
 * remembered. The lines form one tab stop (↑ ↓ Home End move, Shift selects): two thousand
 * stops would trap a keyboard user. */

import { clock, linkTime } from "./time.js";
import { copyText, LINK } from "./copy.js";
import { part } from "./dom.js";
import { loadStylesheet } from "./stylesheet.js";
import { shareDialog } from "./extract.js";

const SIZES = [0.875, 1, 1.125, 1.25, 1.5, 1.75]; // rem
const SIZE_KEY = "transcript-text-size";
const reduceMotion = () => window.matchMedia("(prefers-reduced-motion: reduce)").matches;

function storedSize() {
  try {
    const i = SIZES.indexOf(parseFloat(window.localStorage.getItem(SIZE_KEY)));
    return i < 0 ? 1 : i;
  } catch (error) {
    return 1;
  }
}

/** The transcript's stylesheet (not part of the first load either), once. */
const stylesheet = () => loadStylesheet(new URL("../css/transcript.css", import.meta.url).pathname);

/** Fetch the transcript into `holder` (its hx-* attributes say how) and bring it to life;
 * `stage`: the player, which a phone keeps at the top while the page scrolls. */
export function transcript(player, { holder, panel, stage, lib }) {
  let ready = false;
  let styled = false;
  const style = stylesheet().then(() => { styled = true; });
  holder.addEventListener("htmx:afterSettle", async () => {
    if (ready) return;
    ready = true;
    if (!styled) {
      // the words wait for their stylesheet rather than show unstyled
      holder.style.visibility = "hidden";
      await style;
      holder.style.visibility = "";
    }
    holder.removeAttribute("aria-busy");
    const root = part(holder, "transcript");
    if (root) setUp(player, root, panel, stage);
  });
  const failed = () => {
    holder.removeAttribute("aria-busy");
    const p = document.createElement("p");
    p.className = "transcript-message";
    const a = holder.querySelector(".tr-nojs a");
    p.append("La transcription n'a pas pu être chargée ici. ");
    if (a) p.append(a);
    holder.replaceChildren(p);
  };
  holder.addEventListener("htmx:responseError", failed);
  holder.addEventListener("htmx:sendError", failed);
  // htmx may have come after the page's own start: have it read the holder's attributes
  lib.process(holder);
  lib.trigger(holder, "show-transcript");
}

function setUp(player, root, panel, stage) {
  const lines = [...root.querySelectorAll("a[data-to]")];
  if (!lines.length) return;
  const starts = lines.map((a) => parseFloat(a.getAttribute("data-seek")));
  const ends = lines.map((a) => parseFloat(a.getAttribute("data-to")));
  const indexOf = new Map(lines.map((a, i) => [a, i]));
  const base = new URL(lines[0].href).pathname; // the watch page: /w/<id>
  const tools = root.querySelector(".tr-tools");
  const follow = root.querySelector(".tr-follow");
  const status = root.querySelector(".tr-status");
  tools.hidden = false;
  root.classList.add("live");

  /* ---------- one tab stop over the lines ---------- */

  let stop = 0;
  lines.forEach((a, i) => { a.tabIndex = i === 0 ? 0 : -1; });
  function setTabStop(i) {
    if (i === stop || i < 0) return;
    lines[stop].tabIndex = -1;
    lines[i].tabIndex = 0;
    stop = i;
  }

  /* ---------- the line being played, kept in view ---------- */

  let current = -1;
  let following = true;

  function indexAt(t) {
    let lo = 0, hi = starts.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= t + 0.05) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  /** The element that scrolls the transcript: its panel (laptop) or else the page (phone). */
  function scroller() {
    const overflow = getComputedStyle(panel).overflowY;
    return (overflow === "auto" || overflow === "scroll") && panel.scrollHeight > panel.clientHeight ? panel : null;
  }

  // the stylesheet keeps the tools in view where the panel scrolls by itself
  const ownScroll = () => {
    const overflow = getComputedStyle(panel).overflowY;
    root.classList.toggle("in-panel", overflow === "auto" || overflow === "scroll");
  };
  ownScroll();
  window.addEventListener("resize", ownScroll);

  function reveal(line, { force = false, instant = false } = {}) {
    if (panel.hidden || !line.offsetParent) return;
    const behavior = instant || reduceMotion() ? "auto" : "smooth";
    const r = line.getBoundingClientRect();
    const box = scroller();
    if (box) {
      const b = box.getBoundingClientRect();
      // below the tools, which stay at the panel's top
      const top = b.top + (root.classList.contains("in-panel") ? tools.offsetHeight : 0), bottom = b.bottom - 48;
      if (!force && r.top >= top && r.bottom <= bottom) return;
      box.scrollTo({ top: box.scrollTop + r.top - top - (bottom - top) / 3, behavior });
    } else {
      // the page scrolls: keep the line below the player, which stays at the top on a phone
      const top = stage && getComputedStyle(stage).position === "sticky" ? stage.getBoundingClientRect().bottom : 0;
      const bottom = window.innerHeight - 48;
      if (!force && r.top >= top && r.bottom <= bottom) return;
      window.scrollTo({ top: window.scrollY + r.top - top - (window.innerHeight - top) / 3, behavior });
    }
  }

  function update() {
    const i = indexAt(player.time());
    if (i === current) return;
    if (current >= 0) lines[current].removeAttribute("aria-current");
    current = i;
    if (i < 0) return;
    lines[i].setAttribute("aria-current", "true");
    if (!root.contains(document.activeElement)) setTabStop(i);
    if (following) reveal(lines[i]);
  }
  player.on("timeupdate", update);
  player.on("seeked", update);

  function setFollowing(on) {
    following = on;
    follow.hidden = on;
  }
  /* The viewer scrolls (wheel, touch, keys, scroll bar): stop following until asked. */
  const viewerScrolls = (event) => {
    if (!following || panel.hidden) return;
    if (panel.contains(event.target) || !scroller()) setFollowing(false);
  };
  window.addEventListener("wheel", viewerScrolls, { passive: true });
  window.addEventListener("touchmove", viewerScrolls, { passive: true });
  panel.addEventListener("pointerdown", (event) => { if (event.target === panel) setFollowing(false); });
  panel.addEventListener("keydown", (event) => {
    if (event.target.tagName === "BUTTON" || event.target.tagName === "INPUT") return;
    if (["PageUp", "PageDown", "Home", "End", "ArrowUp", "ArrowDown", " "].includes(event.key)) setFollowing(false);
  });
  follow.addEventListener("click", () => {
    setFollowing(true);
    if (current >= 0) {
      reveal(lines[current], { force: true });
      setTabStop(current);
      lines[current].focus({ preventScroll: true });
    }
  });
  // a drag that selected words inside one line ends in a click on it: that is no seek
  root.addEventListener("click", (event) => {
    const selection = window.getSelection();
    const link = event.target.closest && event.target.closest("a");
    if (link && event.detail > 0 && !selection.isCollapsed && root.contains(selection.anchorNode)) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);
  // a line followed by a click is where the viewer wants to be: follow from there
  root.addEventListener("click", (event) => {
    if (indexOf.has(event.target.closest && event.target.closest("a[data-to]"))) setFollowing(true);
  });
  panel.addEventListener("tabshow", () => { if (following && current >= 0) reveal(lines[current], { instant: true }); });

  /* ---------- text size ---------- */

  const smaller = root.querySelector(".tr-smaller"), larger = root.querySelector(".tr-larger");
  let size = storedSize();
  function applySize() {
    root.style.setProperty("--tr-size", `${SIZES[size]}rem`);
    smaller.disabled = size === 0;
    larger.disabled = size === SIZES.length - 1;
  }
  function resize(step) {
    size = Math.min(SIZES.length - 1, Math.max(0, size + step));
    applySize();
    try { window.localStorage.setItem(SIZE_KEY, String(SIZES[size])); } catch (error) { /* private mode */ }
    if (following && current >= 0) reveal(lines[current], { instant: true });
  }
  smaller.addEventListener("click", () => resize(-1));
  larger.addEventListener("click", () => resize(1));
  applySize();

  /* ---------- floating buttons, placed in the text after the line they act on ---------- */

  function floating(className, text) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = className;
    button.hidden = true;
    button.textContent = text;
    return button;
  }
  /** Put `el` just after `line` (so Tab reaches it next), under `rect`: its right end under
   * the rectangle's right end, or (centred) its middle there. */
  function place(el, line, rect, centred, above) {
    // moving a node takes its focus away: never while it has it
    if (el.previousElementSibling !== line && document.activeElement !== el) line.after(el);
    el.hidden = false;
    const box = root.getBoundingClientRect();
    const x = rect.right - (centred ? el.offsetWidth / 2 : el.offsetWidth);
    const left = Math.max(0, Math.min(x - box.left, root.clientWidth - el.offsetWidth - 4));
    el.style.left = `${left}px`;
    el.style.top = `${(above ? above.top - el.offsetHeight - 4 : rect.bottom + 2) - box.top}px`;
  }
  /** The bottom of what is in view of the transcript ("Suivre la lecture" floats there). */
  const viewBottom = () => (scroller() ? panel.getBoundingClientRect().bottom : window.innerHeight);
  const lastRect = (node) => { const rects = node.getClientRects(); return rects[rects.length - 1]; };

  /* "Copier le lien" on the focused or hovered line. */
  const copy = floating("tr-copy", "Copier le lien");
  const copyTime = document.createElement("span");
  copyTime.className = "visually-hidden";
  copy.append(copyTime);
  let copyLine = null, hoverTimer = 0;
  function showCopy(line) {
    // a selection's "Partager cet extrait" takes the place under the line's end
    if (!line || document.activeElement === copy || passage) return;
    copyLine = line;
    copyTime.textContent = ` de la ligne à ${clock(starts[indexOf.get(line)])}`;
    const rect = lastRect(line);
    if (rect) place(copy, line, rect, false);
  }
  root.addEventListener("focusin", (event) => {
    if (indexOf.has(event.target)) {
      setTabStop(indexOf.get(event.target));
      showCopy(event.target);
    }
  });
  root.addEventListener("focusout", (event) => {
    if (!root.contains(event.relatedTarget)) copy.hidden = true;
  });
  root.addEventListener("mouseover", (event) => {
    if (event.target === copy) return clearTimeout(hoverTimer);
    const line = event.target.closest && event.target.closest("a[data-to]");
    if (!line || line === copyLine && !copy.hidden) return;
    clearTimeout(hoverTimer);
    // a short wait: the pointer on its way to the button may cross another line
    hoverTimer = setTimeout(() => showCopy(line), 150);
  });
  root.addEventListener("mouseleave", () => {
    clearTimeout(hoverTimer);
    if (!root.contains(document.activeElement)) copy.hidden = true;
  });
  copy.addEventListener("click", () => {
    if (copyLine) copyText(location.origin + copyLine.getAttribute("href"), status, LINK);
  });

  /* "Partager cet extrait" for a selection across lines. */
  const share = floating("tr-share", "Partager cet extrait");
  share.addEventListener("mousedown", (event) => event.preventDefault()); // keep the selection
  let passage = null, dragging = false, pending = 0, anchor = null;

  const edge = (line, end) => {
    const text = line.firstChild || line;
    return [text, end ? (text.length ?? text.childNodes.length) : 0];
  };
  /** The first and last lines with selected text, or null. */
  function selectedLines() {
    const selection = window.getSelection();
    if (!selection.rangeCount || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!root.contains(range.commonAncestorContainer)) return null;
    // the lines are in document order: two binary searches
    let lo = 0, hi = lines.length - 1, first = lines.length;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (range.comparePoint(...edge(lines[mid], true)) >= 0) { first = mid; hi = mid - 1; } else lo = mid + 1;
    }
    lo = 0; hi = lines.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (range.comparePoint(...edge(lines[mid], false)) <= 0) { last = mid; lo = mid + 1; } else hi = mid - 1;
    }
    // a boundary exactly at a line's end (or start) selects none of it
    if (first < lines.length) {
      const [node, offset] = edge(lines[first], true);
      if (range.startContainer === node && range.startOffset === offset) first += 1;
    }
    if (last >= 0) {
      const [node, offset] = edge(lines[last], false);
      if (range.endContainer === node && range.endOffset === offset) last -= 1;
    }
    return first <= last ? { first, last, range } : null;
  }
  function showShare() {
    pending = 0;
    const found = dragging ? null : selectedLines();
    if (!found) {
      const had = passage;
      passage = null;
      if (document.activeElement !== share) share.hidden = true;
      if (had && indexOf.has(document.activeElement)) showCopy(document.activeElement);
      return;
    }
    if (document.activeElement !== copy) copy.hidden = true;
    passage = { start: starts[found.first], end: ends[found.last], first: found.first, last: found.last };
    const rect = lastRect(found.range) || lastRect(lines[found.last]);
    // near the bottom of the view, above the selection, clear of "Suivre la lecture"
    const low = rect.bottom + 5.5 * parseFloat(getComputedStyle(root).fontSize) > viewBottom();
    place(share, lines[found.last], rect, true, low ? found.range.getClientRects()[0] : null);
  }
  const later = () => { if (!pending) pending = requestAnimationFrame(showShare); };
  document.addEventListener("selectionchange", later);
  // scrolled near the bottom of the view, the button goes above the selection (and back)
  const rescroll = () => { if (passage) later(); };
  panel.addEventListener("scroll", rescroll, { passive: true });
  window.addEventListener("scroll", rescroll, { passive: true });
  root.addEventListener("pointerdown", (event) => { if (event.button === 0 && event.target !== share) dragging = true; });
  window.addEventListener("pointerup", () => { if (dragging) { dragging = false; showShare(); } });
  // text, not links, is what a drag across the lines should take
  root.addEventListener("dragstart", (event) => event.preventDefault());

  /** Select lines a..b (either order) from the keyboard. */
  function selectLines(a, b) {
    const [from, to] = a <= b ? [a, b] : [b, a];
    const range = document.createRange();
    range.setStart(...edge(lines[from], false));
    range.setEnd(...edge(lines[to], true));
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  root.addEventListener("keydown", (event) => {
    const i = indexOf.get(event.target);
    if (i === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
    const next = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: lines.length - 1 }[event.key];
    if (next === undefined || next < 0 || next >= lines.length) return;
    event.preventDefault();
    setTabStop(next);
    lines[next].focus();
    if (event.shiftKey) {
      if (anchor === null) anchor = i;
      selectLines(anchor, next);
      cancelAnimationFrame(pending);
      showShare(); // now, not on the next frame: Tab may come at once
    } else if (anchor !== null) {
      anchor = null;
      window.getSelection().removeAllRanges();
    }
  });

  const dialog = shareDialog();
  root.append(dialog.element);
  share.addEventListener("click", () => {
    if (!passage) return;
    // whole seconds, as the notation other sites read: the start rounded down, the end up
    const href = `${location.origin}${base}?t=${linkTime(passage.start)},${linkTime(passage.end, true)}`;
    dialog.open(href, passage, `${lines[passage.first].textContent} … ${lines[passage.last].textContent}`);
  });

  applyInitial();
  function applyInitial() {
    update();
    if (current >= 0) reveal(lines[current], { instant: true });
  }
}
