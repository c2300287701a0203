/* Looking up the page's parts inside the element a module is given, never the whole page. */

/** The element with this id inside root (an element, or the document for a page's entry). */
export const part = (root, id) => root.querySelector(`#${id}`);
