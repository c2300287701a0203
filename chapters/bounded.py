"""A map kept in memory that never outgrows its bound: every cache of the project is one.

Least recently used first out, by a number of entries and, when given, by the bytes its values
hold: a flood of distinct keys (addresses, queries, versions of a file) only churns it.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Any

_LIVE: weakref.WeakSet[BoundedCache] = weakref.WeakSet()


class BoundedCache:
    """A thread-safe LRU map of at most ``entries`` items and, if ``max_bytes`` is set, at most
    that many bytes as ``size(value)`` counts them (a value larger than that is not kept).
    ``name`` says what it holds (listed by ``live_caches``)."""

    def __init__(
        self,
        entries: int,
        max_bytes: int | None = None,
        size: Callable[[Any], int] = len,
        *,
        name: str = "",
    ) -> None:
        if entries < 1:
            raise ValueError("entries must be at least 1")
        self.name = name
        self.entries = entries
        self.max_bytes = max_bytes
        self._size = size
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = Lock()
        _LIVE.add(self)

    def get(self, key: Hashable, default: Any = None) -> Any:
        """The value kept for ``key`` (now the most recently used), else ``default``."""
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return default
            self._items.move_to_end(key)
            return found[0]

    def put(self, key: Hashable, value: Any) -> None:
        """Keep ``value`` for ``key``, dropping the least recently used items past the bound."""
        weight = self._size(value) if self.max_bytes is not None else 0
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            if self.max_bytes is not None and weight > self.max_bytes:
                return
            self._items[key] = (value, weight)
            self._bytes += weight
            while len(self._items) > self.entries or (
                self.max_bytes is not None and self._bytes > self.max_bytes
            ):
                _, (_, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped

    def keys(self) -> list[Hashable]:
        """The keys kept, least recently used first (a copy)."""
        with self._lock:
            return list(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0

    @property
    def bytes(self) -> int:
        """What the kept values weigh (0 when the cache is bounded by entries only)."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._items


def live_caches() -> list[BoundedCache]:
    """Every bounded cache of this process still in use, by name: what a memory check looks at."""
    return sorted(_LIVE, key=lambda cache: cache.name)
