"""The plugin as a team gets it: the README's steps ("Using the plugin in another MkDocs site"), run literally.

The first bash block of that section (a virtual environment, the wheel built from the repository, the
install) runs in a copy of the packaging files with HOME in a temporary folder, so the virtual environment
lands outside the repository; this is the only step with network. The second block (journeys init, the
strict build, check, export, schema, pdf) then runs in English and in German inside a network namespace of
its own (`unshare -n`: loopback only), which proves that nothing after the install reaches the network.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from mkdocs_journeys.render import mermaid_asset
from sitekit import REPO, unavailable

pytestmark = [pytest.mark.build, pytest.mark.package]

SECTION = "## Using the plugin in another MkDocs site"
PACKAGE = REPO / "plugins" / "mkdocs_journeys"
# What the wheel is built from: a copy, so the build leaves no build/ or dist/ in the checkout.
PACKAGING_INPUTS = ("pyproject.toml", "README.md", "LICENSE", "plugins")
# This machine's pip configuration lists local index folders that lack most projects, and pip says so for
# each; that is the machine's set-up, not the package's.
PIP_LOCATION_NOTE = re.compile(r"WARNING: Location '[^']*' is ignored: it is neither a file nor a directory\.")
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium")
BASE_PYTHON = Path(getattr(sys, "_base_executable", sys.executable))
IP = shutil.which("ip") or shutil.which("ip", path="/usr/sbin:/sbin")
# A network namespace of its own with loopback up (the PDF export serves the site on 127.0.0.1), then CMD.
OFFLINE = ["unshare", "-n", "sh", "-c", f'{IP} link set lo up && exec "$0" "$@"']


def readme_steps() -> tuple[str, str]:
    """The section's two bash blocks: the install, then the commands in the new site."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert SECTION in text, f"README.md has no section {SECTION!r}"
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^```bash\n(.*?)^```$", section, re.M | re.S)
    assert len(blocks) == 2, f"{SECTION!r} shows two bash blocks (install, then the site's commands): {blocks}"
    return blocks[0], blocks[1]


def _commands(block: str) -> list[str]:
    return [line.split(" #", 1)[0].strip() for line in block.splitlines() if line.strip() and not line.startswith("#")]


def _base_env(home: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONDONTWRITEBYTECODE", "PYTEST_ADDOPTS")
    }
    # pip's download cache stays the user's (only faster); everything installed is new.
    env.setdefault("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip"))
    env.update(HOME=str(home), NO_MKDOCS_2_WARNING="1")
    return env


def _output(result: subprocess.CompletedProcess) -> str:
    return f"exit {result.returncode}\n--- stdout\n{result.stdout[-6000:]}\n--- stderr\n{result.stderr[-6000:]}"


@dataclass
class Installed:
    venv: Path
    wheel: Path
    output: str
    env: dict[str, str]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    """The README's install block, run as written: a new venv, the wheel built from the repository, installed."""
    install, _ = readme_steps()
    work = tmp_path_factory.mktemp("adoption")
    clone, home, shim = work / "clone", work / "home", work / "bin"
    clone.mkdir()
    for part in PACKAGING_INPUTS:
        if (REPO / part).is_dir():
            shutil.copytree(
                REPO / part, clone / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
            )
        else:
            shutil.copy2(REPO / part, clone / part)
    home.mkdir()
    shim.mkdir()
    (shim / "python3").symlink_to(BASE_PYTHON)  # the Python that runs the tests, not the repository's venv
    where = work / "virtual-env"
    script = work / "install.sh"
    script.write_text(
        f'set -euo pipefail\n{install}\nprintf %s "$VIRTUAL_ENV" > {shlex.quote(str(where))}\n', encoding="utf-8"
    )
    env = dict(_base_env(home), PATH=f"{shim}:/usr/local/bin:/usr/bin:/bin")
    result = subprocess.run(["bash", str(script)], cwd=clone, env=env, capture_output=True, text=True, timeout=1500)
    assert result.returncode == 0, "the README's install steps failed\n" + _output(result)
    venv = Path(where.read_text(encoding="utf-8"))
    wheels = sorted((clone / "dist").glob("*.whl"))
    assert len(wheels) == 1, wheels
    return Installed(venv, wheels[0], result.stdout + result.stderr, env)


@pytest.fixture(scope="module")
def offline() -> list[str]:
    """`unshare -n` works here: a new network namespace with loopback up and no other interface."""
    if shutil.which("unshare") is None or IP is None:
        unavailable("the offline adoption steps", "unshare (util-linux) or ip (iproute2) is missing")
    probe = "import socket; print(' '.join(name for _, name in socket.if_nameindex()))"
    result = subprocess.run([*OFFLINE, str(BASE_PYTHON), "-c", probe], capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        unavailable("the offline adoption steps", f"no network namespace (unshare -n needs root): {result.stderr}")
    interfaces = result.stdout.split()
    assert interfaces == ["lo"], f"the namespace has other interfaces than loopback: {interfaces}"
    return interfaces


def test_readme_shows_the_adoption_path():
    install, site = readme_steps()
    assert re.search(r"^pip install '[^' ]+\.whl\[pdf\]'$", install, re.M), "install the wheel with the pdf extra"
    commands = _commands(site)
    assert commands[:2] == ["journeys init site --language en", "cd site"], commands
    for start in (
        "mkdocs build --strict",
        "journeys check --strict",
        "journeys export",
        "journeys schema",
        "journeys pdf",
    ):
        assert any(c.startswith(start) for c in commands), f"the README's steps lack {start!r}"
    assert "fetch-mermaid" not in install + site


def test_the_wheel_holds_the_whole_package_and_declares_what_it_imports(installed):
    with zipfile.ZipFile(installed.wheel) as whl:
        names = set(whl.namelist())
        metadata = whl.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    files = {
        "mkdocs_journeys/" + p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }
    assert sorted(files - names) == [], "files of the package that the wheel lacks"
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert re.search(r"^License-Expression: MIT$", metadata, re.M)
    assert re.search(r"^Requires-Dist: playwright\b.*; extra == \"pdf\"$", metadata, re.M)
    declared = {_normal(m.group(1)) for m in re.finditer(r"^Requires-Dist: ([A-Za-z0-9._-]+)", metadata, re.M)}
    imported = _imported_distributions()
    assert imported and sorted(imported - declared) == [], "imported by the plugin but not declared"


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_distributions() -> set[str]:
    """The distributions (as installed in the test environment) of every module the plugin imports."""
    modules = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    third_party = modules - set(sys.stdlib_module_names) - {"mkdocs_journeys", "__future__"}
    owners = packages_distributions()
    missing = sorted(m for m in third_party if m not in owners)
    assert not missing, f"imported modules that no installed distribution provides: {missing}"
    return {_normal(dist) for m in third_party for dist in owners[m]}


def test_installing_prints_no_packaging_warning(installed):
    noise = [
        line
        for line in installed.output.splitlines()
        if re.search(r"warn|deprecat", line, re.I) and not PIP_LOCATION_NOTE.search(line)
    ]
    assert noise == []


def test_the_installed_plugin_is_the_wheel_outside_the_repository(installed, tmp_path):
    assert REPO not in installed.venv.parents
    result = subprocess.run(
        [str(installed.venv / "bin/python"), "-c", "import mkdocs_journeys; print(mkdocs_journeys.__file__)"],
        cwd=tmp_path,
        env=installed.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, _output(result)
    module = Path(result.stdout.strip())
    assert installed.venv in module.parents and REPO not in module.parents


@pytest.mark.parametrize("language", ["en", "de"])
def test_readme_steps_run_offline_with_the_installed_plugin(installed, offline, language, tmp_path):
    if not CHROMIUM.exists():
        unavailable("the adoption steps", f"{CHROMIUM} is missing for journeys pdf (apt-get install chromium)")
    _, steps = readme_steps()
    assert steps.count("--language en") == 1
    script = tmp_path / "steps.sh"
    script.write_text(
        "set -euo pipefail\n" + steps.replace("--language en", f"--language {language}"), encoding="utf-8"
    )
    work = tmp_path / "work"
    work.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    env = dict(
        _base_env(home),
        VIRTUAL_ENV=str(installed.venv),
        JOURNEYS_CHROMIUM=str(CHROMIUM),
        PATH=f"{installed.venv / 'bin'}:/usr/local/bin:/usr/bin:/bin",
    )
    result = subprocess.run(
        [*OFFLINE, "bash", str(script)], cwd=work, env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, "the README's steps failed without network\n" + _output(result)

    site = work / "site"
    assert f'lang="{language}"' in (site / "site/index.html").read_text(encoding="utf-8")
    served = (site / "site/assets/journeys/mermaid.min.js").read_bytes()
    assert hashlib.sha256(served).hexdigest() == mermaid_asset.BUNDLED_SHA256
    model = json.loads((site / "model.json").read_text(encoding="utf-8"))
    assert model["format"] == "mkdocs-journeys/export" and model["journeys"]
    assert list((site / "schemas").glob("*.schema.json"))
    pdfs = list(site.glob("*-board.pdf"))
    assert len(pdfs) == 1 and pdfs[0].name.removesuffix("-board.pdf") in model["journeys"]
    assert pdfs[0].read_bytes().startswith(b"%PDF")
