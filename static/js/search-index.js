/* Search without a server: the static export's pages search the webinar's index here
 * (/w/<id>/recherche.json, written by chapters/search_index.py), fetched the first time the
 * search box is used. Same rules as the server's search (chapters/search.py): case and accents
 * do not matter, every word is required, the last word (and any of three letters or more) may
 * be the beginning of a word. The answer is the markup of partials/_results.html, built as
 * DOM nodes: the data's text is only ever text. */

import { clock, compact } from "./time.js";

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** Lower case, accents removed, ligatures and full-width letters made plain. */
const fold = (text) => text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();

/** What may be shown back of the viewer's text: no control characters, spaces collapsed. */
const shown = (text) => text.replace(/\p{C}/gu, " ").split(/\s+/).filter(Boolean).join(" ");

/** The words of a text with where they are: [{at, end, key}], key folded. */
function words(text) {
  const out = [];
  for (const m of text.matchAll(WORD)) out.push({ at: m.index, end: m.index + m[0].length, key: fold(m[0]) });
  return out;
}

const matches = (key, terms) => terms.some((t) => key === t.key || (t.prefix && key.startsWith(t.key)));

class Row {
  constructor(index, raw) {
    const [kind, title = "", text = "", start = null, end = null, context = "", who = "", href = ""] = raw;
    Object.assign(this, { index, kind: index.kinds[kind], title, text, start, end, context, who, href });
  }

  get titleWords() { return this._tw || (this._tw = words(this.title)); }

  get textWords() { return this._xw || (this._xw = words(this.text)); }

  /** A score when every term is found (a title word counts six, as the server's bm25 weights), else 0. */
  score(terms) {
    let score = 0;
    for (const term of terms) {
      const one = [term];
      const inTitle = this.titleWords.filter((w) => matches(w.key, one)).length;
      const inText = this.textWords.filter((w) => matches(w.key, one)).length;
      if (!inTitle && !inText) return 0;
      score += 6 * inTitle + inText;
    }
    return score;
  }
}

/** Text with the matching words in <mark>, cut to `size` words around the first match. */
function marked(text, list, terms, size) {
  const out = document.createDocumentFragment();
  if (!list.length) {
    out.append(text);
    return out;
  }
  let from = 0, to = list.length;
  if (list.length > size) {
    const first = Math.max(0, list.findIndex((w) => matches(w.key, terms)));
    from = Math.max(0, Math.min(first - Math.floor(size / 4), list.length - size));
    to = from + size;
  }
  let pos = from ? list[from].at : 0;
  if (from) out.append("…");
  for (let i = from; i < to; i++) {
    const w = list[i];
    if (!matches(w.key, terms)) continue;
    out.append(text.slice(pos, w.at));
    const mark = document.createElement("mark");
    mark.textContent = text.slice(w.at, w.end);
    out.append(mark);
    pos = w.end;
  }
  out.append(text.slice(pos, to < list.length ? list[to - 1].end : text.length));
  if (to < list.length) out.append("…");
  return out;
}

const el = (tag, className, ...children) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
};

/** The viewer's words as terms, or the French reason they cannot be searched. */
function parse(raw, maxQuery) {
  if (raw.length > maxQuery) {
    return { problem: "too-long", message: `La recherche est trop longue (${raw.length} caractères, ${maxQuery} au plus) : raccourcissez-la.` };
  }
  if (!shown(raw)) return { problem: "empty", message: "Tapez un mot pour chercher…" };
  const found = raw.normalize("NFKC").match(WORD) || [];
  if (!found.length) {
    return { problem: "no-words", message: `« ${shown(raw)} » ne contient aucun mot à chercher : tapez des lettres ou des chiffres, par exemple « financement ».` };
  }
  const last = found.length - 1;
  return { terms: found.map((t, i) => ({ key: fold(t), prefix: i === last || t.length >= 3 })).filter((t) => t.key) };
}

/** Fetch the indexes (every webinar's for the search across them); resolves to a searcher. */
export async function loadIndex(urls) {
  const indexes = await Promise.all(urls.map(async (url) => {
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    const index = await response.json();
    index.rows = index.rows.map((raw) => new Row(index, raw));
    return index;
  }));
  const first = indexes[0];
  const groups = first.groups.map(([key, heading, kinds]) => ({ key, heading, kinds }));
  const perGroup = first.per_group;
  const timeline = first.timeline; // the kinds whose hits are marked on the timeline

  /** The answer to `raw` as partials/_results.html writes it. */
  function answer(raw, { heading = 2, inPlayer = false, one = true } = {}) {
    const query = shown(raw).slice(0, first.max_query);
    const parsed = parse(raw, first.max_query);
    const box = el("div", "search-answer");
    if (parsed.problem) {
      box.setAttribute("data-summary", parsed.message);
      box.append(el("p", parsed.problem === "empty" ? "search-message" : "search-message search-problem", parsed.message));
      return box;
    }
    const found = new Map(groups.map((g) => [g.key, []]));
    const times = [];
    for (const index of indexes) {
      for (const row of index.rows) {
        const score = row.score(parsed.terms);
        if (!score) continue;
        found.get(groups.find((g) => g.kinds.includes(row.kind)).key).push({ row, score });
        if (one && timeline.includes(row.kind)) times.push(row.start);
      }
    }
    const total = [...found.values()].reduce((n, hits) => n + hits.length, 0);
    if (!total) {
      const summary = `Aucun résultat pour « ${query} ».`;
      box.setAttribute("data-summary", summary);
      const hint = el("p", "search-hint", "Essayez un autre mot, moins de mots, ou le début d'un mot (« financ » trouve « financement »).");
      if (one && first.everywhere) {
        const link = el("a", "", "Chercher dans tous les webinaires");
        link.href = `${first.everywhere}?q=${encodeURIComponent(query)}`;
        hint.append(" ", link);
      }
      box.append(el("p", "search-message", summary), hint);
      return box;
    }
    const summary = `${total} résultat${total === 1 ? "" : "s"} pour « ${query} »`;
    box.setAttribute("data-summary", summary);
    if (times.length) box.setAttribute("data-hit-times", times.sort((a, b) => a - b).slice(0, 2000).join(" "));
    box.append(el("p", "search-summary", summary));
    for (const group of groups) {
      const hits = found.get(group.key);
      if (!hits.length) continue;
      hits.sort((a, b) => b.score - a.score || (a.row.start ?? 0) - (b.row.start ?? 0));
      const title = el(`h${heading}`, "search-group-title", `${group.heading} `, el("span", "count", String(hits.length)));
      title.id = `sr-${group.key}`;
      const list = el("ol", "search-hits", ...hits.slice(0, perGroup).map(({ row }) => hit(row, parsed.terms, one)));
      const section = el("section", "search-group", title, list);
      section.setAttribute("aria-labelledby", title.id);
      if (hits.length > perGroup) {
        let more = `Les ${perGroup} plus pertinents sur ${hits.length}.`;
        if (group.key === "transcription" && inPlayer) more += " Tous les passages sont marqués sur la barre de lecture.";
        section.append(el("p", "search-more", more));
      }
      box.append(section);
    }
    return box;
  }

  function hit(row, terms, one) {
    const a = el("a", "");
    const timed = row.start !== null && row.start !== undefined;
    if (timed) {
      const end = row.end !== null && row.end !== undefined;
      a.href = `${row.index.base}?t=${compact(row.start)}${end ? "," + compact(row.end) : ""}`;
      if (one) {
        a.setAttribute("data-seek", row.start);
        if (end) a.setAttribute("data-end", row.end);
      }
      a.append(el("span", "hit-time", clock(row.start) + (end ? ` – ${clock(row.end)}` : "")));
    } else {
      a.href = row.href;
    }
    if (row.kind === "transcription") {
      if (row.who) a.append(el("span", "hit-who", row.who));
      a.append(el("span", "hit-text", marked(row.text, row.textWords, terms, 20)));
    } else {
      a.append(el("span", "hit-title", marked(row.title, row.titleWords, terms, 32)));
      if (row.text) a.append(el("span", "hit-text", marked(row.text, row.textWords, terms, 20)));
    }
    const where = [];
    if (row.kind === "question" && row.who) where.push(`Réponse de ${row.who}`);
    else if (row.kind === "chapitre" && row.who) where.push(row.who);
    if (row.context && row.kind !== "chapitre") {
      where.push(`${["ressource", "contact"].includes(row.kind) ? "Thème" : "Chapitre"} « ${row.context} »`);
    }
    if (where.length) a.append(el("span", "hit-where", where.join(" · ")));
    if (!one) a.append(el("span", "hit-webinar", row.index.label));
    return el("li", `search-hit kind-${row.kind}`, a);
  }

  return { answer };
}
