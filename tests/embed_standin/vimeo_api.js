/* A local stand-in for Vimeo's Player API (player.js), for tests only: promise-based methods and
 * named events, with a simulated clock instead of a real video. */
(function () {
  "use strict";
  var DURATION = 6300;
  window.__standinCalls = [];
  function log(name, arg) { window.__standinCalls.push(arg === undefined ? name : name + ":" + arg); }
  function Player(frame) {
    var time = 0, playing = false, rate = 1, started = 0, handlers = {};
    function now() { return playing ? Math.min(DURATION, time + (Date.now() - started) / 1000 * rate) : time; }
    function fire(name) { (handlers[name] || []).forEach(function (fn) { fn({ seconds: now(), duration: DURATION }); }); }
    this.ready = function () { return new Promise(function (resolve) { setTimeout(resolve, 50); }); };
    this.on = function (name, fn) { (handlers[name] = handlers[name] || []).push(fn); };
    this.play = function () { log("play"); time = now(); started = Date.now(); playing = true; fire("play"); return Promise.resolve(); };
    this.pause = function () { log("pause"); time = now(); playing = false; fire("pause"); return Promise.resolve(); };
    this.setCurrentTime = function (t) { log("setCurrentTime", t); time = t; started = Date.now(); fire("seeked"); return Promise.resolve(t); };
    this.getCurrentTime = function () { return Promise.resolve(now()); };
    this.getDuration = function () { return Promise.resolve(DURATION); };
    this.setMuted = function (m) { log("setMuted", m); return Promise.resolve(m); };
    this.setPlaybackRate = function (r) { log("setPlaybackRate", r); time = now(); started = Date.now(); rate = r; return Promise.resolve(r); };
    this.element = frame;
  }
  window.Vimeo = { Player: Player };
})();
