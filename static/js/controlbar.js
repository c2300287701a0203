/* The player's own control bar: play, time, volume, captions, speed, full screen, and the
 * current chapter's title (a button that opens the chapter list). With it on screen the
 * <video> drops its native controls: one bar, one timeline. */

import { clock } from "./time.js";
import { part } from "./dom.js";

function setIcon(button, icon, label, key) {
  button.querySelector("use").setAttribute("href", `#${icon}`);
  button.setAttribute("aria-label", label);
  button.setAttribute("data-tip", `${label} (${key})`);
}

export function controlbar(player, { bar, stage, onChapterList }) {
  const play = part(bar, "play"), mute = part(bar, "mute"), volume = part(bar, "volume");
  const speed = part(bar, "speed"), full = part(bar, "fullscreen");
  const captions = part(bar, "captions-toggle"), now = part(bar, "time-now"), total = part(bar, "time-total");
  const rates = [...speed.options].map((o) => parseFloat(o.value));

  if (player.kind === "html5") player.element.controls = false;
  bar.hidden = false;
  stage.classList.add("custom-controls");
  // under 46rem the volume slider folds (player.css): a class, as a container query slowed the bar
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
  new ResizeObserver(([e]) => bar.classList.toggle("narrow", e.contentRect.width < 46 * rem)).observe(bar);

  const togglePlay = () => (player.paused() ? player.play() : player.pause());
  const showPlaying = () => {
    const paused = player.paused();
    setIcon(play, paused ? "i-play" : "i-pause", paused ? "Lecture" : "Pause", "k");
    stage.classList.toggle("paused", paused);
  };
  play.addEventListener("click", togglePlay);
  player.on("play", showPlaying);
  player.on("pause", showPlaying);
  if (player.kind === "html5") {
    player.element.addEventListener("click", togglePlay);
    player.element.addEventListener("dblclick", () => toggleFullscreen());
  }

  const showTime = () => { now.textContent = clock(player.time()); };
  const showTotal = () => { if (isFinite(player.length())) total.textContent = clock(player.length()); };
  player.on("timeupdate", showTime);
  player.on("seeked", showTime);
  player.on("durationchange", showTotal);
  player.on("loadedmetadata", showTotal);

  const toggleMute = () => player.muted(!player.muted());
  const showVolume = () => {
    const off = player.muted() || player.volume() === 0;
    setIcon(mute, off ? "i-muted" : "i-sound", off ? "Rétablir le son" : "Couper le son", "m");
    volume.value = String(player.muted() ? 0 : player.volume());
  };
  mute.addEventListener("click", () => { toggleMute(); if (player.kind !== "html5") showVolume(); });
  volume.addEventListener("input", () => {
    player.volume(parseFloat(volume.value));
    player.muted(parseFloat(volume.value) === 0);
    if (player.kind !== "html5") showVolume();
  });
  player.on("volumechange", showVolume);

  function setRate(rate) {
    player.rate(rate);
    speed.value = String(rate);
  }
  speed.addEventListener("change", () => setRate(parseFloat(speed.value)));
  function stepRate(direction) {
    const index = rates.indexOf(player.rate());
    const from = index < 0 ? rates.indexOf(1) : index;
    setRate(rates[Math.min(rates.length - 1, Math.max(0, from + direction))]);
  }

  function toggleCaptions() {
    if (!captions) return;
    const on = captions.getAttribute("aria-pressed") !== "true";
    for (const track of player.element.textTracks || []) {
      if (track.kind === "subtitles" || track.kind === "captions") track.mode = on ? "showing" : "disabled";
    }
    captions.setAttribute("aria-pressed", String(on));
  }
  if (captions) captions.addEventListener("click", toggleCaptions);

  /* Full screen holds the whole player, so the chapter bar stays in view. */
  function toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (stage.requestFullscreen) stage.requestFullscreen().catch(() => {});
  }
  full.addEventListener("click", toggleFullscreen);
  document.addEventListener("fullscreenchange", () => {
    const on = document.fullscreenElement === stage;
    setIcon(full, on ? "i-unfull" : "i-full", on ? "Quitter le plein écran" : "Plein écran", "f");
  });

  part(bar, "chapter-button").addEventListener("click", () => {
    if (document.fullscreenElement) document.exitFullscreen();
    onChapterList();
  });

  showTotal();
  return { togglePlay, toggleMute, stepRate, toggleCaptions, toggleFullscreen };
}
