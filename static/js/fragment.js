/* #t= in a page's address, read as W3C Media Fragments URI 1.0 (basic) says (temporal
 * dimension) and as chapters/timecode.py reads it (media_fragment): npt only, minutes and
 * seconds of two digits, start before end. Imported only when the address has a fragment. */

const NPT = "(\\d+|(?:\\d+:)?[0-5]\\d:[0-5]\\d)(\\.\\d*)?";
const NPT_VALUE = new RegExp(`^(?:npt:)?(?:${NPT}(?:,${NPT})?|,${NPT})$`);
const npt = (whole, fraction) => whole.split(":").reduce((s, part) => s * 60 + +part, 0) + (fraction ? +`0${fraction}` || 0 : 0);

/** What a URI's fragment (after "#") asks for: {start, end} (end NaN when open), the last valid
 * t= of its name=value pairs; null when there is none: an invalid one (bad syntax, start not
 * before end, smpte or clock times) is ignored. */
export function mediaFragment(fragment) {
  let found = null;
  for (const pair of fragment.split("&")) {
    const at = pair.indexOf("=");
    if (at < 0) continue;
    let name, value;
    try { name = decodeURIComponent(pair.slice(0, at)); value = decodeURIComponent(pair.slice(at + 1)); } catch (e) { continue; }
    const m = name === "t" && NPT_VALUE.exec(value);
    if (!m) continue;
    const span = m[5] !== undefined ? { start: 0, end: npt(m[5], m[6]) }
      : { start: npt(m[1], m[2]), end: m[3] !== undefined ? npt(m[3], m[4]) : NaN };
    if (!(span.start >= span.end)) found = span;
  }
  return found;
}
