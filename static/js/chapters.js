/* The chapter list: which chapter holds the current time, and everything that shows it.
 *
 * The panel and the "now playing" card come from the server: each chapter link declares its
 * fragment (hx-get, hx-target, hx-swap) for the "show-chapter" event fired here when playback
 * enters that chapter, by a click, a seek or simply playing on.
 */

/* Which chapter is current, previous or next (`all` in order of start): the rule of this list
 * and of the editor's form (editor.js). */

/** The chapter holding time t (the later one at a boundary, the first before any start). */
export function chapterAt(all, t) {
  let found = all[0] || null;
  for (const c of all) if (c.start <= t + 0.001) found = c;
  return found;
}

/** Previous (-1) or next (+1) chapter from t; "previous" late in a chapter restarts it, as in Podlove. */
export function chapterStep(all, t, direction) {
  const current = chapterAt(all, t);
  if (direction < 0 && current && t - current.start > 3) return current;
  return all[all.indexOf(current) + direction] || null;
}

/** Follow the player's time through the chapters; returns lookups and previous/next. `list`:
 * the scrolling list of the chapter links; `panel`: where the current chapter's fragment goes. */
export function chapters(player, { list, panel, name, htmx }) {
  const links = [...list.querySelectorAll("a.chapter-link")];
  const all = links.map((link) => ({
    id: link.getAttribute("data-chapter"),
    start: parseFloat(link.getAttribute("data-start")),
    end: parseFloat(link.getAttribute("data-end")),
    title: link.querySelector(".chapter-title").textContent.trim(),
    thumb: link.getAttribute("data-thumb"),
    link,
  }));
  const byId = (id) => all.find((c) => c.id === id) || null;

  const at = (t) => chapterAt(all, t);

  function show(chapter) {
    if (!chapter || chapter === player.state.chapter) return;
    player.state.chapter = chapter;
    for (const c of all) {
      if (c === chapter) c.link.setAttribute("aria-current", "true");
      else c.link.removeAttribute("aria-current");
    }
    name.textContent = chapter.title; // inview.js keeps it in the list's view
    const shown = panel.querySelector("[data-chapter]");
    if (!shown || shown.getAttribute("data-chapter") !== chapter.id) {
      // htmx and its loader are fetched the first time a fragment is needed
      import("./htmx.js").then((m) => m.loadHtmx(htmx)).then((lib) => {
        // a later chapter may have been reached while htmx was loading
        if (player.state.chapter === chapter) lib.trigger(chapter.link, "show-chapter");
      }, () => {});
    }
    player.emit("chapterchange", chapter);
  }

  /* A late fragment must not replace the panel of a chapter reached after it was asked for. */
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    const current = player.state.chapter;
    if (event.detail.target !== panel || !current) return;
    if (event.detail.serverResponse.indexOf(`data-chapter="${current.id}"`) < 0) {
      event.detail.shouldSwap = false;
    }
  });

  // Before its metadata a <video> says 0, whatever the link asked: wait for the real time.
  // The list, the bar and the panel change on the next frame: a seek's "timeupdate" comes just
  // before its "seeked", and nothing here should hold that back.
  let frame = 0;
  const follow = () => {
    if (player.element.readyState < 1 || frame) return;
    frame = requestAnimationFrame(() => { frame = 0; show(at(player.time())); });
  };
  player.on("timeupdate", follow);
  player.on("seeked", follow);
  player.state.chapter = byId(links.find((a) => a.hasAttribute("aria-current"))?.getAttribute("data-chapter"));

  /** Previous (-1) or next (+1) chapter. */
  const step = (direction) => chapterStep(all, player.time(), direction);

  return { all, at, byId, step, show };
}
