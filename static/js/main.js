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
import { share } from "./share.js";
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
// The transcript is not part of the first load: its tab fetches it (htmx) and its script the
// first time it is shown.
const transcriptPanel = part(side, "transcription");
if (transcriptPanel) {
  transcriptPanel.addEventListener("tabshow", async () => {
    const holder = part(transcriptPanel, "transcript-holder");
    holder.setAttribute("aria-busy", "true");
    try {
      const [lib, module] = await Promise.all([
        import("./htmx.js").then((m) => m.loadHtmx(media.getAttribute("data-htmx"))), import("./transcript.js"),
      ]);
      module.transcript(player, { holder, panel: transcriptPanel, stage, lib });
    } catch (error) {
      holder.removeAttribute("aria-busy");
    }
  }, { once: true });
}
// The slides too: their list (htmx) and their script the first time the tab is shown.
const slidesPanel = part(side, "diapositives");
slidesPanel?.addEventListener("tabshow", () => {
  const holder = part(slidesPanel, "slides-holder");
  holder.setAttribute("aria-busy", "true");
  Promise.all([
    import("./htmx.js").then((m) => m.loadHtmx(media.getAttribute("data-htmx"))), import("./slides.js"),
  ]).then(([lib, module]) => module.slides(player, { holder, lib }), () => holder.removeAttribute("aria-busy"));
}, { once: true });
// The audience's discussion likewise (discussion.js): the messages up to the playing moment.
const discussionPanel = part(side, "discussion-tab");
discussionPanel?.addEventListener("tabshow", () => {
  const holder = part(discussionPanel, "discussion-holder");
  holder.setAttribute("aria-busy", "true");
  Promise.all([import("./htmx.js").then((m) => m.loadHtmx(media.getAttribute("data-htmx"))), import("./discussion.js")])
    .then(([lib, m]) => m.discussion(player, { holder, panel: discussionPanel, lib }))
    .catch(() => holder.removeAttribute("aria-busy"));
}, { once: true });
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
share(player, {
  chapters: list, base: media.getAttribute("data-base"), dialog: part(document, "share-dialog"), opener: part(bar, "share-open"),
});
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
for (const type of ["pointerover", "focusin"]) {
  menu?.addEventListener(type, () => import("./menu.js").then((m) => m.menu(menu)), { once: true });
}
if ("mediaSession" in navigator && player.kind === "html5") {
  media.addEventListener("play", () => import("./media-session.js").then((m) => m.mediaSession(player, { chapters: list, go })), { once: true });
}

const start = parseFloat(media.getAttribute("data-start")) || 0;
const end = parseFloat(media.getAttribute("data-end"));
if (isFinite(end)) player.setSpan({ start, end });
const addresses = history(player, { base: media.getAttribute("data-base"), notice: part(document, "hash-notice"), start, query: frozen });

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
