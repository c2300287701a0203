/* The organisers' editor (/w/<id>/modifier): the watch page's player beside the data's form.
 * Only this page loads it. The form saves without it; it adds "Prendre le temps actuel", the
 * ±1 s nudges, and seeking the player to a start when the start is changed. */

import { createPlayer } from "./adapter.js";
import { chapterAt, chapterStep } from "./chapters.js";
import { controlbar } from "./controlbar.js";
import { part } from "./dom.js";
import { keepPlace } from "./keep-place.js";
import { keyboard } from "./keyboard.js";
import { scrubber } from "./scrubber.js";
import { clock, parseTime } from "./time.js";

const stage = part(document, "lecteur"), bar = part(stage, "bar");
const player = await createPlayer(stage.querySelector("[data-webinar]"));
const form = part(document, "ed-form");
const rows = () => [...form.querySelectorAll("fieldset.ed-chapter")];
const startOf = (row) => row.querySelector("input[data-start]");

/** A start as the form writes it: "24:05", with tenths kept ("24:05.5"). */
function written(t) {
  const tenths = Math.round(t * 10) % 10;
  return clock(t) + (tenths ? `.${tenths}` : "");
}

/* The chapters as the form holds them now, for the timeline and the chapter keys. */
const chapters = {
  get all() {
    return rows()
      .filter((row) => !row.querySelector('input[name$=".remove"]:checked'))
      .map((row) => ({
        id: row.getAttribute("data-chapter"),
        start: parseTime(startOf(row).value),
        title: row.querySelector("input[data-title]").value,
        link: startOf(row),
        row,
      }))
      .filter((c) => isFinite(c.start) && c.title.trim())
      .sort((a, b) => a.start - b.start);
  },
  at(t) { return chapterAt(this.all, t); },
  step(direction) { return chapterStep(this.all, player.time(), direction); },
};

const name = part(bar, "chapter-name");
let shown = null;
function follow() {
  const c = chapters.at(player.time());
  if (!c || c.id === shown) return;
  shown = c.id;
  name.textContent = c.title;
  for (const row of rows()) row.classList.toggle("ed-current", row === c.row);
}
player.on("timeupdate", follow);
player.on("seeked", follow);
follow();

const go = (t) => { player.seek(t); player.play(); };
const controls = controlbar(player, {
  bar,
  stage,
  onChapterList() {
    const c = chapters.at(player.time());
    if (c) { c.row.scrollIntoView({ block: "center" }); c.link.focus(); }
  },
});
scrubber(player, { el: part(bar, "scrubber"), chapters });
keyboard(player, { chapters, bar: controls, root: bar, go });
part(bar, "share-open").hidden = true; // sharing is the watch page's; this page is private

/** Redraw the timeline's chapter gaps (the scrubber lays out again on durationchange) and
 * the current chapter after a start or a title changed. */
const relayout = () => { player.emit("durationchange"); shown = null; follow(); };

for (const row of rows()) {
  const input = startOf(row);
  row.querySelector(".ed-time-tools").hidden = false;
  row.querySelector("[data-now]").addEventListener("click", () => {
    input.value = written(Math.round(player.time()));
    input.dispatchEvent(new Event("input", { bubbles: true }));
    relayout();
  });
  for (const button of row.querySelectorAll("[data-nudge]")) {
    button.addEventListener("click", () => {
      const t = parseTime(input.value);
      if (!isFinite(t)) return;
      const next = Math.max(0, t + parseFloat(button.getAttribute("data-nudge")));
      input.value = written(next);
      player.seek(next);
      relayout();
    });
  }
  // "utiliser ce temps": the start the slides (or the captions) propose, heard at once
  const proposal = row.querySelector("[data-use-start]");
  if (proposal) {
    proposal.hidden = false;
    proposal.addEventListener("click", () => {
      const t = parseFloat(proposal.getAttribute("data-use-start"));
      input.value = written(t);
      input.dispatchEvent(new Event("input", { bubbles: true }));
      player.seek(t);
      relayout();
    });
  }
  // a start typed or pasted: hear it at once
  input.addEventListener("change", () => {
    const t = parseTime(input.value);
    if (isFinite(t)) player.seek(t);
    relayout();
  });
  row.querySelector("input[data-title]").addEventListener("change", relayout);
}

// after a save, the player's time and the form's scroll position are as they were
keepPlace({
  key: form.getAttribute("data-webinar"),
  player,
  forms: document.querySelectorAll('form[action*="/modifier"]'),
  column: part(document, "formulaire"),
});
