/** The element with this id inside root (an element, or the document for a page's entry). */
export const part = (root, id) => root.querySelector(`#${id}`);
