/* The recording page: htmx, loaded only while a job runs, polls its state (data-hx-* on #tache). */
import { loadHtmx } from "./htmx.js";

const job = document.getElementById("tache");
if (job && job.hasAttribute("data-hx-trigger")) loadHtmx(job.dataset.htmx).catch(() => {});
