"""The one way to run a program (ffmpeg, ffprobe, espeak-ng): output captured, a time limit,
and every failure raised as one French line in the caller's own exception class."""

from __future__ import annotations

import subprocess


def error_line(stderr: str | bytes, fallback: str = "erreur inconnue") -> str:
    """The last line a program printed, the one that says why it failed (200 characters)."""
    if isinstance(stderr, bytes):
        stderr = stderr.decode("utf-8", "replace")
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return lines[-1][:200] if lines else fallback


def run(
    command: list[str],
    error: type[Exception],
    *,
    program: str,
    timeout: float,
    subject: str = "",
    failed: str | None = None,
    fallback: str | None = None,
    stdin: bytes | None = None,
    text: bool = False,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    """Run ``command`` and return what it printed.

    A time-out (``subject`` names what was being made: ``"demo.mp4 : "``) or a failure to start
    raises ``error`` naming ``program``. When ``failed`` is given, a non-zero exit raises
    ``error("<failed> : <last line of stderr>")`` too (``fallback``, else the exit code, when
    it printed nothing); without it the caller reads the exit code itself. ``env``: the
    program's whole environment (None: this process's).
    """
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, text=text, timeout=timeout,
                              env=env)
    except subprocess.TimeoutExpired:
        raise error(f"{subject}{program} a dépassé {timeout:g} s") from None
    except OSError as err:
        raise error(f"{program} n'a pas pu être lancé : {err}") from None
    if failed is not None and done.returncode != 0:
        raise error(f"{failed} : {error_line(done.stderr, fallback or f'code {done.returncode}')}")
    return done
