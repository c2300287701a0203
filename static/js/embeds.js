/* Adapters for video sites' embedded players (YouTube, Vimeo, PeerTube), as an ES module.
 *
 * Each one gives the same methods as the page's <video> adapter (adapter.js), so chapters,
 * deep links, the control bar and the address bar behave the same. Nothing is loaded from the
 * site until the viewer presses the consent button: then the iframe and the site's player API.
 * adapter.js imports this module only on pages that embed a site.
 */

function loadScript(src) {
  return new Promise(function (resolve, reject) {
    var script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = function () { reject(new Error("script " + src)); };
    document.head.appendChild(script);
  });
}

/* The common part: events, a time that is known before the site's player is ready, polling
 * of the current time while playing (site APIs report it less often than <video> does). */
function embedAdapter(box, connect, emit) {
  var site = null;          // the site's player, once ready
  var pending = parseFloat(box.getAttribute("data-start")) || 0;
  var lastTime = pending;
  var duration = parseFloat(box.getAttribute("data-duration")) || NaN;
  var paused = true, muted = false, rate = 1, volume = 1, wantPlay = false, poll = null;

  function tick() {
    if (!site) return;
    Promise.resolve(site.time()).then(function (t) {
      if (typeof t === "number" && isFinite(t)) { lastTime = t; emit("timeupdate"); }
    });
  }
  var events = {
    ready: function (api) {
      site = api;
      Promise.resolve(site.duration()).then(function (d) {
        if (d > 0) { duration = d; emit("durationchange"); }
        emit("loadedmetadata");
      });
      site.seek(pending);
      if (rate !== 1) site.rate(rate);
      if (wantPlay) site.play();
    },
    playing: function () {
      paused = false;
      if (!poll) poll = setInterval(tick, 200);
      emit("play");
    },
    paused: function () {
      paused = true;
      clearInterval(poll); poll = null;
      tick();
      emit("pause");
    },
    ended: function () { events.paused(); emit("ended"); }
  };

  var consent = box.querySelector(".consent-load");
  consent.addEventListener("click", function () {
    box.querySelector(".consent").hidden = true;
    var frame = document.createElement("iframe");
    frame.src = box.getAttribute("data-embed-src");
    frame.title = box.getAttribute("data-frame-title");
    frame.allow = "autoplay; fullscreen; picture-in-picture";
    frame.allowFullscreen = true;
    frame.className = "embed-frame";
    box.querySelector(".embed-stage").appendChild(frame);
    wantPlay = true;
    connect(frame, box, events).catch(function () {
      box.querySelector(".embed-error").hidden = false;
    });
  });

  return {
    kind: "embed",
    element: box,
    play: function () { wantPlay = true; if (site) site.play(); else consent.click(); },
    pause: function () { wantPlay = false; if (site) site.pause(); },
    paused: function () { return paused; },
    seek: function (t) {
      pending = lastTime = t;
      if (site) {
        Promise.resolve(site.seek(t)).then(function () { emit("seeked"); });
      } else {
        emit("seeked");
      }
    },
    time: function () { return lastTime; },
    duration: function () { return duration; },
    muted: function (value) {
      if (value !== undefined) { muted = value; if (site) site.mute(value); }
      return muted;
    },
    rate: function (value) {
      if (value !== undefined) { rate = value; if (site) site.rate(value); }
      return rate;
    },
    volume: function (value) {
      if (value !== undefined) { volume = value; if (site && site.volume) site.volume(value); }
      return volume;
    },
    buffered: function () { return 0; }
  };
}

/* YouTube IFrame Player API: YT.Player, state 1 playing, 2 paused, 0 ended. */
function connectYouTube(frame, box, events) {
  var api = box.getAttribute("data-api-src");
  var ready = new Promise(function (resolve) {
    if (window.YT && window.YT.Player) return resolve();
    var previous = window.onYouTubeIframeAPIReady;
    window.onYouTubeIframeAPIReady = function () { if (previous) previous(); resolve(); };
  });
  return loadScript(api).then(function () { return ready; }).then(function () {
    var yt = new window.YT.Player(frame, {
      events: {
        onReady: function () {
          events.ready({
            play: function () { yt.playVideo(); },
            pause: function () { yt.pauseVideo(); },
            seek: function (t) { yt.seekTo(t, true); },
            time: function () { return yt.getCurrentTime(); },
            duration: function () { return yt.getDuration(); },
            mute: function (on) { if (on) yt.mute(); else yt.unMute(); },
            rate: function (r) { yt.setPlaybackRate(r); }
          });
        },
        onStateChange: function (event) {
          if (event.data === 1) events.playing();
          else if (event.data === 2) events.paused();
          else if (event.data === 0) events.ended();
        }
      }
    });
  });
}

/* Vimeo Player API: promise-based methods and named events. */
function connectVimeo(frame, box, events) {
  return loadScript(box.getAttribute("data-api-src")).then(function () {
    var vimeo = new window.Vimeo.Player(frame);
    vimeo.on("play", events.playing);
    vimeo.on("pause", events.paused);
    vimeo.on("ended", events.ended);
    return vimeo.ready().then(function () {
      events.ready({
        play: function () { return vimeo.play().catch(function () {}); },
        pause: function () { return vimeo.pause(); },
        seek: function (t) { return vimeo.setCurrentTime(t); },
        time: function () { return vimeo.getCurrentTime(); },
        duration: function () { return vimeo.getDuration(); },
        mute: function (on) { return vimeo.setMuted(on); },
        rate: function (r) { return vimeo.setPlaybackRate(r).catch(function () {}); }
      });
    });
  });
}

/* PeerTube's embed API (PeerTubePlayer), served from where the organiser configured it. */
function connectPeerTube(frame, box, events) {
  return loadScript(box.getAttribute("data-api-src")).then(function () {
    var pt = new window.PeerTubePlayer.PeerTubePlayer(frame);
    var position = 0, length = NaN;
    pt.addEventListener("playbackStatusUpdate", function (status) {
      position = status.position; length = status.duration;
    });
    pt.addEventListener("playbackStatusChange", function (state) {
      if (state === "playing") events.playing();
      else if (state === "paused") events.paused();
      else if (state === "ended") events.ended();
    });
    return pt.ready.then(function () {
      events.ready({
        play: function () { return pt.play(); },
        pause: function () { return pt.pause(); },
        seek: function (t) { position = t; return pt.seek(t); },
        time: function () { return position; },
        duration: function () { return length; },
        mute: function (on) { return pt.setVolume(on ? 0 : 1); },
        rate: function (r) { return pt.setPlaybackRate(r); }
      });
    });
  });
}

export function youtube(box, emit) { return embedAdapter(box, connectYouTube, emit); }
export function vimeo(box, emit) { return embedAdapter(box, connectVimeo, emit); }
export function peertube(box, emit) { return embedAdapter(box, connectPeerTube, emit); }
