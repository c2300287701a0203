"""The organisers' commands: common.py (what every command shares: French errors and help) and
one module per area, each registering its own commands with ``init_app``. Command modules
never import each other.
"""
