"""The recording and the pages that play it: sources, media serving, views, CLI commands."""
