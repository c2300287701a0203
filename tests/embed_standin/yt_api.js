/* A local stand-in for YouTube's IFrame Player API, for tests only: the same constructor,
 * methods, states and ready callback, with a simulated clock instead of a real video. */
(function () {
  "use strict";
  var DURATION = 6300;
  window.__standinCalls = [];
  function Player(frame, options) {
    var self = this, time = 0, state = -1, rate = 1, muted = false, started = 0;
    var events = (options && options.events) || {};
    function now() { return state === 1 ? Math.min(DURATION, time + (Date.now() - started) / 1000 * rate) : time; }
    function setState(s) {
      time = now(); started = Date.now(); state = s;
      if (events.onStateChange) events.onStateChange({ target: self, data: s });
    }
    function log(name, arg) { window.__standinCalls.push(arg === undefined ? name : name + ":" + arg); }
    this.playVideo = function () { log("playVideo"); setState(1); };
    this.pauseVideo = function () { log("pauseVideo"); setState(2); };
    this.seekTo = function (t) { log("seekTo", t); time = t; started = Date.now(); };
    this.getCurrentTime = function () { return now(); };
    this.getDuration = function () { return DURATION; };
    this.getPlayerState = function () { return state; };
    this.mute = function () { log("mute"); muted = true; };
    this.unMute = function () { log("unMute"); muted = false; };
    this.isMuted = function () { return muted; };
    this.setPlaybackRate = function (r) { log("setPlaybackRate", r); time = now(); started = Date.now(); rate = r; };
    this.getPlaybackRate = function () { return rate; };
    this.getIframe = function () { return frame; };
    setTimeout(function () { if (events.onReady) events.onReady({ target: self }); }, 50);
  }
  window.YT = { Player: Player, PlayerState: { ENDED: 0, PLAYING: 1, PAUSED: 2 } };
  setTimeout(function () { if (window.onYouTubeIframeAPIReady) window.onYouTubeIframeAPIReady(); }, 0);
})();
