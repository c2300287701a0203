/* "Copier le lien" buttons, also in panels that htmx brings later. */

export const LINK = { done: "Lien copié.", failed: "Copie impossible : sélectionnez le lien et copiez-le." };

/** Copy text to the clipboard and say in `status` whether it worked (`said`: done, failed). */
export function copyText(text, status, said) {
  const show = (ok) => { status.textContent = ok ? said.done : said.failed; };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(() => show(true), () => show(false));
  } else {
    show(false);
  }
}

/** Show the copy buttons under root (hidden without a script) and make them work. */
export function copyButtons(root) {
  const reveal = (el) => el.querySelectorAll("button.copy").forEach((b) => { b.hidden = false; });
  reveal(root);
  document.body.addEventListener("htmx:afterSwap", (event) => reveal(event.detail.target));
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("button.copy");
    if (!button) return;
    let status = button.nextElementSibling;
    if (!status || !status.classList.contains("copy-status")) {
      status = document.createElement("span");
      status.className = "copy-status";
      status.setAttribute("role", "status");
      button.after(status);
    }
    copyText(new URL(button.getAttribute("data-copy"), location.href).href, status, LINK);
  });
}
