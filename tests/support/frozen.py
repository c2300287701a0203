"""A static export served for real: ``flask freeze`` run on an app, then ``scripts/serve-static``
(optionally ``--path /PREFIX``, as a host serves a site made with a base address that has a path)
on 127.0.0.1, a free port, in a process of its own."""

from __future__ import annotations

import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from tests.support.paths import ROOT

__all__ = ["freeze", "serving_export"]


def freeze(app, out: Path, *args: str) -> None:
    """``flask freeze OUT ARGS…`` through the app's CLI; fails the test with its output."""
    result = app.test_cli_runner().invoke(args=["freeze", str(out), *args])
    assert result.exit_code == 0, result.output
    assert "n'est pas exporté" not in result.stderr, result.stderr


@contextmanager
def serving_export(out: Path, path: str = ""):
    """``scripts/serve-static OUT 0 [--path PATH]``: the address of the export's root, no slash
    at the end (``http://127.0.0.1:PORT/replays``)."""
    command = [sys.executable, str(ROOT / "scripts" / "serve-static"), str(out), "0"]
    server = subprocess.Popen(command + (["--path", path] if path else []),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().split()[0].rstrip("/")
        assert url.startswith("http://127.0.0.1:"), server.stderr.read()
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()
        server.stderr.close()
