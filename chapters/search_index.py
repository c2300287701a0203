"""The static export's search document: moved to ``chapters.search.static``."""

from .search.static import static_index

__all__ = ["static_index"]
