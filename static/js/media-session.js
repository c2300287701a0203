/* The device's own controls (lock screen, notification, a headset's buttons) know the chapters.
 * navigator.mediaSession gets the current chapter as title, its speakers as artist, the webinar
 * as album, the chapter's thumbnail and the webinar's share card as artwork, and every chapter
 * as chapterInfo (Chromium 127+; other browsers ignore it); previous/next track move by chapter
 * as the page's p and n keys do ("previous" late in a chapter restarts it). main.js loads this
 * module on the first play of the page's own <video>. */

const picture = (src, sizes) => ({ src: new URL(src, location.href).href, sizes, type: "image/jpeg" });

export function mediaSession(player, { chapters, go }) {
  const session = navigator.mediaSession, all = chapters.all;
  const album = document.querySelector("h1").textContent.trim(), card = player.element.getAttribute("data-card");
  const artwork = (c) => [
    ...(c && c.thumb ? [picture(c.thumb, "160x90")] : []), ...(card ? [picture(card, "1200x630")] : []),
  ];
  const speakers = (c) => c.link.querySelector(".chapter-speaker")?.textContent.trim() || "";
  const chapterInfo = all.map((c) => ({ title: c.title, startTime: c.start, artwork: artwork(c) }));
  const jump = (direction) => {
    // "previous" at the very start of the first chapter restarts it, as a podcast app does
    const c = chapters.step(direction) || (direction < 0 ? all[0] : null);
    if (c) go(c.start);
  };

  function update(chapter) {
    session.metadata = new MediaMetadata({
      title: chapter ? chapter.title : album, artist: chapter ? speakers(chapter) : "", album,
      artwork: artwork(chapter), chapterInfo,
    });
    // in the last chapter (or without chapters) there is no next one: the device greys its button
    session.setActionHandler("nexttrack", !chapter || chapter === all.at(-1) ? null : () => jump(1));
  }
  session.setActionHandler("previoustrack", () => jump(-1));
  player.on("chapterchange", update);
  update(player.state.chapter);
}
