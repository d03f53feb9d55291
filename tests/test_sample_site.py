"""The sample site at the repository root stays valid: `journeys check --strict` and a strict build pass.

Only success is asserted, never the sample's data: any valid content pull request keeps these green.
"""

from __future__ import annotations

import pytest

from sitekit import REPO, copy_site, journeys_cli, mkdocs_build

pytestmark = pytest.mark.build


def _output(result) -> str:
    return f"exit {result.returncode}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"


def test_sample_site_passes_journeys_check_strict():
    result = journeys_cli(REPO, "check", "--strict")
    assert result.returncode == 0, _output(result)


def test_sample_site_builds_strictly(tmp_path):
    site = copy_site(tmp_path / "sample", source=REPO)
    result = mkdocs_build(site)  # --strict, never -q: -q hides the warnings that --strict counts
    assert result.returncode == 0, _output(result)
