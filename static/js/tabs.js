/* The side column's tabs: the ARIA tabs pattern, automatic activation. Without a script the
 * panels follow each other. */

const reduceMotion = () => window.matchMedia("(prefers-reduced-motion: reduce)").matches;

/** Build the tabs over the side column's panels (each says its label in data-tab). */
export function tabs({ side }) {
  const panels = [...side.querySelectorAll(".tabpanel")];
  const tablist = document.createElement("div");
  tablist.className = "tabs";
  tablist.setAttribute("role", "tablist");
  tablist.setAttribute("aria-label", "Affichage");
  const all = panels.map((panel) => {
    const tab = document.createElement("button");
    tab.type = "button";
    tab.id = `tab-${panel.id}`;
    tab.setAttribute("role", "tab");
    tab.setAttribute("aria-controls", panel.id);
    const label = panel.getAttribute("data-tab"), icon = panel.getAttribute("data-tab-icon");
    if (icon) {
      // an icon, always (data-tab-icon-only) or where room is short (fitOnOneRow): its name
      // stays for screen readers and as a tooltip
      tab.title = label;
      tab.innerHTML = `<svg aria-hidden="true" class="tab-icon"><use href="#${icon}"/></svg><span class="tab-text"></span>`;
      tab.lastChild.textContent = label;
      if (panel.hasAttribute("data-tab-icon-only")) tab.classList.add("icon-only");
      if (panel.hasAttribute("data-tab-icon-late")) tab.classList.add("icon-late"); // last step only
    } else {
      tab.textContent = label;
    }
    if (panel.hasAttribute("data-count")) {
      const count = document.createElement("span");
      count.className = "count";
      count.textContent = panel.getAttribute("data-count");
      tab.append(" ", count);
    }
    tablist.append(tab);
    return tab;
  });
  panels[0].before(tablist);

  let shown = -1;
  function select(index, focus) {
    all.forEach((tab, i) => {
      const on = i === index;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      panels[i].hidden = !on;
    });
    if (focus) all[index].focus();
    // "tabshow" on the panel each time it comes into view: what it holds may load on demand
    if (index !== shown) {
      shown = index;
      panels[index].dispatchEvent(new CustomEvent("tabshow", { bubbles: true }));
    }
  }
  panels.forEach((panel, i) => {
    panel.setAttribute("role", "tabpanel");
    panel.setAttribute("aria-labelledby", all[i].id);
    panel.tabIndex = 0;
  });
  side.classList.add("tabbed");
  fitOnOneRow(tablist, all);

  all.forEach((tab, i) => tab.addEventListener("click", () => select(i, false)));
  tablist.addEventListener("keydown", (event) => {
    const i = all.indexOf(document.activeElement);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: all.length - 1 }[event.key];
    if (next === undefined || i < 0) return;
    event.preventDefault();
    select((next + all.length) % all.length, true);
  });

  /** Open the panel with this id; scroll a target inside it into view. */
  function open(id, target) {
    const index = panels.findIndex((p) => p.id === id);
    if (index < 0) return;
    select(index, false);
    if (target) target.scrollIntoView({ block: "start", behavior: reduceMotion() ? "auto" : "smooth" });
  }

  /* Links that lead into a panel ("2 questions du public", "Ressources et contacts"). */
  document.addEventListener("click", (event) => {
    const a = event.target.closest && event.target.closest("a[data-tab]");
    if (!a) return;
    event.preventDefault();
    const target = side.querySelector(a.getAttribute("href"));
    open(a.getAttribute("data-tab"), target);
    if (target) {
      target.tabIndex = -1;
      target.focus({ preventScroll: true });
    }
  });

  // an address naming a panel (#chapitres, #chapitre) opens it; on a wide screen, where the
  // whole page is in view, the browser's jump to that anchor is undone
  const asked = panels.findIndex((p) => `#${p.id}` === location.hash);
  select(Math.max(asked, 0), false);
  if (asked >= 0 && window.matchMedia("(min-width: 60rem)").matches) {
    const top = () => window.scrollTo(0, 0);
    top();
    window.addEventListener("load", top, { once: true });
  }
  return { open };
}

// player.css: less padding and smaller labels, then icons where a tab has one, then also where
// a tab's icon comes last (a narrow embed)
const STEPS = ["", "tight", "tight iconic", "tight iconic last"];

/** Tabs on one row: the first step that fits, measured (fonts differ) now and at each width. */
function fitOnOneRow(tablist, all) {
  let width = 0;
  const fit = () => {
    const now = tablist.clientWidth;
    if (now === width) return; // only our change of height
    width = now;
    STEPS.find((step) => {
      tablist.className = `tabs ${step}`.trim();
      return all.every((tab) => tab.offsetTop === all[0].offsetTop);
    });
  };
  fit();
  // Watched through an empty block beside the list, as wide as it and never taller: the fit
  // changes the list's height, which, observed, would loop ("ResizeObserver loop" errors);
  // the block's does not move, so the fit runs in the same frame as the new width.
  const ruler = document.createElement("div");
  ruler.setAttribute("aria-hidden", "true");
  tablist.before(ruler);
  new ResizeObserver(fit).observe(ruler);
}
