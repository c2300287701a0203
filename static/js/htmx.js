/* htmx, for every module that needs it (chapters, transcript, search, the recording job). */

let htmxLoading = null;

/** htmx, fetched the first time a fragment is needed: it is not part of the first load. */
export function loadHtmx(src) {
  if (window.htmx) return Promise.resolve(window.htmx);
  if (!htmxLoading) {
    htmxLoading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = () => {
        // htmx initialises itself on DOMContentLoaded, which may have fired already while the
        // document is still loading (readyState "interactive"): then it would never start.
        // Doing its start here is harmless when it did start (process() skips known nodes).
        const lib = window.htmx;
        const meta = document.querySelector('meta[name="htmx-config"]');
        if (meta) Object.assign(lib.config, JSON.parse(meta.content));
        lib.process(document.body);
        resolve(lib);
      };
      script.onerror = reject;
      document.head.append(script);
    });
  }
  return htmxLoading;
}
