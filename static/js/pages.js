/* Pages without the player (speaker, questions, resources): only the copy buttons need a script. */
import { copyButtons } from "./copy.js";

copyButtons(document);
