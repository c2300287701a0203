"""A programme handout read into a webinar and written into its folder, every failure one French
line: shared by the import-programme command (player/cli/programme.py) and the organisers'
upload page (player/organisers/upload.py).

The handout is read in a child process (``python -m player.content.handouts FILE``) given
``seconds`` (the IMPORT_SECONDS setting) and a memory cap: an import that runs longer is killed
and becomes a French ImportFailure, so neither a request thread nor the command can be held by
a document made to be slow.
"""

from __future__ import annotations

import errno
import os
import pickle
import resource
import shutil
import subprocess
import sys
from pathlib import Path

from chapters.programme import HandoutError, ProgrammeError, import_file
from chapters.store import StoreError, save_webinar

__all__ = ["ImportFailure", "read_handout", "write_imported"]


class ImportFailure(Exception):
    """A handout that cannot be read, or its webinar written: one French line."""


IMPORT_SECONDS = 20  # the default deadline of one import
MEMORY_BYTES = 2 * 1024**3  # the child's address space: a handout needs far less
_ROOT = Path(__file__).resolve().parents[2]  # the folder holding chapters/ and player/


def read_handout(path: Path, seconds: float | None = IMPORT_SECONDS):
    """``import_file`` in a child process stopped after ``seconds`` (None: in this process),
    its failures as one French ImportFailure (for the import-programme command and the
    organisers' upload page)."""
    if path.is_dir():
        raise ImportFailure(f"{path} : c'est un dossier ; donnez le fichier du programme (.docx, .md ou .txt)")
    if not path.is_file():
        raise ImportFailure(f"{path} : fichier introuvable")
    if seconds is None:
        return _read(path)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]))
    command = [sys.executable, "-m", "player.content.handouts", str(path)]
    with subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, env=env, cwd=_ROOT) as child:
        try:
            out, _ = child.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()
            shown = f"{seconds:g}".replace(".", ",")  # 0,5 s in French
            raise ImportFailure(
                f"{path} : import arrêté après {shown} s ; le document est trop long ou "
                "trop compliqué (découpez-le, ou retirez ce qui n'est pas le programme)"
            ) from None
    try:
        kind, value = pickle.loads(out)  # our own child's answer, never the organiser's bytes
    except Exception:
        raise ImportFailure(f"{path} : import interrompu (code {child.returncode})") from None
    if kind == "failure":
        raise ImportFailure(value)
    return value


def _read(path: Path):
    try:
        return import_file(path)
    except (ProgrammeError, HandoutError) as error:
        raise ImportFailure(str(error)) from None
    except UnicodeDecodeError:
        raise ImportFailure(f"{path} : ce texte n'est pas en UTF-8 ; enregistrez-le en UTF-8, ou en .docx") from None
    except OSError as error:
        raise ImportFailure(f"{path} : lecture impossible ({_os_reason(error)})") from None


def write_imported(webinar, path: Path, folder: Path) -> None:
    """Write an imported webinar into ``folder`` (its name is the id) with a copy of the
    handout ``path``; raises ImportFailure."""
    webinar.id = folder.name
    try:
        folder.mkdir(parents=True, exist_ok=True)
        save_webinar(webinar, folder)
        # the document itself, beside the data it gave, under its own kind of name
        copy = folder / f"programme{path.suffix.lower() or '.txt'}"
        if path.resolve() != copy.resolve():
            tmp = copy.with_name(f".{copy.name}.tmp")
            shutil.copyfile(path, tmp)
            tmp.replace(copy)
    except StoreError as error:
        raise ImportFailure(str(error)) from None
    except OSError as error:
        raise ImportFailure(f"{folder} : écriture impossible ({_os_reason(error)})") from None


def _os_reason(error: OSError) -> str:
    """The system's reason in French for the usual cases."""
    reasons = {errno.EACCES: "accès refusé", errno.EPERM: "opération non permise",
               errno.ENOENT: "introuvable", errno.EISDIR: "c'est un dossier",
               errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
               errno.ENOSPC: "disque plein", errno.EROFS: "système de fichiers en lecture seule"}
    return reasons.get(error.errno, error.strerror or type(error).__name__)


def _child(path: str) -> None:
    """The child's work: read ``path``, write ("result", ImportResult) or ("failure", line)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard > MEMORY_BYTES:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, hard))
    try:
        answer = ("result", _read(Path(path)))
    except ImportFailure as failure:
        answer = ("failure", str(failure))
    except MemoryError:
        answer = ("failure", f"{path} : import arrêté, le document demande trop de mémoire")
    sys.stdout.buffer.write(pickle.dumps(answer))
    sys.stdout.flush()


if __name__ == "__main__":
    _child(sys.argv[1])
