"""The web side: the app's factory and its layers, each importing only the ones below it.

factory, templating -> cli -> organisers -> pages -> content -> media | site -> chapters/
(ARCHITECTURE.md draws them and says where a change goes.)
"""
