"""What `journeys check` read from mkdocs.yml last time, so an unchanged file is not validated again.

Validating mkdocs.yml means loading MkDocs' configuration (the theme, every plugin), which costs more
than a warm check's own work at a few hundred files. The settings that loading gave for a mkdocs.yml
are kept next to the parse cache, sealed like it (a MAC made with the user's
key, plain values in `marshal` form), and used only for the same bytes of the same file under the same
plugin code, MkDocs and PyYAML. A file that takes values from outside (`!ENV`, `INHERIT`) is never
kept: the environment and other files are not part of the key.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from dataclasses import astuple, fields
from pathlib import Path

from mkdocs_journeys.core import parse_cache
from mkdocs_journeys.core.catalog_loader import Settings
from mkdocs_journeys.core.model import PhaseDef

MAGIC = b"mkdocs-journeys settings 1\n"
FILE_NAME = "settings.cache"
_PACKAGE = Path(__file__).parent.parent
# Besides core/ (in parse_cache.fingerprint): what turns mkdocs.yml into settings.
_READERS = ("plugin/config.py", "render/labels/en.yml", "render/labels/de.yml", "cli/settings_memo.py")
_OUTSIDE = (b"!ENV", b"INHERIT")


def _folder(config_file: Path) -> Path:
    return config_file.resolve().parent / ".cache" / "journeys"


def _key(config_file: Path, text: bytes) -> bytes:
    import mkdocs  # its version only; mkdocs/__init__.py imports nothing
    import yaml

    h = hashlib.blake2b(digest_size=32)
    for part in (
        str(config_file.resolve()),
        mkdocs.__version__,
        yaml.__version__,
        sys.version,
        parse_cache.fingerprint(),
    ):
        h.update(part.encode() + b"\0")
    for name in _READERS:
        h.update(name.encode() + b"\0" + (_PACKAGE / name).read_bytes() + b"\0")
    h.update(text)
    return h.digest()


def recall(config_file: Path) -> tuple[Settings, dict] | None:
    """The settings and health rules kept for this mkdocs.yml as it is now, or None."""
    key = parse_cache.user_key()
    try:
        text = config_file.read_bytes()
    except OSError:
        return None
    if key is None or any(word in text for word in _OUTSIDE):
        return None
    payload = parse_cache.read_sealed(_folder(config_file) / FILE_NAME, key, MAGIC, [])
    if payload is None:
        return None
    try:
        kept, values, rules = marshal.loads(payload)
        if kept != _key(config_file, text):
            return None
        values["phases"] = [PhaseDef(*p) for p in values["phases"]]
        for name in ("root", "cache_dir"):
            values[name] = Path(values[name]) if values[name] is not None else None
        values["currencies"] = tuple(values["currencies"])
        return Settings(**values), rules
    except Exception:  # another layout of Settings, or a file that cannot be read: validate again
        return None


def remember(config_file: Path, settings: Settings, rules: dict) -> None:
    """Keep what was read from this mkdocs.yml (only where the parse cache is kept, never for a file
    that takes values from outside it)."""
    key = parse_cache.user_key()
    if key is None or settings.cache_dir is None or settings.cache_dir != _folder(config_file):
        return
    try:
        text = config_file.read_bytes()
    except OSError:
        return
    if any(word in text for word in _OUTSIDE):
        return
    values = {f.name: getattr(settings, f.name) for f in fields(settings)}
    values["phases"] = [astuple(p) for p in settings.phases]
    for name in ("root", "cache_dir"):
        values[name] = str(values[name]) if values[name] is not None else None
    try:
        payload = marshal.dumps((_key(config_file, text), values, rules))
    except ValueError:  # a value marshal cannot hold
        return
    parse_cache.write_sealed(_folder(config_file) / FILE_NAME, key, MAGIC, payload, [])
