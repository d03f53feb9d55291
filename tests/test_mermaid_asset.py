"""The Mermaid build that ships with the package, and `journeys fetch-mermaid` for another release.

The bundled file is tied to the npm release twice: by its own sha256 (BUNDLED_SHA256), and byte for byte to
the copy `npm ci` installs, which npm checked against package-lock.json's integrity hash of the tarball,
the same hash as mermaid_asset.INTEGRITY. No test here touches the network: downloads are faked.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile

import pytest

from mkdocs_journeys.cli import commands as cli
from mkdocs_journeys.render import mermaid_asset
from sitekit import REPO, unavailable

pytestmark = pytest.mark.unit

NPM_COPY = REPO / "node_modules/mermaid/dist/mermaid.min.js"


def test_bundled_file_has_the_recorded_sha256():
    digest = hashlib.sha256(mermaid_asset.BUNDLED.read_bytes()).hexdigest()
    assert digest == mermaid_asset.BUNDLED_SHA256, f"{mermaid_asset.BUNDLED} was changed"


def test_integrity_and_version_are_the_ones_pinned_in_package_lock():
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"]["node_modules/mermaid"]
    assert entry["version"] == mermaid_asset.VERSION
    assert entry["integrity"] == mermaid_asset.INTEGRITY


def test_bundled_file_is_the_one_npm_verified():
    if not NPM_COPY.is_file():
        unavailable("the comparison with npm's Mermaid", f"{NPM_COPY} is missing (run npm ci)")
    installed = json.loads((REPO / "node_modules/mermaid/package.json").read_text(encoding="utf-8"))
    assert installed["version"] == mermaid_asset.VERSION
    assert mermaid_asset.BUNDLED.read_bytes() == NPM_COPY.read_bytes()


def test_builds_use_the_bundled_file_whatever_lies_in_the_cache(tmp_path):
    stale = mermaid_asset.cache_path(tmp_path)
    stale.parent.mkdir(parents=True)
    stale.write_text("old", encoding="utf-8")
    assert mermaid_asset.locate(tmp_path) == mermaid_asset.BUNDLED


def test_a_configured_file_wins_and_a_missing_one_is_named(tmp_path):
    (tmp_path / "js").mkdir()
    (tmp_path / "js/mermaid.min.js").write_text("// another build", encoding="utf-8")
    assert mermaid_asset.locate(tmp_path, "js/mermaid.min.js") == (tmp_path / "js/mermaid.min.js").resolve()
    with pytest.raises(mermaid_asset.MermaidMissing, match="mermaid_js: 'nope.js' does not exist"):
        mermaid_asset.locate(tmp_path, "nope.js")


# --- fetch-mermaid, with the registry faked --------------------------------------------------------------


def _tarball(js: bytes, member: str = mermaid_asset.MEMBER) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        info = tarfile.TarInfo(member)
        info.size = len(js)
        tar.addfile(info, io.BytesIO(js))
    return buf.getvalue()


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


class _Registry:
    """Stands in for urllib.request.urlopen; records the URLs asked for."""

    def __init__(self, body: bytes | None = None) -> None:
        self.body, self.urls = body, []

    def __call__(self, url, timeout=None):
        self.urls.append(url)
        if self.body is None:
            raise OSError("no network in tests")
        return io.BytesIO(self.body)


@pytest.fixture
def registry(monkeypatch):
    def install(body: bytes | None = None) -> _Registry:
        fake = _Registry(body)
        monkeypatch.setattr(mermaid_asset.urllib.request, "urlopen", fake)
        return fake

    return install


def test_the_pinned_version_is_never_downloaded(tmp_path, registry):
    fake = registry()
    assert mermaid_asset.fetch(tmp_path) == mermaid_asset.BUNDLED
    assert mermaid_asset.fetch(tmp_path, mermaid_asset.VERSION, mermaid_asset.INTEGRITY) == mermaid_asset.BUNDLED
    assert fake.urls == [] and not (tmp_path / ".cache").exists()


def test_another_version_is_checked_and_written_into_the_cache(tmp_path, registry):
    data = _tarball(b"window.mermaid = {};")
    fake = registry(data)
    path = mermaid_asset.fetch(tmp_path, "11.4.0", _integrity(data))
    assert fake.urls == [mermaid_asset.tarball_url("11.4.0")]
    assert path == tmp_path / ".cache/mermaid/11.4.0/mermaid.min.js"
    assert path.read_bytes() == b"window.mermaid = {};"
    assert "mermaid_js: .cache/mermaid/11.4.0/mermaid.min.js" in mermaid_asset.report(tmp_path, path)


def test_a_download_that_does_not_match_its_integrity_writes_nothing(tmp_path, registry):
    registry(_tarball(b"tampered"))
    with pytest.raises(mermaid_asset.FetchError, match="integrity check failed for mermaid 11.4.0"):
        mermaid_asset.fetch(tmp_path, "11.4.0", _integrity(_tarball(b"the real one")))
    assert not (tmp_path / ".cache").exists()


def test_a_tarball_without_the_build_is_refused(tmp_path, registry):
    data = _tarball(b"x", member="package/README.md")
    registry(data)
    with pytest.raises(mermaid_asset.FetchError, match="package/dist/mermaid.min.js is missing"):
        mermaid_asset.fetch(tmp_path, "11.4.0", _integrity(data))


def test_another_version_without_integrity_is_refused_before_any_download(tmp_path, registry):
    fake = registry(_tarball(b"x"))
    with pytest.raises(mermaid_asset.FetchError, match="--integrity"):
        mermaid_asset.fetch(tmp_path, "11.4.0")
    assert fake.urls == []


@pytest.mark.parametrize(
    "version, integrity, message",
    [
        ("../../evil", "sha512-AAAA", "is not a Mermaid version"),
        ("11.4.0", "md5-1B2M2Y8AsgTpgAmY7PhCfg==", "is not an npm integrity hash"),
        ("11.4.0", "sha512-tooshort", "is not a valid sha512 integrity hash"),
        ("11.4.0", "sha512-" + "!" * 88, "is not a valid sha512 integrity hash"),
    ],
)
def test_bad_arguments_are_refused_before_any_download(tmp_path, registry, version, integrity, message):
    fake = registry(_tarball(b"x"))
    with pytest.raises(mermaid_asset.FetchError, match=message):
        mermaid_asset.fetch(tmp_path, version, integrity)
    assert fake.urls == []


def test_cli_says_the_pinned_build_ships_with_the_package(tmp_path, registry, capsys):
    fake = registry()
    assert cli.main(["fetch-mermaid", "--project", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"Mermaid {mermaid_asset.VERSION} ships with mkdocs-journeys" in out and fake.urls == []


def test_cli_tells_where_another_version_went_and_how_to_use_it(tmp_path, registry, capsys):
    data = _tarball(b"// 11.4.0")
    registry(data)
    code = cli.main(
        ["fetch-mermaid", "--project", str(tmp_path), "--version", "11.4.0", "--integrity", _integrity(data)]
    )
    assert code == 0
    assert "mermaid_js: .cache/mermaid/11.4.0/mermaid.min.js" in capsys.readouterr().out


def test_cli_reports_a_failed_download_in_one_line(tmp_path, registry, capsys):
    registry()  # the download fails
    code = cli.main(
        ["fetch-mermaid", "--project", str(tmp_path), "--version", "11.4.0", "--integrity", _integrity(b"anything")]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("journeys: could not download https://registry.npmjs.org/mermaid/-/mermaid-11.4.0.tgz")
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
