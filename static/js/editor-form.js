/* The organisers' editor of a webinar without a recording yet (editor.js drives a player):
 * only keeping the form's place across a save. */
import { keepPlace } from "./keep-place.js";

keepPlace({
  key: document.getElementById("ed-form").getAttribute("data-webinar"),
  forms: document.querySelectorAll('form[action*="/modifier"]'),
  column: document.getElementById("formulaire"),
});
