/* The watch page's behaviour: chapters, panel, deep links, keyboard, share, resume.
 *
 * Everything talks to the recording through one adapter (play, pause, seek, time, duration,
 * events), so a video site's embedded player can stand behind the same page.
 * The page works without this script: chapters are plain links carrying ?t=.
 */
(function () {
  "use strict";

  /* ---------- time notations (the subset of chapters/timecode.py the page needs) ---------- */

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function clock(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    return h ? h + ":" + pad(m) + ":" + pad(sec) : m + ":" + pad(sec);
  }

  function compact(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    var out = (h ? h + "h" : "") + (m ? m + "m" : "") + (sec ? sec + "s" : "");
    return out || "0s";
  }

  /* Reads 4200, 4200s, 70m, 1h10m5s, 1:10:00(.5), 6'05, 1'10'00 and npt: forms; NaN if not. */
  function parseTime(text) {
    var s = String(text).trim().replace(/^npt:/i, "");
    var m;
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

  /* ---------- the adapter over an HTML <video> ---------- */

  function html5Adapter(video) {
    return {
      kind: "html5",
      element: video,
      play: function () { var p = video.play(); if (p && p.catch) p.catch(function () {}); },
      pause: function () { video.pause(); },
      paused: function () { return video.paused; },
      seek: function (t) { video.currentTime = t; },
      time: function () { return video.currentTime; },
      duration: function () { return isFinite(video.duration) ? video.duration : NaN; },
      muted: function (value) { if (value !== undefined) video.muted = value; return video.muted; },
      rate: function (value) { if (value !== undefined) video.playbackRate = value; return video.playbackRate; },
      fullscreen: function () {
        if (document.fullscreenElement) document.exitFullscreen();
        else if (video.requestFullscreen) video.requestFullscreen().catch(function () {});
      },
      on: function (name, fn) { video.addEventListener(name, fn); }
    };
  }

  /* Other adapters (embedded players) register here before DOMContentLoaded. */
  var registry = window.WebinarPlayerAdapters || {};
  registry.html5 = html5Adapter;
  window.WebinarPlayer = { adapters: registry, parseTime: parseTime, compact: compact, clock: clock };

  function copy(text, status) {
    function done(ok) { status.textContent = ok ? "Lien copié." : "Copie impossible : sélectionnez le lien et copiez-le."; }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
    } else {
      done(false);
    }
  }
  /* ---------- copy buttons, also in panels that htmx brings later ---------- */

  function enableCopyButtons(root) {
    Array.prototype.forEach.call(root.querySelectorAll("button.copy"), function (button) {
      button.hidden = false;
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.copy");
    if (!button) return;
    var status = button.nextElementSibling && button.nextElementSibling.classList.contains("copy-status")
      ? button.nextElementSibling : null;
    if (!status) {
      status = document.createElement("span");
      status.className = "copy-status";
      status.setAttribute("role", "status");
      button.after(status);
    }
    copy(button.getAttribute("data-copy"), status);
  });

  /* ---------- the page ---------- */

  function start() {
    var media = document.querySelector("[data-webinar]");
    if (!media) return;
    var adapterName = media.getAttribute("data-adapter") || "html5";
    var player = registry[adapterName](media);
    window.WebinarPlayer.player = player;

    var base = media.getAttribute("data-base");
    var webinarId = media.getAttribute("data-webinar");
    var links = Array.prototype.slice.call(document.querySelectorAll("a.chapter-link"));
    var chapters = links.map(function (a) {
      return {
        id: a.getAttribute("data-chapter"),
        start: parseFloat(a.getAttribute("data-start")),
        end: a.hasAttribute("data-end") ? parseFloat(a.getAttribute("data-end")) : NaN,
        panel: a.getAttribute("data-panel"),
        link: a
      };
    });
    var markers = Array.prototype.slice.call(document.querySelectorAll(".marker"));
    var stopAt = media.hasAttribute("data-end") ? parseFloat(media.getAttribute("data-end")) : NaN;
    var shownChapter = null;

    function chapterAt(t) {
      var found = null;
      chapters.forEach(function (c) { if (c.start <= t + 0.001) found = c; });
      return found;
    }
    function chapterById(id) {
      return chapters.filter(function (c) { return c.id === id; })[0] || null;
    }

    /* The address bar follows the viewer without adding history entries. */
    function updateAddress(t, end) {
      var value = compact(t) + (isFinite(end) ? "," + compact(end) : "");
      history.replaceState(null, "", base + "?t=" + value);
    }

    /* Highlight a chapter and bring its panel (an htmx fragment) beside the video. */
    function showChapter(chapter) {
      if (!chapter || chapter === shownChapter) return;
      shownChapter = chapter;
      chapters.forEach(function (c) {
        if (c === chapter) c.link.setAttribute("aria-current", "true");
        else c.link.removeAttribute("aria-current");
      });
      markers.forEach(function (m) {
        m.classList.toggle("current", m.getAttribute("data-chapter") === chapter.id);
      });
      var panel = document.getElementById("panel");
      var inPanel = panel && panel.querySelector("[data-chapter]");
      if (panel && (!inPanel || inPanel.getAttribute("data-chapter") !== chapter.id)) {
        htmx.ajax("GET", chapter.panel, { target: "#panel", swap: "innerHTML" });
      }
    }

    /* Seek first and alone: the panel and the address follow on "seeked" (see below),
     * so a click costs no more than the seek itself. */
    function seekTo(t, end) {
      stopAt = isFinite(end) ? end : NaN;
      player.seek(t);
    }

    function playFrom(t) {
      seekTo(t, NaN);
      player.play();
    }

    function plainClick(event) {
      return !(event.button || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey);
    }

    /* Chapter links, markers and time links seek instead of reloading the page. */
    document.addEventListener("click", function (event) {
      var a = event.target.closest && event.target.closest("a[data-chapter], a[data-seek]");
      if (!a || !plainClick(event)) return;
      event.preventDefault();
      playFrom(a.hasAttribute("data-seek") ? parseFloat(a.getAttribute("data-seek"))
        : chapterById(a.getAttribute("data-chapter")).start);
    });

    /* ---------- current chapter: from the chapters track's cuechange ---------- */

    var track = null;
    if (player.kind === "html5" && media.textTracks) {
      for (var i = 0; i < media.textTracks.length; i++) {
        if (media.textTracks[i].kind === "chapters") track = media.textTracks[i];
      }
    }
    if (track) {
      track.mode = "hidden";
      track.addEventListener("cuechange", function () {
        var cue = track.activeCues && track.activeCues[track.activeCues.length - 1]; // at a boundary both cues are active: the later one starts here
        if (cue) showChapter(chapterById(cue.id) || chapterAt(cue.startTime));
      });
    }
    if (!track) {
      // embedded players have no text tracks: follow the time instead
      player.on("timeupdate", function () { showChapter(chapterAt(player.time())); });
    }
    player.on("seeked", function () {
      showChapter(chapterAt(player.time()));
      updateAddress(player.time(), stopAt);
    });
    /* A late fragment must not replace the panel of a chapter chosen after it was asked for. */
    document.body.addEventListener("htmx:beforeSwap", function (event) {
      if (event.detail.target.id !== "panel" || !shownChapter) return;
      var wanted = 'data-chapter="' + shownChapter.id + '"';
      if (event.detail.serverResponse.indexOf(wanted) < 0) event.detail.shouldSwap = false;
    });
    player.on("pause", function () { updateAddress(player.time(), stopAt); });

    /* ---------- a range stops at its end ---------- */

    function checkStop() {
      if (isFinite(stopAt) && player.time() >= stopAt - 0.05) {
        player.pause();
        stopAt = NaN;
      }
    }
    function watchStop() {
      checkStop();
      if (isFinite(stopAt) && !player.paused()) requestAnimationFrame(watchStop);
    }
    player.on("timeupdate", checkStop);
    player.on("play", function () { requestAnimationFrame(watchStop); });

    /* ---------- timeline with chapter markers ---------- */

    var timeline = document.getElementById("timeline");
    var trackBar = document.getElementById("timeline-track");
    var progress = document.getElementById("timeline-progress");
    function duration() {
      var d = player.duration();
      if (isFinite(d) && d > 0) return d;
      return parseFloat(media.getAttribute("data-duration")) || NaN;
    }
    function layoutTimeline() {
      var d = duration();
      if (!isFinite(d)) return;
      timeline.hidden = false;
      markers.forEach(function (m) {
        m.style.left = (100 * parseFloat(m.getAttribute("data-start")) / d) + "%";
      });
    }
    function drawProgress() {
      var d = duration();
      if (isFinite(d)) progress.style.width = Math.min(100, 100 * player.time() / d) + "%";
    }
    trackBar.addEventListener("click", function (event) {
      if (event.target.closest(".marker")) return;
      var box = trackBar.getBoundingClientRect();
      seekTo(duration() * (event.clientX - box.left) / box.width, NaN);
    });
    player.on("loadedmetadata", layoutTimeline);
    player.on("durationchange", layoutTimeline);
    player.on("timeupdate", drawProgress);
    player.on("seeked", drawProgress);
    layoutTimeline();

    /* ---------- controls ---------- */

    document.getElementById("controls").hidden = false;
    function stepChapter(direction) {
      var t = player.time();
      var current = chapterAt(t);
      var index = chapters.indexOf(current);
      // "previous" within the first seconds of a chapter goes to the one before, as in Podlove
      if (direction < 0 && current && t - current.start > 3) return playFrom(current.start);
      var target = chapters[index + direction];
      if (target) playFrom(target.start);
    }
    document.getElementById("prev-chapter").addEventListener("click", function () { stepChapter(-1); });
    document.getElementById("next-chapter").addEventListener("click", function () { stepChapter(1); });

    var speed = document.getElementById("speed");
    var rates = Array.prototype.map.call(speed.options, function (o) { return parseFloat(o.value); });
    function setRate(rate) {
      player.rate(rate);
      speed.value = String(rate);
    }
    speed.addEventListener("change", function () { setRate(parseFloat(speed.value)); });
    function stepRate(direction) {
      var index = rates.indexOf(player.rate());
      var next = rates[Math.min(rates.length - 1, Math.max(0, (index < 0 ? rates.indexOf(1) : index) + direction))];
      setRate(next);
    }

    /* ---------- subtitles toggle ---------- */

    var captionsButton = document.getElementById("captions-toggle");
    function toggleCaptions() {
      if (!captionsButton) return;
      var on = captionsButton.getAttribute("aria-pressed") !== "true";
      Array.prototype.forEach.call(media.textTracks || [], function (t) {
        if (t.kind === "subtitles" || t.kind === "captions") t.mode = on ? "showing" : "disabled";
      });
      captionsButton.setAttribute("aria-pressed", on ? "true" : "false");
    }
    if (captionsButton) captionsButton.addEventListener("click", toggleCaptions);

    /* ---------- keyboard, as in Podlove and YouTube ---------- */

    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var tag = target.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable) return;
      if (target.closest && target.closest("dialog")) return;
      var onControl = tag === "BUTTON" || tag === "A" || tag === "SUMMARY";
      var key = event.key;
      var handled = true;
      if (event.altKey && key === "ArrowLeft") stepChapter(-1);
      else if (event.altKey && key === "ArrowRight") stepChapter(1);
      else if (event.ctrlKey || event.metaKey || event.altKey) handled = false;
      else if ((key === " " && !onControl) || key === "k") {
        if (player.paused()) player.play(); else player.pause();
      }
      else if (key === "ArrowLeft") player.seek(Math.max(0, player.time() - 5));
      else if (key === "ArrowRight") player.seek(player.time() + 5);
      else if (key === "j") player.seek(Math.max(0, player.time() - 10));
      else if (key === "l") player.seek(player.time() + 10);
      else if (key === "p") stepChapter(-1);
      else if (key === "n") stepChapter(1);
      else if (key === "f") player.fullscreen();
      else if (key === "m") player.muted(!player.muted());
      else if (key === "c" && captionsButton) toggleCaptions();
      else if (key === "<") stepRate(-1);
      else if (key === ">") stepRate(1);
      else handled = false;
      if (handled) event.preventDefault();
    });

    /* ---------- share dialog and "Copier le lien" ---------- */

    var dialog = document.getElementById("share-dialog");
    var shareStart = document.getElementById("share-start");
    var shareEnd = document.getElementById("share-end");
    var shareUrl = document.getElementById("share-url");
    var shareStatus = document.getElementById("share-status");
    var shareTime = 0;
    function shareLink() {
      var chapter = chapterAt(shareTime);
      var end = chapter && shareEnd.checked ? chapter.end : NaN;
      var url = location.origin + base;
      if (shareStart.checked || isFinite(end)) {
        url += "?t=" + compact(shareStart.checked ? shareTime : (chapter ? chapter.start : 0));
        if (isFinite(end)) url += "," + compact(end);
      }
      shareUrl.value = url;
    }
    document.getElementById("share-open").addEventListener("click", function () {
      shareTime = Math.floor(player.time());
      var chapter = chapterAt(shareTime);
      document.getElementById("share-start-time").textContent = clock(shareTime);
      document.getElementById("share-end-time").textContent = chapter && isFinite(chapter.end) ? clock(chapter.end) : "";
      shareEnd.disabled = !(chapter && isFinite(chapter.end));
      shareStatus.textContent = "";
      shareLink();
      dialog.showModal();
      shareUrl.select();
    });
    shareStart.addEventListener("change", shareLink);
    shareEnd.addEventListener("change", shareLink);
    document.getElementById("share-copy").addEventListener("click", function () {
      shareUrl.select();
      copy(shareUrl.value, shareStatus);
    });
    document.getElementById("share-close").addEventListener("click", function () { dialog.close(); });

    /* ---------- resume where the viewer left off (offered, never forced) ---------- */

    var resumeKey = "webinar-position:" + webinarId;
    var lastSaved = 0;
    function savePosition() {
      var t = player.time();
      if (Math.abs(t - lastSaved) < 5) return;
      lastSaved = t;
      try { localStorage.setItem(resumeKey, String(Math.floor(t))); } catch (e) { /* private mode */ }
    }
    player.on("timeupdate", savePosition);
    player.on("pause", savePosition);
    var saved = NaN;
    try { saved = parseFloat(localStorage.getItem(resumeKey)); } catch (e) { /* private mode */ }
    var explicitTime = media.getAttribute("data-explicit-time") === "true" || /[#&]t=/.test(location.hash);
    var offer = document.getElementById("resume");
    if (!explicitTime && isFinite(saved) && saved > 10) {
      document.getElementById("resume-time").textContent = clock(saved);
      offer.hidden = false;
      document.getElementById("resume-yes").addEventListener("click", function () {
        offer.hidden = true;
        playFrom(saved);
      });
      document.getElementById("resume-no").addEventListener("click", function () {
        offer.hidden = true;
        try { localStorage.removeItem(resumeKey); } catch (e) { /* private mode */ }
      });
    }

    /* ---------- #t= media fragments on the page's own address ---------- */

    /* Same answers as the server gives for ?t=: unreadable starts at 0, too late at the end. */
    function applyHash() {
      var hash = /(?:^#|&)t=([^&]*)/.exec(location.hash);
      if (!hash) return;
      var raw = hash[1];
      try { raw = decodeURIComponent(raw); } catch (e) { /* keep it as written */ }
      var parts = raw.split(",");
      var from = parts[0] === "" ? 0 : parseTime(parts[0]);
      var to = parts.length > 1 ? parseTime(parts[1]) : NaN;
      var total = duration();
      var hashNotice = document.getElementById("hash-notice");
      hashNotice.hidden = true;
      if (!isFinite(from)) {
        hashNotice.textContent = "Le temps « " + raw + " » n'a pas pu être lu : la lecture part du début.";
        hashNotice.hidden = false;
        seekTo(0, NaN);
      } else if (isFinite(total) && from >= total) {
        hashNotice.textContent = "Le temps « " + raw + " » dépasse la fin de l'enregistrement (" +
          clock(total) + ") : la lecture part de la fin.";
        hashNotice.hidden = false;
        seekTo(Math.max(total - 1, 0), NaN);
      } else {
        seekTo(from, to > from ? to : NaN);
      }
    }
    applyHash();
    window.addEventListener("hashchange", applyHash);

    showChapter(chapterAt(parseFloat(media.getAttribute("data-start")) || 0));
  }

  function ready() {
    enableCopyButtons(document);
    document.body.addEventListener("htmx:afterSwap", function (event) { enableCopyButtons(event.detail.target); });
    start();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
