/* A stylesheet that is not part of the first load (the transcript's, the slides', a speaker
 * card's), added once; the promise settles when it applies (or failed: the content shows anyway). */

export function loadStylesheet(href) {
  if (document.querySelector(`link[rel=stylesheet][href="${href}"]`)) return Promise.resolve();
  return new Promise((resolve) => {
    const link = Object.assign(document.createElement("link"), { rel: "stylesheet", href });
    link.onload = link.onerror = () => resolve();
    document.head.append(link);
  });
}
