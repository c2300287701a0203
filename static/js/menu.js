/* A <details> menu of links ("Télécharger") that behaves as a menu button: Esc, a click outside
 * or choosing an item closes it, and focus goes back to its button (the <summary>, which the
 * browser already exposes as expanded or collapsed). Without this script it stays a plain
 * <details>; main.js loads it when the pointer or the focus reaches the menu. */

const bound = new WeakSet();

/** Bind ``details``; ``escapedBefore()`` says whether the last key pressed in it was Esc. */
export function menu(details, escapedBefore = () => false) {
  if (bound.has(details)) return; // main.js may ask twice (pointer and focus)
  bound.add(details);
  const button = details.querySelector("summary");
  const close = (refocus) => {
    if (!details.open) return;
    details.open = false;
    if (refocus) button.focus({ preventScroll: true });
  };
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && details.open) {
      event.preventDefault();
      close(true);
    }
  });
  document.addEventListener("click", (event) => {
    const target = event.target;
    if (!details.open) return;
    // choosing an item: closed once the browser has followed the link (the download starts)
    if (details.contains(target)) {
      if (target.closest(".dl-menu a[href]")) setTimeout(() => close(true));
      return;
    }
    // a click on another control keeps its focus; elsewhere focus comes back to the button
    close(!target.closest("a[href], button, input, select, textarea, summary, video, [tabindex]"));
  });
  // Tab past the last item (or Shift+Tab before the button): the menu closes behind the focus
  details.addEventListener("focusout", (event) => {
    if (event.relatedTarget && !details.contains(event.relatedTarget)) close(false);
  });
  // the focus may have left the menu, or Esc been pressed in it, while this script was on its
  // way (a slow network)
  const focused = document.activeElement;
  if (focused && focused !== document.body && !details.contains(focused)) close(false);
  else if (escapedBefore()) close(true);
}
