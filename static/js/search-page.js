/* The search pages (/recherche, /w/<id>/recherche): the box and its results, no player. */
import { part } from "./dom.js";
import { search } from "./search.js";

const page = document.querySelector("form[data-search-page]");
if (page) search(null, { form: page, results: part(document, "search-results") });
