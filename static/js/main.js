/* The watch page: one adapter over the recording, and one small module per concern.
 * The page works without this script: chapters are plain links carrying ?t=. Each module is
 * given the part of the page it works in. */

import { createPlayer } from "./adapter.js";
import { chapters } from "./chapters.js";
import { controlbar } from "./controlbar.js";
import { copyButtons } from "./copy.js";
import { part } from "./dom.js";
import { history } from "./history.js";
import { currentInView } from "./inview.js";
import { keyboard } from "./keyboard.js";
import { resume } from "./resume.js";
import { scrubber } from "./scrubber.js";
import { span } from "./span.js";
import { tabs } from "./tabs.js";

const stage = part(document, "lecteur"), bar = part(stage, "bar"), timeline = part(bar, "scrubber");
const side = part(document, "cote");
const media = stage.querySelector("[data-webinar]");
const player = await createPlayer(media);
// a static copy of the site (flask freeze): one file for every ?t=, so the script reads it
const frozen = media.hasAttribute("data-static-export");

const list = chapters(player, {
  list: part(side, "chapitres"),
  panel: part(side, "panel"),
  name: part(bar, "chapter-name"),
  htmx: media.getAttribute("data-htmx"),
});
/* The transcript, the slides and the discussion are not part of the first load: each tab fetches
 * its content (htmx) and its script the first time it is shown, then `start` brings it to life. */
function lazyTab(id, holderId, load, start) {
  const panel = part(side, id);
  panel?.addEventListener("tabshow", () => {
    const holder = part(panel, holderId);
    holder.setAttribute("aria-busy", "true");
    Promise.all([import("./htmx.js").then((m) => m.loadHtmx(media.getAttribute("data-htmx"))), load()])
      .then(([lib, m]) => start(m, { holder, panel, lib }), () => holder.removeAttribute("aria-busy"));
  }, { once: true });
}
lazyTab("transcription", "transcript-holder", () => import("./transcript.js"), (m, o) => m.transcript(player, { ...o, stage }));
lazyTab("diapositives", "slides-holder", () => import("./slides.js"), (m, o) => m.slides(player, o));
lazyTab("discussion-tab", "discussion-holder", () => import("./discussion.js"), (m, o) => m.discussion(player, o));
// Search too: its script (and htmx) the first time its tab is shown.
const searchPanel = part(side, "recherche");
searchPanel?.addEventListener("tabshow", () => import("./search.js").then((m) => m.search(player, {
  form: part(searchPanel, "search-form"), results: part(searchPanel, "search-results"), scrubber: timeline,
})), { once: true });
const panes = tabs({ side });
currentInView(player, { list: part(side, "chapitres") });
/** Seek and play from t, as a chapter's own link does (without a history entry). */
const go = (t) => { player.seek(t); player.play(); player.setSpan(null); };

const controls = controlbar(player, {
  bar,
  stage,
  onChapterList() {
    panes.open("chapitres");
    const current = player.state.chapter;
    if (current) current.link.focus();
  },
});
scrubber(player, { el: timeline, chapters: list });
span(player, { line: part(stage, "span-line"), times: part(stage, "span-times"), button: part(stage, "span-continue") });
keyboard(player, { chapters: list, bar: controls, root: bar, go });
// the share dialog's script comes with the first click on its button: not part of the first load
const shareOpener = part(bar, "share-open");
shareOpener.addEventListener("click", () => import("./share.js").then((m) => {
  m.share(player, {
    chapters: list, base: media.getAttribute("data-base"), dialog: part(document, "share-dialog"), opener: shareOpener,
  });
  shareOpener.click(); // the dialog's own handler now opens it for this first click
}), { once: true });
resume(player, {
  key: `webinar-position:${media.getAttribute("data-webinar")}`,
  offer: part(document, "resume"),
  explicit: media.getAttribute("data-explicit-time") === "true" || /[#&]t=/.test(location.hash)
    || (frozen && new URLSearchParams(location.search).has("t")),
  go,
});
copyButtons(document);
// Fetched when needed: the "Télécharger" menu's keys and clicks, the device's controls
const menu = part(document, "telecharger");
// the menu's last key, for menu.js: an Esc pressed while it was on its way still closes the menu
let escaped = false;
menu?.addEventListener("keydown", (event) => { escaped = event.key === "Escape"; });
for (const type of ["pointerover", "focusin"]) {
  menu?.addEventListener(type, () => import("./menu.js").then((m) => m.menu(menu, () => escaped)), { once: true });
}
if ("mediaSession" in navigator && player.kind === "html5") {
  media.addEventListener("play", () => import("./media-session.js").then((m) => m.mediaSession(player, { chapters: list, go })), { once: true });
}

const start = parseFloat(media.getAttribute("data-start")) || 0;
const end = parseFloat(media.getAttribute("data-end"));
if (isFinite(end)) player.setSpan({ start, end });
const addresses = history(player, { base: media.getAttribute("data-base"), notice: part(document, "hash-notice"), start, query: frozen });

// The audience measure (audience.js): fetched on the first play only, where the page names a
// collecting address and the browser does not refuse (GPC, Do Not Track); clicks and searches
// before it are kept for it.
const collect = media.getAttribute("data-audience");
if (collect && !navigator.globalPrivacyControl && navigator.doNotTrack !== "1") {
  const early = [], keep = (e) => early.length < 50 && early.push(e);
  ["click", "submit"].forEach((type) => document.addEventListener(type, keep, true));
  let loaded = false;
  player.on("play", () => {
    if (loaded) return;
    loaded = true;
    const from = player.time();
    import("./audience.js").then((m) => {
      ["click", "submit"].forEach((type) => document.removeEventListener(type, keep, true));
      m.audience(player, { url: collect, webinar: media.getAttribute("data-webinar"), early, from });
    });
  });
}

// A speaker's name in the side column opens their card there (speakers.js, on the first click).
let cards = null;
side.addEventListener("click", (event) => {
  const a = event.target.closest("a[data-speaker-card]");
  // (the embeddable player opens it in a new tab, framed.js: the host page's history is not ours)
  if (!a || a.target === "_blank" || event.button || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  cards = cards || import("./speakers.js").then((m) => m.speakerCards({ side, htmx: media.getAttribute("data-htmx"), place: addresses.place }));
  cards.then((c) => c.open(a)).catch(() => { location.href = a.href; });
});
