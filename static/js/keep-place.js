/* The editor keeps its place across a save: the player's time and the scroll positions (the
 * page's and the form's column) are noted when one of the editor's forms is sent, and given
 * back on the page that answers (the save's redirect, or the form shown again). With errors to
 * read, the page stays at its top, where they are listed. */

const PREFIX = "editor-place:";
const FRESH = 120_000; // ms: a note older than this belongs to another visit

/** `key`: the webinar; `player`: null without a recording; `forms`: those that save; `column`:
 * the form's own scrolling column. */
export function keepPlace({ key, player = null, forms, column }) {
  const name = PREFIX + key;
  for (const form of forms) {
    form.addEventListener("submit", () => {
      const place = { t: player ? player.time() : NaN, x: scrollX, y: scrollY, column: column.scrollTop, at: Date.now() };
      try { sessionStorage.setItem(name, JSON.stringify(place)); } catch (e) { /* storage off: start afresh */ }
    });
  }
  let place = null;
  try {
    place = JSON.parse(sessionStorage.getItem(name));
    sessionStorage.removeItem(name);
  } catch (e) { return; }
  if (!place || !(Date.now() - place.at < FRESH)) return;
  if (!document.getElementById("ed-problems")) {
    column.scrollTop = place.column;
    scrollTo(place.x, place.y);
  }
  if (player && isFinite(place.t) && place.t > 0) {
    // a <video> takes a time once it knows its length
    if (player.element.readyState >= 1 || player.kind !== "html5") player.seek(place.t);
    else player.element.addEventListener("loadedmetadata", () => player.seek(place.t), { once: true });
  }
}
