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
# The same file ships inside the package, so builds never fetch anything.
BUNDLED = Path(__file__).parent / "assets" / "mermaid.min.js"
BUNDLED_SHA256 = "581ed7d74bd9048d0e3a91363927d72ef22942d7722546b27f7cc29e35390eb8"


class MermaidMissing(Exception):
    pass


def cache_path(root: Path) -> Path:
    return root / ".cache" / "mermaid" / VERSION / "mermaid.min.js"


def locate(root: Path, configured: str | None = None) -> Path:
    """The mermaid.min.js to serve: the configured path, else the build bundled with the package."""
    if configured:
        p = (root / configured).resolve()
        if p.is_file():
            return p
        raise MermaidMissing(f"mermaid_js: '{configured}' does not exist.")
    if BUNDLED.is_file():
        return BUNDLED
    raise MermaidMissing(f"the bundled Mermaid {VERSION} is missing from the package ({BUNDLED}); reinstall mkdocs-journeys.")


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
