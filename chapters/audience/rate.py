"""Beacons and new views per connection, counted in this process's memory only (an address is
never written anywhere): past the limits, a beacon is answered as any other and not counted.

With several workers each counts for itself, so a client spread over them gets at most the
limits times the number of workers."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field

from chapters.bounded import BoundedCache

BEACONS_PER_MINUTE = 30
VIEWS_PER_HOUR = 10
ADDRESSES = 20_000  # connections remembered at once; the least recent are forgotten first


@dataclass
class _Client:
    beacons: deque = field(default_factory=deque)  # times of the last minute's beacons
    views: dict = field(default_factory=dict)  # view id -> when first seen, the last hour


class RateLimit:
    """``allow(address, view, now)``: whether a beacon from ``address`` for page view ``view``
    may be counted (at most ``beacons`` a minute, ``views`` new views an hour)."""

    def __init__(self, beacons: int = BEACONS_PER_MINUTE, views: int = VIEWS_PER_HOUR,
                 addresses: int = ADDRESSES):
        self.beacons, self.views = beacons, views
        self._clients = BoundedCache(addresses, name="audience: beacons per connection")
        self._lock = threading.Lock()

    def allow(self, address: str, view: str, now: float) -> bool:
        with self._lock:
            client = self._clients.get(address)
            if client is None:
                client = _Client()
                self._clients.put(address, client)
            while client.beacons and client.beacons[0] <= now - 60:
                client.beacons.popleft()
            if len(client.beacons) >= self.beacons:
                return False
            for known, since in list(client.views.items()):
                if since <= now - 3600:
                    del client.views[known]
            if view not in client.views:
                if len(client.views) >= self.views:
                    return False
                client.views[view] = now
            client.beacons.append(now)
            return True
