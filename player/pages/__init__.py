"""The viewers' blueprints, one module each; they import no other page but player_page.py,
the helpers every page that shows the player shares.
"""
