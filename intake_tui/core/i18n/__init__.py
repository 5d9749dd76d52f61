"""Languages: the app's own words (``_``) and the bank's translations (bank_files.py).

English is the source language: with it active, ``_`` is one dict lookup that misses
and returns its argument; no catalogue is read and Babel is never imported.
"""

from __future__ import annotations

ENGLISH = "en"
