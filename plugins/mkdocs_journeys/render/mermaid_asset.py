"""The Mermaid build the site serves: the pinned one shipped with the package, or one the site configures.

Builds never download anything. `journeys fetch-mermaid --version V --integrity sha512-...` fetches another
release from the npm registry for sites that want one; it checks the tarball against the given hash and
writes `mermaid.min.js` into `.cache/`, which the site then names as `mermaid_js:`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import re
import tarfile
import urllib.request
from pathlib import Path

VERSION = "11.17.2"
# The npm registry's integrity hash of mermaid-11.17.2.tgz (also pinned in package-lock.json).
INTEGRITY = "sha512-V6K3C8EBdEsPFZXSKMJe6ppQOENxuHARr9GvHX4hh47lAbhMRD9qf4oEK7LoaRQxULMa80/qt5gHO73aCleBBg=="
MEMBER = "package/dist/mermaid.min.js"
# `dist/mermaid.min.js` of that tarball ships inside the package (tests compare it with npm ci's copy).
BUNDLED = Path(__file__).parent / "assets" / "mermaid.min.js"
BUNDLED_SHA256 = "581ed7d74bd9048d0e3a91363927d72ef22942d7722546b27f7cc29e35390eb8"

_VERSION_RE = re.compile(r"\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?")
_ALGORITHMS = ("sha512", "sha384", "sha256")  # what npm's integrity strings use


class MermaidMissing(Exception):
    pass


class FetchError(ValueError):  # ValueError: callers that catch the old errors still do
    pass


def tarball_url(version: str) -> str:
    return f"https://registry.npmjs.org/mermaid/-/mermaid-{version}.tgz"


def cache_path(root: Path, version: str = VERSION) -> Path:
    return root / ".cache" / "mermaid" / version / "mermaid.min.js"


def locate(root: Path, configured: str | None = None) -> Path:
    """The mermaid.min.js to serve: the configured path, else the build bundled with the package."""
    if configured:
        p = (root / configured).resolve()
        if p.is_file():
            return p
        raise MermaidMissing(f"mermaid_js: '{configured}' does not exist.")
    if BUNDLED.is_file():
        return BUNDLED
    raise MermaidMissing(
        f"the bundled Mermaid {VERSION} is missing from the package ({BUNDLED}); reinstall mkdocs-journeys."
    )


def check_integrity_string(integrity: str) -> None:
    """An npm integrity string: `<algorithm>-<base64 digest>` of a digest of the right length."""
    algo, _, b64 = integrity.partition("-")
    if algo not in _ALGORITHMS:
        raise FetchError(
            f"'{integrity}' is not an npm integrity hash; expected sha512-<base64> "
            "(npm view mermaid@<version> dist.integrity)."
        )
    try:
        raw = base64.b64decode(b64, validate=True)
    except binascii.Error:
        raw = b""
    if len(raw) != hashlib.new(algo).digest_size:
        raise FetchError(f"'{integrity}' is not a valid {algo} integrity hash (wrong length or not base64).")


def verify(data: bytes, integrity: str = INTEGRITY, what: str = f"mermaid {VERSION}") -> None:
    check_integrity_string(integrity)
    algo, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algo, data).digest()).decode()
    if digest != expected:
        raise FetchError(
            f"integrity check failed for {what}: expected {integrity}, got {algo}-{digest}; nothing was written."
        )


def fetch(root: Path, version: str | None = None, integrity: str | None = None, timeout: float = 120) -> Path:
    """Download mermaid-<version>.tgz, check it against `integrity`, extract mermaid.min.js into .cache/.

    The pinned version ships with the package: its path is returned, nothing is downloaded. Any other
    version needs its integrity hash, so nothing unchecked is ever written.
    """
    version = version or VERSION
    if not _VERSION_RE.fullmatch(version):
        raise FetchError(f"'{version}' is not a Mermaid version (e.g. {VERSION}).")
    if version == VERSION and integrity in (None, INTEGRITY):
        return BUNDLED
    if integrity is None:
        raise FetchError(
            f"give the integrity hash of mermaid {version} with --integrity "
            f"(npm view mermaid@{version} dist.integrity), so the download can be checked."
        )
    check_integrity_string(integrity)
    url = tarball_url(version)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            data = resp.read()
    except OSError as e:
        raise FetchError(f"could not download {url}: {e}") from None
    verify(data, integrity, f"mermaid {version}")
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            names = tar.getnames()
            member = tar.extractfile(MEMBER) if MEMBER in names else None
            js = member.read() if member is not None else None
    except (tarfile.TarError, OSError) as e:
        raise FetchError(f"{url} is not a Mermaid package: {e}") from None
    if js is None:
        raise FetchError(f"{MEMBER} is missing from {url}")
    target = cache_path(root, version)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(js)
    tmp.replace(target)
    return target


def report(root: Path, path: Path) -> str:
    """What `journeys fetch-mermaid` tells the user about the file it returned."""
    if path == BUNDLED:
        return (
            f"Mermaid {VERSION} ships with mkdocs-journeys and is used by default; nothing to download.\n"
            f"For another version: journeys fetch-mermaid --version V --integrity sha512-... "
            "(npm view mermaid@V dist.integrity)."
        )
    try:
        shown = path.relative_to(root).as_posix()
    except ValueError:
        shown = str(path)
    return (
        f"{path}\nTo serve it, set under the journeys plugin in mkdocs.yml:  mermaid_js: {shown}\n"
        ".cache/ is not committed: fetch it in CI too, or keep the file in a committed folder."
    )
