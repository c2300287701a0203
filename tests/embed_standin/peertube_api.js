/* A local stand-in for PeerTube's embed API (@peertube/embed-api), for tests only: the same
 * PeerTubePlayer class, ready promise, methods and events, with a simulated clock. */
(function () {
  "use strict";
  var DURATION = 6300;
  window.__standinCalls = [];
  function log(name, arg) { window.__standinCalls.push(arg === undefined ? name : name + ":" + arg); }
  function PeerTubePlayer(frame) {
    var time = 0, playing = false, rate = 1, started = 0, handlers = {};
    function now() { return playing ? Math.min(DURATION, time + (Date.now() - started) / 1000 * rate) : time; }
    function fire(name, value) { (handlers[name] || []).forEach(function (fn) { fn(value); }); }
    setInterval(function () {
      fire("playbackStatusUpdate", { position: now(), duration: DURATION, volume: 1,
        playbackState: playing ? "playing" : "paused" });
    }, 250);
    this.ready = new Promise(function (resolve) { setTimeout(resolve, 50); });
    this.addEventListener = function (name, fn) { (handlers[name] = handlers[name] || []).push(fn); };
    this.play = function () { log("play"); time = now(); started = Date.now(); playing = true; fire("playbackStatusChange", "playing"); return Promise.resolve(); };
    this.pause = function () { log("pause"); time = now(); playing = false; fire("playbackStatusChange", "paused"); return Promise.resolve(); };
    this.seek = function (t) { log("seek", t); time = t; started = Date.now(); return Promise.resolve(); };
    this.setVolume = function (v) { log("setVolume", v); return Promise.resolve(); };
    this.setPlaybackRate = function (r) { log("setPlaybackRate", r); time = now(); started = Date.now(); rate = r; return Promise.resolve(); };
    this.element = frame;
  }
  window.PeerTubePlayer = { PeerTubePlayer: PeerTubePlayer };
})();
