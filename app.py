"""The app for ``flask --app app`` and gunicorn (``app:create_app()``): the factory lives in
player/factory.py."""

from player.factory import create_app

__all__ = ["create_app"]
