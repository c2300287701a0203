/* A speaker's name in the watch page's side column opens their card there, in place of the
 * tabs: fetched with htmx from its fragment's address (data-speaker-card), the speaker page's
 * address pushed, Back closes it. Its "Regarder son intervention" and "Écouter la réponse"
 * are links history.js seeks and plays in place. Loaded on the first such click (main.js). */

import { loadHtmx } from "./htmx.js";
import { loadStylesheet } from "./stylesheet.js";

/** The card's stylesheet, once, before the card shows. */
const stylesheet = () => loadStylesheet(new URL("../css/speakers.css", import.meta.url).pathname);

/** `place(url, state)`: a history entry without a seek (history.js). */
export function speakerCards({ side, htmx, place }) {
  const view = document.createElement("section");
  view.className = "speaker-view";
  view.hidden = true;
  view.innerHTML = '<p class="speaker-view-bar"><button type="button" class="quiet">Retour aux chapitres</button></p><div class="speaker-view-body" aria-live="off"></div>';
  side.append(view);
  const back = view.querySelector("button"), body = view.lastChild;
  let shown = null; // the fragment's address in the view
  let opener = null;

  async function show(url) {
    if (shown !== url) {
      const [lib] = await Promise.all([loadHtmx(htmx), stylesheet()]);
      view.setAttribute("aria-busy", "true");
      try {
        await lib.ajax("GET", url, { target: body, swap: "innerHTML" });
      } finally {
        view.removeAttribute("aria-busy");
      }
      shown = url;
      const heading = body.querySelector(".speaker-heading");
      if (heading) view.setAttribute("aria-labelledby", heading.id);
    }
    view.hidden = false;
    side.classList.add("showing-speaker");
  }

  function hide() {
    if (view.hidden) return;
    const focused = view.contains(document.activeElement);
    view.hidden = true;
    side.classList.remove("showing-speaker");
    // the panel that was shown comes back (and its list brings its chapter into view)
    const panel = side.querySelector(".tabpanel:not([hidden])");
    if (panel) panel.dispatchEvent(new CustomEvent("tabshow", { bubbles: true }));
    // the focus was in the card: back to the link that opened it, or to the tabs
    const to = opener && opener.isConnected ? opener : side.querySelector('[role="tab"][aria-selected="true"]');
    if (focused && to) to.focus({ preventScroll: true });
  }

  back.addEventListener("click", () => {
    if (window.history.state && window.history.state.card) window.history.back();
    else hide();
  });

  window.addEventListener("popstate", (event) => {
    const card = event.state && event.state.card;
    if (card) show(card).catch(() => location.reload());
    else hide();
  });

  return {
    /** Open the card a link names, and push the speaker page's address. */
    async open(link) {
      opener = link;
      const url = link.getAttribute("data-speaker-card");
      const already = !view.hidden && shown === url;
      await show(url);
      if (!already) place(link.href, { card: url });
      const heading = body.querySelector(".speaker-heading");
      if (heading) {
        heading.tabIndex = -1;
        heading.focus({ preventScroll: true });
      }
      // on a phone the column is below the video, which stays at the top: the card comes under it
      const player = document.getElementById("lecteur");
      const stuck = player && getComputedStyle(player).position === "sticky";
      const top = stuck ? player.getBoundingClientRect().bottom : 0;
      const at = view.getBoundingClientRect().top;
      if (stuck || at < top || at > window.innerHeight - 120) window.scrollBy(0, at - top);
    },
  };
}
