/* Time notations: the subset of chapters/timecode.py the page needs, and times in words. */

const pad = (n) => (n < 10 ? "0" : "") + n;

/** 4200 -> [1, 10, 0]: hours, minutes, seconds. */
export function split(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
}

/** 1445 -> "24:05", 4200 -> "1:10:00". */
export function clock(seconds) {
  const [h, m, s] = split(seconds);
  return h ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** 1445 -> "24m5s", as in the page's links. */
export function compact(seconds) {
  const [h, m, s] = split(seconds);
  return (h ? h + "h" : "") + (m ? m + "m" : "") + (s ? s + "s" : "") || "0s";
}

/** 1445 -> "24 minutes 5 secondes": screen readers read "24:05" as digits and colons. */
export function spoken(seconds) {
  const [h, m, s] = split(seconds);
  const unit = (n, word) => `${n} ${word}${n > 1 ? "s" : ""}`;
  const parts = [];
  if (h) parts.push(unit(h, "heure"));
  if (m) parts.push(unit(m, "minute"));
  if (s || !parts.length) parts.push(unit(s, "seconde"));
  return parts.join(" ");
}

/** Reads 4200, 4200s, 70m, 1h10m5s, 1:10:00(.5), 6'05, 1'10'00 and npt: forms; NaN if not. */
export function parseTime(text) {
  const s = String(text).trim().replace(/^npt:/i, "");
  let m;
  if (/^\d+(\.\d+)?$/.test(s)) return parseFloat(s);
  if ((m = /^(?:(\d+)['’′])?(\d+)['’′](\d\d)(?:["″”]|'')?$/.exec(s))) {
    return +(m[1] || 0) * 3600 + +m[2] * 60 + +m[3];
  }
  if ((m = /^(?:(\d+):)?(\d+):(\d\d(?:\.\d+)?)$/.exec(s))) {
    return +(m[1] || 0) * 3600 + +m[2] * 60 + parseFloat(m[3]);
  }
  if ((m = /^(?=\d)(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(s))) {
    return +(m[1] || 0) * 3600 + +(m[2] || 0) * 60 + parseFloat(m[3] || 0);
  }
  return NaN;
}

/** "t=a" or "t=a,b" as written in a link: {start, end} (NaN where unreadable), or null. */
export function parseSpan(raw) {
  if (raw == null) return null;
  const [from, to] = raw.split(",");
  return { start: from === "" ? 0 : parseTime(from), end: to === undefined ? NaN : parseTime(to) };
}

/** A time for a link the page makes: whole seconds, rounded down (or up), as YouTube reads it. */
export function linkTime(seconds, up = false) {
  const t = +(+seconds).toFixed(3);
  return compact(Math.max(0, up ? Math.ceil(t) : Math.floor(t)));
}
