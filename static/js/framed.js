/* The embeddable player (/w/<id>/integrer), inside another site's page: a link that would
 * leave the player (a speaker's page, a question, a resource) opens in a new tab, so the
 * viewer keeps the page they were reading. Links that seek (data-seek, chapter links) and
 * anchors inside the player stay here. Panels that htmx brings later are covered too. */

function leaves(a) {
  if (a.hasAttribute("data-seek") || a.hasAttribute("data-chapter")) return false;
  const href = a.getAttribute("href") || "";
  if (href.startsWith("#")) return false;
  const url = new URL(a.href, location.href);
  return !(url.origin === location.origin && url.pathname === location.pathname && url.hash);
}

function newTab(a) {
  if (!leaves(a)) return;
  a.target = "_blank";
  a.rel = "noopener";
}
const mark = (root) => root.querySelectorAll("a[href]").forEach(newTab);

mark(document);
document.body.addEventListener("htmx:afterSwap", (event) => mark(event.detail.target));
document.body.addEventListener("htmx:oobAfterSwap", (event) => mark(event.detail.target));
// any other link added later: marked as it is followed, before the browser acts on it
document.addEventListener("click", (event) => {
  const a = event.target.closest && event.target.closest("a[href]");
  if (a) newTab(a);
}, true);
