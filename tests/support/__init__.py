"""What the tests share: plain helpers and constants (fixtures stay in the conftest.py files).

No test module imports another test module; whatever two of them need lives here.
"""
