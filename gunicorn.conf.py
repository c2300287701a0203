"""Gunicorn settings for ``scripts/run`` (behind nginx, on a unix socket: deploy/nginx.conf) and
``bench/load``: ``gunicorn -c gunicorn.conf.py app:create_app()``.

Workers and threads follow the CPU count; run alone, the address is 127.0.0.1:5000 unless
``--bind`` on the command line, ``GUNICORN_BIND`` or ``PORT`` in the environment says otherwise.
``GUNICORN_WORKERS`` and ``GUNICORN_THREADS`` override the counts.
"""

from __future__ import annotations

import os

_cores = os.cpu_count() or 1

wsgi_app = "app:create_app()"
bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '5000')}"
# gthread: a slow viewer reading the recording holds a thread, not a whole process
worker_class = "gthread"
# One process per core: pages come from memory (player/page_cache.py), so a request costs
# little CPU and more processes than cores only add switching. bench/load on 2 cores, page at
# 64 connections: 5 processes of 4 threads gave p99 110-880 ms, 2 of 8 gave 45-48 ms.
workers = int(os.environ.get("GUNICORN_WORKERS", max(2, _cores)))
# Threads wait on slow clients (a viewer reading the recording holds one while it reads)
threads = int(os.environ.get("GUNICORN_THREADS", 8))
# each recording read is a long response: keep-alive short
keepalive = 5
timeout = 60
graceful_timeout = 10
# quiet: errors only; one access line per request would drown the terminal under load
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "warning")
accesslog = None
errorlog = "-"


def when_ready(server):
    """Say where to go and how to stop, once, when every worker can take requests: the front's
    public address when scripts/run names it in ``SERVED_AT`` (gunicorn is then on a socket)."""
    addresses = os.environ.get("SERVED_AT", "").split() or [str(each) for each in server.LISTENERS]
    for address in addresses:
        print(f"Lecteur servi sur {address}/  (Ctrl+C pour arrêter)", flush=True)
