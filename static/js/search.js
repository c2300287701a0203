/* Search as you type. The box is a plain GET form (it works without this script); htmx, fetched
 * on the box's first focus or keystroke, swaps the results in under it (data-hx-* on the input).
 * On the watch page the transcript's hits are marked on the scrubber while results are shown.
 * The search pages start it from search-page.js, the watch page from main.js.
 * In the static export (form[data-search-index]) no server answers: the index is fetched on
 * first use and searched in the browser (search-index.js), with the same results markup. */

import { loadHtmx } from "./htmx.js";

const BUCKET = 0.25; // % of the scrubber: closer hits share one mark

/** Wire a search box: `player` and `scrubber` on the watch page only (null elsewhere). */
export function search(player, { form, results, scrubber = null }) {
  const input = form.querySelector("input[type=search]");
  const status = form.parentElement.querySelector("[role=status]");
  const onPage = form.hasAttribute("data-search-page");
  const indexes = (form.getAttribute("data-search-index") || "").split(" ").filter(Boolean);
  const offline = indexes.length > 0;
  if (offline && onPage) { // the address's ?q=, which no server has answered
    const q = new URLSearchParams(location.search).get("q");
    if (q) input.value = q;
  }
  const asked = offline ? "" : input.value; // what the page was rendered for
  let times = [];
  let marks = null;
  let index = null; // offline: the promise of the searcher
  let pending = 0; // offline: the last search asked
  let typing = 0;

  let started = false;
  function start() {
    if (started) return;
    started = true;
    if (offline) {
      index = import("./search-index.js").then((m) => m.loadIndex(indexes));
      if (input.value !== asked) run();
      return;
    }
    loadHtmx(form.getAttribute("data-htmx")).then((htmx) => {
      // keys typed while htmx was on its way: search them now
      if (input.value !== asked) htmx.trigger(input, "search");
    }, () => { /* no htmx: the form still submits as a page */ });
  }
  if (form.contains(document.activeElement)) start();
  else {
    input.addEventListener("focus", start, { once: true });
    input.addEventListener("input", start, { once: true });
  }

  /** Offline: search the index and show the answer as the server's would be swapped in. */
  function run() {
    const text = input.value;
    const asking = ++pending;
    index.then((searcher) => {
      if (asking !== pending) return; // a later keystroke asked again
      results.replaceChildren(searcher.answer(text, { heading: onPage ? 2 : 3, inPlayer: !onPage, one: !form.hasAttribute("data-search-all") }));
      update();
    }, () => failed());
  }
  if (offline) {
    input.addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(() => { start(); run(); }, 200); });
  }

  form.addEventListener("submit", (event) => {
    if (offline) {
      event.preventDefault();
      start();
      run();
      return;
    }
    if (!window.htmx) return; // the plain form: the search page opens
    event.preventDefault();
    // Enter fires the "search" event itself where type=search has it (Chromium, Safari)
    if (!("onsearch" in input)) window.htmx.trigger(input, "search");
  });

  /** The transcript's hits as marks on the scrubber, where the viewer sees them in the hours. */
  function draw() {
    if (!player || !scrubber) return;
    const length = player.length();
    const shown = results.getClientRects().length > 0; // not in a hidden tab
    if (!times.length || !shown || !isFinite(length) || length <= 0) {
      if (marks) marks.remove();
      marks = null;
      return;
    }
    if (!marks) {
      marks = document.createElement("div");
      marks.className = "hits";
      marks.setAttribute("aria-hidden", "true"); // the result links say the same, in words
    }
    if (!marks.isConnected) scrubber.insertBefore(marks, scrubber.querySelector(".knob")); // under the knob
    const seen = new Set();
    const spans = [];
    for (const t of times) {
      const pct = Math.min(100, Math.max(0, (100 * t) / length));
      const bucket = Math.round(pct / BUCKET);
      if (seen.has(bucket)) continue;
      seen.add(bucket);
      const hit = document.createElement("span");
      hit.className = "hit";
      hit.style.left = `${pct}%`;
      spans.push(hit);
    }
    marks.replaceChildren(...spans);
  }

  function update(swapped = true) {
    const answer = results.querySelector("[data-summary]");
    if (status && swapped) status.textContent = answer ? answer.getAttribute("data-summary") : "";
    times = ((answer && answer.getAttribute("data-hit-times")) || "")
      .split(" ").filter(Boolean).map(Number).filter(isFinite);
    draw();
    if (onPage && swapped) { // the address says what is shown: reload and share keep it
      const q = input.value.trim();
      window.history.replaceState(window.history.state, "", q ? `${location.pathname}?q=${encodeURIComponent(q)}` : location.pathname);
    }
  }

  const ours = (event) => event.detail && (event.detail.target === results || event.detail.elt === input);
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    if (!ours(event)) return;
    const code = event.detail.xhr.status;
    if (code === 400) { // a query over the limit: its answer is a sentence to show
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.body.addEventListener("htmx:afterSwap", (event) => { if (event.detail.target === results) update(); });
  const failed = (event) => {
    if (event && (!ours(event) || event.detail.xhr.status === 400)) return;
    const line = document.createElement("p");
    line.className = "search-message search-problem";
    line.textContent = "La recherche n'a pas pu répondre : réessayez dans un instant.";
    results.replaceChildren(line);
    times = [];
    draw();
    if (status) status.textContent = line.textContent;
  };
  document.body.addEventListener("htmx:responseError", failed);
  document.body.addEventListener("htmx:sendError", failed);

  if (player) {
    player.on("durationchange", draw);
    player.on("loadedmetadata", draw);
    // a tab shown in the side column may hide the results, or show them again
    document.addEventListener("tabshow", () => requestAnimationFrame(draw));
  }
  update(false);
  if (offline && input.value) start(); // the search page, opened at ?q=
  return { clear() { times = []; draw(); } };
}
