"""What an id is: the one rule for the ids of journeys, personas, touchpoints, phases and KPIs.

Validation, the JSON Schemas, `journeys new`, `journeys pdf`, the plugin's phase option and signal
conditions all use it from here, so none of them can accept an id another one rejects.
"""

from __future__ import annotations

import re

MAX_LENGTH = 64
# A letter or digit, then letters, digits, '-' and '_'; lower case only (ids are file names, and
# file systems differ in case).
FRAGMENT = rf"[a-z0-9][a-z0-9_-]{{0,{MAX_LENGTH - 1}}}"
# The same rule for JSON Schema (ECMA-262: '$' is the end of the text, never before a final line break).
PATTERN = rf"^{FRAGMENT}$"
_ID = re.compile(FRAGMENT)
# How the rule reads in English messages of the command line (the content's messages are in the locales).
RULE = f"lower-case letters, digits, '-' and '_', starting with a letter or digit, at most {MAX_LENGTH} characters"

# Ids that name generated pages beside the content pages: the index pages (personas/index.md,
# health/index.md, ...), their numbered pages (personas/page/2.md) and the phase × touchpoint matrix
# (phases/matrix.md). tests/test_ids.py derives this set from the page locations render/ uses.
RESERVED = frozenset({"index", "matrix", "page"})


def is_id(value: object) -> bool:
    """Whether a value is a valid id (the whole text: no line break after it, either)."""
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def suggest(text: str) -> str | None:
    """An id close to the text (`Sara Keller` -> `sara-keller`), or None if there is none."""
    guess = re.sub(r"[^a-z0-9_-]+", "-", text.strip().lower()).strip("-")
    return guess if is_id(guess) else None
