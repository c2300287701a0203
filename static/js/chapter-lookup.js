/* Which chapter holds a time, and the one before or after it: one rule for the watch page's
 * list (chapters.js) and the editor's form (editor.js). `all` is in order of start. */

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
