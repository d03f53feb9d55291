"""The pinned Mermaid build: fetched once from the npm registry, checked, served by the site."""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile
import urllib.request
from pathlib import Path

VERSION = "11.17.2"
# The npm registry's integrity hash of mermaid-11.17.2.tgz (also pinned in package-lock.json).
INTEGRITY = "sha512-V6K3C8EBdEsPFZXSKMJe6ppQOENxuHARr9GvHX4hh47lAbhMRD9qf4oEK7LoaRQxULMa80/qt5gHO73aCleBBg=="
TARBALL = f"https://registry.npmjs.org/mermaid/-/mermaid-{VERSION}.tgz"
MEMBER = "package/dist/mermaid.min.js"


class MermaidMissing(Exception):
    pass


def cache_path(root: Path) -> Path:
    return root / ".cache" / "mermaid" / VERSION / "mermaid.min.js"


def locate(root: Path, configured: str | None = None) -> Path:
    """The mermaid.min.js to serve: the configured path, node_modules, or the fetch cache."""
    if configured:
        p = (root / configured).resolve()
        if p.is_file():
            return p
        raise MermaidMissing(f"mermaid_js: '{configured}' does not exist.")
    for p in (root / "node_modules" / "mermaid" / "dist" / "mermaid.min.js", cache_path(root)):
        if p.is_file():
            return p
    raise MermaidMissing(
        f"Mermaid {VERSION} is not installed. Run 'journeys fetch-mermaid' (or 'npm ci') once; "
        "the site serves Mermaid itself and never loads it from a CDN.")


def verify(data: bytes, integrity: str = INTEGRITY) -> None:
    algo, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algo, data).digest()).decode()
    if digest != expected:
        raise ValueError(f"integrity check failed for mermaid {VERSION}: got {algo}-{digest}")


def fetch(root: Path, timeout: float = 120) -> Path:
    """Download the pinned tarball, check its integrity, extract mermaid.min.js into .cache/."""
    target = cache_path(root)
    if target.is_file():
        return target
    with urllib.request.urlopen(TARBALL, timeout=timeout) as resp:
        data = resp.read()
    verify(data)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        member = tar.extractfile(MEMBER)
        if member is None:
            raise ValueError(f"{MEMBER} missing from {TARBALL}")
        js = member.read()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(js)
    tmp.replace(target)
    return target
