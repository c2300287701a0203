"""A programme handout read into a webinar and written into its folder, every failure one French
line: shared by the import-programme command (player/cli/programme.py) and the organisers'
upload page (player/organisers/upload.py)."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

from chapters.programme import HandoutError, ProgrammeError, import_file
from chapters.store import StoreError, save_webinar

__all__ = ["ImportFailure", "read_handout", "write_imported"]


class ImportFailure(Exception):
    """A handout that cannot be read, or its webinar written: one French line."""


def read_handout(path: Path):
    """``import_file`` with its failures as one French ImportFailure (for the
    import-programme command and the organisers' upload page)."""
    if path.is_dir():
        raise ImportFailure(f"{path} : c'est un dossier ; donnez le fichier du programme (.docx, .md ou .txt)")
    if not path.is_file():
        raise ImportFailure(f"{path} : fichier introuvable")
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
