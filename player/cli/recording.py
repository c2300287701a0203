"""CLI commands about the recording: the generated stand-in, a real one from its URL, and the
chapter thumbnails made from either."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from chapters.chat import DiscussionError
from chapters.model import PLATFORM_NAMES, Recording, Webinar
from chapters.store import StoreError, load_webinar, save_webinar
from chapters.timecode import to_clock
from player.cli.common import (
    Interrupted, add_commands, fail, load_or_fail, signals_deferred, stop_cleanly,
)
from player.cli.pictures import (
    audio_step, drop_audio_edition, local_recording, media_work, recording_file, share_cards,
    slides_step,
)
from player.content.discussion import ImportRefused, has_discussion, import_chat, look_for_answers
from player.media import demo, ffmpeg, site_chapters, thumbnails, voice, ytdlp
from player.media.captions import download_captions

LANGUAGES = {"fr": "Français", "en": "English", "de": "Deutsch", "es": "Español", "it": "Italiano"}


@click.command("demo-recording")
@with_appcontext
@click.argument("webinar_id", metavar="[WEBINAIRE]", required=False)
@click.option("--force", is_flag=True, help="Regénère même si le fichier est à jour.")
def demo_recording(webinar_id: str | None, force: bool) -> None:
    """Génère l'enregistrement de démonstration, parlé et sous-titré quand espeak-ng est
    installé, avec ses vignettes, ses cartes de partage et son édition audio (instantané s'il
    est à jour)."""
    webinar, folder = load_or_fail(webinar_id)
    if webinar.recording.kind != "demo":
        click.echo(f"{webinar.id} : enregistrement réel ({webinar.recording.kind}), rien à générer")
        return
    target = recording_file(webinar, folder)
    if voice.espeak_exe() is None:
        click.echo(voice.MISSING, err=True)
    try:
        demo.make_demo_recording(webinar, target, force=force)
    except ffmpeg.MediaError as error:
        fail(f"{target} : {error}")
    click.echo(f"{target} : prêt")
    if demo.demo_captions(target).is_file():
        click.echo(f"{demo.demo_captions(target)} : sous-titres français")
        _answers_again(webinar, folder)
    # Instant when the stand-in was already up to date: the thumbnails' and cards' indexes say so.
    with media_work(webinar) as webinar:
        _pictures(webinar, target, force=force, blamed=target.parent / thumbnails.THUMBS_DIR)
        slides_step(target, force=force)  # instant too when up to date
        audio_step(webinar, target, force=force, strict=False)  # likewise; a failure only warns


@click.command("thumbnails")
@with_appcontext
@click.argument("webinar_id", metavar="[WEBINAIRE]", required=False)
@click.option("--force", is_flag=True, help="Refait les vignettes même si elles sont à jour.")
def thumbnails_command(webinar_id: str | None, force: bool) -> None:
    """Fait une petite image par chapitre (et les cartes de partage) à partir de
    l'enregistrement du dossier media/ du webinaire."""
    webinar, folder = load_or_fail(webinar_id)
    target = local_recording(webinar, folder, "aucune vignette à faire")
    if target is not None:
        with media_work(webinar) as webinar:
            _pictures(webinar, target, force=force, blamed=target)


def _pictures(webinar: Webinar, media_path: Path, *, force: bool = False,
              blamed: Path | None = None) -> None:
    """The chapters' thumbnails, then the share cards, from the recording at ``media_path``.

    A failure ends the command naming ``blamed``; without it, the recording is in force
    whatever happens here and a failure only warns.
    """
    thumbs = media_path.parent / thumbnails.THUMBS_DIR
    try:
        made = thumbnails.make_thumbnails(webinar, media_path, force=force)
    except (ffmpeg.MediaError, OSError) as error:
        if blamed is not None:
            fail(f"{blamed} : {error}")
        click.echo(f"attention : vignettes non faites : {error}", err=True)
        return
    click.echo(f"{thumbs} : {len(made)} vignettes")
    share_cards(webinar, media_path.parent, media_path, force=force, strict=blamed is not None)


class _ProgressBar:
    """Draws yt-dlp's progress on stderr; knows the total only when the server sends it."""

    def __init__(self):
        self.bar = None
        self.done = 0
        self.told = -1  # off a terminal: the last tenth (or 5 MB step) printed as a line

    def __call__(self, downloaded: int, total: int | None) -> None:
        if not sys.stderr.isatty():  # a log or a background job: a line now and then
            step = downloaded * 10 // total if total else downloaded // (5 * 2**20)
            if step > self.told:
                self.told = step
                click.echo(f"Téléchargement : {min(step * 10, 100)} %" if total
                           else f"Téléchargement : {downloaded // 2**20} Mo")
        if self.bar is None:
            self.bar = click.progressbar(length=total or 0, label="Téléchargement", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(max(0, downloaded - self.done))
        self.done = downloaded

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def _choose_mode(info: ytdlp.SourceInfo, mode: str | None, url: str) -> str:
    if mode is None:
        mode = "embed" if info.platform else "link" if info.media_url else "download"
    if mode == "embed" and not info.platform:
        fail(f"{url} : mode embed impossible (ni YouTube, ni Vimeo, ni PeerTube) ; "
              "utilisez --mode download ou --mode link")
    if mode == "link" and not info.media_url:
        fail(f"{url} : aucun fichier média direct à cette adresse ; utilisez --mode download")
    return mode


def _fetch_media(info, mode: str, folder, timeout: float) -> tuple[str, float | None, Path | None]:
    """Where the page will play the recording from, its duration, and for a download the
    checked file still under its hidden name (``src`` is the served name it gets once the data
    files say so: a file that fails a check is never served, even for a moment)."""
    if mode == "embed":
        return info.embed_url(), info.duration, None
    if mode == "link":
        return info.media_url, info.duration or ffmpeg.probe_duration(info.media_url, timeout=timeout), None
    bar = _ProgressBar()
    name = f"recording-{info.raw.get('id') or 'media'}"
    try:
        hidden = ytdlp.download(info, folder / "media", name=name, progress=bar, timeout=timeout,
                                publish=False)
    finally:
        bar.close()
    try:
        duration = ffmpeg.probe_duration(hidden)
    except ffmpeg.MediaError as error:
        hidden.unlink(missing_ok=True)
        raise ffmpeg.MediaError(f"{info.url} : le fichier reçu n'est pas un média lisible "
                                f"({str(error).replace(hidden.name, 'fichier reçu')})") from None
    except BaseException:
        hidden.unlink(missing_ok=True)
        raise
    return ytdlp.published_name(hidden, name), duration, hidden


def _platform_chapters(webinar: Webinar, info, choice: str, label: str) -> None:
    """Print where the platform's chapters differ; take them if the organiser chose so."""
    if not info.chapters:
        if choice == "platform":
            fail(f"{info.url} : la plateforme ne donne aucun chapitre")
        return
    ours = [(c.title, c.start) for c in webinar.chapters]
    for line in site_chapters.compare_chapters(ours, info.chapters, label=label):
        click.echo(line, err=True)
    if choice == "platform":
        if len(info.chapters) != len(webinar.chapters):
            fail(f"{info.url} : {len(info.chapters)} chapitres sur {label}, "
                  f"{len(webinar.chapters)} dans le programme ; corrigez webinar.yaml à la main")
        for chapter, (start, _title) in zip(webinar.chapters, sorted(info.chapters)):
            chapter.start = start


DEADLINE = 600.0  # seconds: a page, its captions and an hour-long download on a modest line
WAIT_MAX = 7 * 24 * 3600.0  # a week: above it, a limit is a typing error (and overflows timers)


def _seconds(_ctx, param, value: float) -> float:
    """A finite number of seconds, more than 0 and at most WAIT_MAX (nan passes FloatRange)."""
    if not 0 < value <= WAIT_MAX:
        raise click.BadParameter(f"« {value:g} » n'est pas un nombre de secondes entre 0 et {WAIT_MAX:g}",
                                 param=param)
    return value


@click.command("set-recording", help="""Utilise l'enregistrement d'une adresse (YouTube, Vimeo,
PeerTube, une page ou un fichier média), résolue avec yt-dlp.

\b
--timeout borne chaque attente du réseau (une lecture qui ne vient pas) ;
--deadline borne toute la commande : la page, les sous-titres et le
téléchargement. Au-delà, comme sur Ctrl-C ou SIGTERM, elle s'arrête, efface
ses fichiers temporaires et ne change rien ; un téléchargement interrompu
reprend à la commande suivante.
""" f"Une page de plus de {ytdlp.PAGE_MAX_BYTES // 2**20} Mo est refusée.")
@with_appcontext
@click.argument("url")
@click.option("--webinar", "webinar_id", metavar="WEBINAIRE", help="Identifiant du webinaire (par défaut, celui du 4 mai 2021).")
@click.option("--mode", type=click.Choice(["embed", "download", "link"]),
              help="embed : lecteur du site ; download : fichier copié ici ; link : fichier lu à son adresse.")
@click.option("--lang", metavar="LANGUE", default="fr", show_default=True, help="Langue des sous-titres à récupérer.")
@click.option("--chapters", "chapters_from", type=click.Choice(["programme", "platform"]),
              default="programme", show_default=True, help="Quels temps de chapitres garder.")
@click.option("--timeout", type=float, metavar="SECONDES", callback=_seconds, default=15.0, show_default=True,
              help="Attente maximale de chaque lecture du réseau, en secondes.")
@click.option("--deadline", type=float, metavar="SECONDES", callback=_seconds, default=DEADLINE, show_default=True,
              help="Durée maximale de toute la commande (page, sous-titres, téléchargement), en secondes.")
def set_recording(url, webinar_id, mode, lang, chapters_from, timeout, deadline) -> None:
    webinar, folder = load_or_fail(webinar_id)
    media_dir = folder / "media"
    media_dir.mkdir(parents=True, exist_ok=True)
    try:
        # Ctrl-C, SIGTERM and the deadline stop the network work below the same way; the data
        # files are written only after it, so a stop never leaves them half-changed.
        with stop_cleanly(deadline):
            info, mode, src, duration, captions, hidden = _fetch_recording(
                webinar, folder, url, mode, lang, chapters_from, timeout)
    except Interrupted as stop:
        partial = [p for p in media_dir.glob(".*.part") if p.is_file()]
        resume = " ; relancez-la pour reprendre le téléchargement" if partial else ""
        fail(f"{url} : commande {stop.reason}, l'enregistrement précédent reste en place{resume}",
             stop.exit_code)
    webinar.recording = Recording(
        kind="file" if mode == "download" else mode,
        src=src,
        duration=round(duration, 3) if duration else None,
        duration_assumed=False,
        platform=info.platform if mode == "embed" else None,
        embed_id=info.embed_id if mode == "embed" else None,
        title=info.title,
        page_url=info.webpage_url if info.webpage_url.startswith(("http://", "https://")) else None,
        captions=captions,
    )
    if mode == "embed":
        _warn_if_api_missing(webinar.recording.platform)
    click.echo("Étape : enregistrement des données")
    try:
        with signals_deferred():  # a stop waits until all is in place
            _publish(hidden, media_dir / src, webinar, folder, info)
    except (StoreError, OSError) as error:
        fail(str(error))
    click.echo(f"{webinar.id} : enregistrement « {info.title or url} » ({mode}), "
               f"durée {round(duration) if duration else 'inconnue'} s, sous-titres : {len(captions)}")
    _import_live_chat(webinar, folder, info, timeout)
    _answers_again(webinar, folder)
    if mode == "download":
        with media_work(webinar) as webinar:
            click.echo("Étape : vignettes et cartes de partage")
            _pictures(webinar, media_dir / src)
            click.echo("Étape : diapositives")
            slides_step(media_dir / src, strict=False)  # the recording is in force: a warning
            click.echo("Étape : édition audio")
            audio_step(webinar, media_dir / src, strict=False)
    else:
        drop_audio_edition(media_dir)  # played from elsewhere: no audio edition


def _publish(hidden: Path | None, served: Path, webinar: Webinar, folder: Path, info) -> None:
    """The downloaded file under its served name, then the data files that name it; the
    served file goes again if they cannot be written (unless it was already the recording)."""
    if hidden is not None:
        os.replace(hidden, served)
    try:
        ytdlp.save_metadata(info, folder)
        save_webinar(webinar, folder)
    except BaseException:
        if hidden is not None and served.name != _current_src(folder):
            served.unlink(missing_ok=True)
        raise


def _current_src(folder: Path) -> str | None:
    """The recording file the data file names now (None when it cannot be read)."""
    try:
        return load_webinar(folder).recording.src
    except (StoreError, OSError):
        return None


def _fetch_recording(webinar: Webinar, folder: Path, url, mode, lang, chapters_from, timeout):
    """Resolve, fetch and check; captions end up in ``media/``, a download stays under its
    hidden name (returned last), the data files are not touched. Any failure or stop removes
    what this run added (but a stopped download's ``.part``, kept so that the next run resumes
    it; the start-up sweep removes it after an hour)."""
    media_dir = folder / "media"
    # Captions arrive in a hidden folder and move beside the recording only once all is checked.
    with tempfile.TemporaryDirectory(dir=media_dir, prefix=".incoming-") as incoming:
        try:
            info = ytdlp.resolve(url, timeout=timeout)
            mode = _choose_mode(info, mode, url)
            src, duration, hidden = _fetch_media(info, mode, folder, timeout)
        except (ytdlp.SourceError, ffmpeg.MediaError) as error:
            fail(str(error))
        try:
            _check_fits(webinar, duration, url)
            click.echo("Étape : sous-titres")  # stage lines: progress for a background job
            caption = download_captions(info, incoming, lang=lang, timeout=timeout)
            _platform_chapters(webinar, info, chapters_from, PLATFORM_NAMES.get(info.platform or "", "la plateforme"))
            captions = []
            if caption is not None:
                os.replace(caption, media_dir / caption.name)
                captions.append({"lang": lang, "label": LANGUAGES.get(lang, lang), "file": caption.name})
            else:
                click.echo(f"attention : aucun sous-titre « {lang} » proposé par {url}", err=True)
        except BaseException as error:
            if hidden is not None:
                hidden.unlink(missing_ok=True)  # never served: nothing to keep
            if isinstance(error, ytdlp.SourceError):
                fail(str(error))
            raise
    return info, mode, src, duration, captions, hidden


LIVE_CHAT = "live_chat"  # yt-dlp's name for YouTube's chat replay, offered as a subtitle track


def _import_live_chat(webinar: Webinar, folder: Path, info, timeout: float) -> None:
    """The site's chat replay, when it keeps one, merged into the discussion (import-chat's
    code); a failure only warns: the recording is in place already."""
    if not any(t["lang"] == LIVE_CHAT for t in info.subtitles):
        return
    click.echo("Étape : discussion du direct")
    with tempfile.TemporaryDirectory(dir=folder / "media", prefix=".incoming-") as incoming:
        try:
            track = ytdlp.download_track(info.url, LIVE_CHAT, incoming, timeout=timeout)
            done = track and import_chat(webinar, folder, track, shown=f"{LIVE_CHAT}.json")
        except (ytdlp.SourceError, ImportRefused) as error:
            click.echo(f"attention : discussion du direct non importée : {error}", err=True)
            return
    if not done:
        click.echo(f"attention : discussion du direct annoncée mais non reçue de {info.url}", err=True)
        return
    for warning in done.warnings:
        click.echo(f"attention : {warning}", err=True)
    click.echo(f"discussion du direct : {done.read} message(s) lu(s), {done.added} nouveau(x)")


def _answers_again(webinar: Webinar, folder: Path) -> None:
    """New captions: the audience's questions' answers looked for in them (find-answers)."""
    if not has_discussion(webinar):
        return
    try:
        answered = look_for_answers(webinar, folder)
    except (DiscussionError, OSError) as error:
        click.echo(f"attention : réponses aux questions non cherchées : {error}", err=True)
        return
    if answered is not None:
        click.echo(f"réponses : {answered} question(s) avec le moment de leur réponse")


def _warn_if_api_missing(platform: str) -> None:
    """A site API configured as one of our static files must be there (PeerTube's is not shipped)."""
    api = current_app.config["EMBED_API_SCRIPTS"].get(platform, "")
    if api.startswith("/static/") and not Path(current_app.root_path, api.lstrip("/")).is_file():
        click.echo(f"attention : {api} absent : la page ne pourra pas piloter le lecteur "
                   f"{PLATFORM_NAMES[platform]} (voir le README)", err=True)


def _check_fits(webinar: Webinar, duration: float | None, url: str) -> None:
    """Every chapter must start inside the recording."""
    late = [c for c in webinar.chapters if duration is not None and c.start >= duration]
    if late:
        fail(f"{url} : l'enregistrement dure {to_clock(duration)}, "
              f"il finit avant le début de « {late[0].title} » ({to_clock(late[0].start)})")


COMMANDS = [demo_recording, set_recording, thumbnails_command]


def init_app(app) -> None:
    """Attach this module's commands to the app's CLI."""
    add_commands(app, *COMMANDS)
