"""The parse cache: a warm load gives exactly what a cold one gives, and a cache that is corrupted,
foreign, stale or out of date is noticed and not used."""

from __future__ import annotations

import json
import os
import shutil
import time

import pytest

from content_factory import JOURNEY_J2_INDEX, PHASE_AWARENESS, Project
from minisite import make_site
from mkdocs_journeys.core import export
from mkdocs_journeys.core import parse_cache as pc
from mkdocs_journeys.core.catalog_loader import check
from sitekit import journeys_cli

KEY = b"k" * pc.KEY_BYTES
AW = "journeys/j1/awareness.md"
INFO = "journeys/j1/information.md"
SARA = "personas/sara.md"


TOUCHPOINT_NEW = "---\nname: New\nchannel: web\nkind: digital\n---\n"


def _broken(project: Project) -> Project:
    """Problems of every stage: YAML, encoding, schema, references, a kind mismatch, health findings."""
    project.replace(AW, "touchpoint: newsletter", "touchpoint: newsleter")
    project.replace(INFO, "    emotion: 3\n", "    emotion: 7\n")
    project.write("touchpoints/latin.md", b"---\nname: M\xfcller\n---\n")
    project.write("touchpoints/tabs.md", "---\nname: x\n\tchannel: y\n---\n")
    project.write("touchpoints/bom.md", "\ufeff---\nname: Bom\nchannel: web\nkind: digital\n---\n")
    project.write("personas/wrong.md", JOURNEY_J2_INDEX)
    project.write("journeys/j3/index.md", "---\ntitle: [unclosed\n---\n")
    project.write("journeys/j3/awareness.md", PHASE_AWARENESS)
    return project


def _outcome(result) -> tuple:
    """Everything a run reports: the problems with their places, the model, the files read."""
    problems = [p.to_dict() for p in result.report.sorted()]
    return problems, export.to_dict(result.catalog), sorted(map(str, result.files)), result.report.unchecked


def _run(project: Project, cache: pc.ParseCache | None = None):
    return check(project.settings(), {}, cache=cache)


def _cache(project: Project, key: bytes | None = KEY) -> pc.ParseCache:
    return pc.ParseCache(project.root / ".cache" / "journeys", key)


@pytest.mark.unit
def test_a_warm_run_reports_exactly_what_a_cold_run_reports(tmp_path):
    project = _broken(Project(tmp_path))
    cold = _run(project)
    assert len(cold.report.errors) >= 6 and cold.report.warnings and cold.report.infos
    first = _cache(project)
    assert _outcome(_run(project, first)) == _outcome(cold)
    assert first.hits == 0 and first.misses > 0 and first.path.is_file()
    warm = _cache(project)  # a new process: the entries come from the file
    assert _outcome(_run(project, warm)) == _outcome(cold)
    assert warm.hits == first.misses and warm.misses == 0, warm.notes


@pytest.mark.unit
def test_the_same_cache_object_serves_a_second_run_from_memory(tmp_path):
    project = _broken(Project(tmp_path))
    cache = _cache(project, key=None)  # no key: nothing on disk, entries kept in memory
    cold = _outcome(_run(project, cache))
    assert _outcome(_run(project, cache)) == cold
    assert cache.misses == 0 and cache.hits > 0
    assert not (project.root / ".cache").exists()


@pytest.mark.unit
def test_a_cached_document_is_not_shared_between_runs(tmp_path):
    project = Project(tmp_path)
    cache = _cache(project)
    first = _run(project, cache)
    first.catalog.journeys["j1"].personas.append("mutated")
    first.catalog.journeys["j1"].phases[0].needs["mutated"] = ["mutated"]  # values from the cached document
    # The objects a run takes from the last one are shared by design (the model is never changed after
    # loading; test_model_reuse.py): what is not shared is what the cache decodes.
    cache.models = pc.ModelMemo()
    assert _outcome(_run(project, cache)) == _outcome(_run(project))


@pytest.mark.unit
def test_an_edited_file_is_read_again(tmp_path):
    project = _broken(Project(tmp_path))
    _run(project, _cache(project))
    project.replace(AW, "touchpoint: newsleter", "touchpoint: newsletter")  # fix one error
    project.replace(SARA, "name: Sara", "name: Sarah")
    cache = _cache(project)
    assert _outcome(_run(project, cache)) == _outcome(_run(project))
    assert cache.misses == 2


@pytest.mark.unit
def test_a_file_edited_to_the_same_size_within_the_same_second_is_read_again(tmp_path):
    # The cache goes by the bytes, not by size and modification time.
    project = Project(tmp_path)
    path = project.path(AW)
    stat = path.stat()
    _run(project, _cache(project))
    project.replace(AW, "emotion: 4", "emotion: 9")
    assert path.stat().st_size == stat.st_size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    cache = _cache(project)
    result = _run(project, cache)
    assert cache.misses == 1
    assert [p.file for p in result.report.errors] == [AW]
    assert _outcome(result) == _outcome(_run(project))


@pytest.mark.unit
def test_a_deleted_file_leaves_the_results_and_the_cache(tmp_path):
    project = _broken(Project(tmp_path))
    _run(project, _cache(project))
    project.remove("touchpoints/latin.md")
    project.remove(INFO)
    cache = _cache(project)
    assert _outcome(_run(project, cache)) == _outcome(_run(project))
    assert cache.misses == 0
    assert "touchpoints/latin.md" not in cache.entries and INFO not in cache.entries
    assert "touchpoints/latin.md" not in _cache_after_load(project).entries


def _cache_after_load(project: Project) -> pc.ParseCache:
    cache = _cache(project)
    cache.begin(_fingerprint(project))
    return cache


def _fingerprint(project: Project) -> str:
    from mkdocs_journeys.core.catalog_loader import cache_fingerprint

    return cache_fingerprint(project.settings())


def _damage(path, how: str) -> None:
    blob = path.read_bytes()
    if how == "truncated":
        path.write_bytes(blob[: len(blob) // 2])
    elif how == "bit-flip":
        i = len(blob) - 100
        path.write_bytes(blob[:i] + bytes([blob[i] ^ 1]) + blob[i + 1 :])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "other-magic":
        path.write_bytes(blob.replace(pc.MAGIC, b"something else entirely\n", 1))


@pytest.mark.unit
@pytest.mark.parametrize("how", ["truncated", "bit-flip", "empty", "other-magic"])
def test_a_damaged_cache_is_noticed_and_not_used(tmp_path, how):
    project = _broken(Project(tmp_path))
    first = _cache(project)
    _run(project, first)
    _damage(first.path, how)
    cache = _cache(project)
    assert _outcome(_run(project, cache)) == _outcome(_run(project))
    assert cache.hits == 0 and cache.notes
    # ... and replaced by a good one
    again = _cache(project)
    _run(project, again)
    assert again.misses == 0 and not again.notes


@pytest.mark.unit
def test_a_cache_written_with_another_key_is_not_trusted(tmp_path):
    project = Project(tmp_path)
    _run(project, _cache(project, key=b"x" * pc.KEY_BYTES))
    cache = _cache(project)
    _run(project, cache)
    assert cache.hits == 0 and "MAC does not match" in cache.notes[0]


@pytest.mark.unit
def test_a_cache_with_a_valid_mac_and_a_lying_entry_is_only_used_for_the_same_bytes(tmp_path):
    # An entry counts only for the digest of the bytes it was made from: a file that changed is read.
    project = Project(tmp_path)
    first = _cache(project)
    _run(project, first)
    kind, digest, blob = first.entries[AW]
    first.entries[AW] = (kind, b"\0" * len(digest), blob)
    first.changed = True
    first.finish()
    cache = _cache(project)
    _run(project, cache)
    assert cache.misses == 1


@pytest.mark.unit
def test_a_cache_that_does_not_load_is_ignored(tmp_path):
    project = Project(tmp_path)
    first = _cache(project)
    _run(project, first)
    payload = b"\xff\xfe not marshal data"
    first.path.write_bytes(pc.MAGIC + pc._mac(KEY, payload) + b"\n" + payload)
    cache = _cache(project)
    assert _outcome(_run(project, cache)) == _outcome(_run(project))
    assert cache.hits == 0 and "cannot load" in cache.notes[0]


@pytest.mark.unit
def test_another_plugin_version_makes_the_cache_stale(tmp_path, monkeypatch):
    import mkdocs_journeys

    project = Project(tmp_path)
    _run(project, _cache(project))
    monkeypatch.setattr(mkdocs_journeys, "__version__", "99.0.0")
    cache = _cache(project)
    _run(project, cache)
    assert cache.hits == 0 and cache.notes == ["stale: another plugin version, code or settings"]


@pytest.mark.unit
def test_other_settings_make_the_cache_stale(tmp_path):
    project = Project(tmp_path)
    _run(project, _cache(project))
    project.settings_overrides["currencies"] = ("EUR",)  # CHF in the files becomes an error
    cache = _cache(project)
    result = _run(project, cache)
    assert cache.hits == 0
    assert _outcome(result) == _outcome(_run(project))
    assert result.report.errors


@pytest.mark.unit
def test_the_fingerprint_follows_the_code_that_reads_files(tmp_path, monkeypatch):
    before = pc.fingerprint("en")
    source = tmp_path / "core"
    shutil.copytree(pc._CORE, source, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(pc, "_CORE", source)
    assert pc.fingerprint("en") == before  # the same code and texts elsewhere
    (source / "schema.py").write_text((source / "schema.py").read_text() + "\n# a changed validator\n")
    assert pc.fingerprint("en") != before
    changed = pc.fingerprint("en")
    (source / "locales" / "messages.de.yml").write_text("changed: text\n")
    assert pc.fingerprint("en") != changed
    assert pc.fingerprint("en") != pc.fingerprint("de")


@pytest.mark.unit
def test_without_a_key_nothing_is_written(tmp_path):
    project = Project(tmp_path)
    cache = _cache(project, key=None)
    _run(project, cache)
    assert not (project.root / ".cache").exists()


@pytest.mark.unit
def test_an_unwritable_cache_folder_is_no_failure(tmp_path):
    project = Project(tmp_path)
    blocker = project.root / ".cache"
    blocker.write_text("a file where the folder would go")
    cache = _cache(project)
    assert _outcome(_run(project, cache)) == _outcome(_run(project))
    assert any(n.startswith("not written") for n in cache.notes)


@pytest.mark.unit
def test_the_user_key_is_made_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    key = pc.user_key()
    path = tmp_path / "mkdocs-journeys" / "cache.key"
    assert key is not None and len(key) == pc.KEY_BYTES and path.read_bytes() == key
    assert path.stat().st_mode & 0o077 == 0
    assert pc.user_key() == key


@pytest.mark.build
def test_check_gives_the_same_json_cold_warm_and_without_cache(tmp_path):
    project = _broken(make_site(tmp_path))
    uncached = journeys_cli(project.root, "check", "--format", "json", "--no-cache")
    assert not (project.root / ".cache").exists()
    cold = journeys_cli(project.root, "check", "--format", "json")
    assert (project.root / ".cache" / "journeys" / pc.FILE_NAME).is_file()
    warm = journeys_cli(project.root, "check", "--format", "json")
    assert uncached.returncode == cold.returncode == warm.returncode == 1
    report = json.loads(cold.stdout)
    assert report["summary"]["errors"] >= 6 and report["problems"][0]["line"] is not None
    assert warm.stdout == cold.stdout == uncached.stdout
    assert warm.stderr == cold.stderr == uncached.stderr
    # an edit after the warm run: the next run sees it
    project.replace(AW, "touchpoint: newsleter", "touchpoint: newsletter")
    edited = journeys_cli(project.root, "check", "--format", "json")
    assert edited.stdout == journeys_cli(project.root, "check", "--format", "json", "--no-cache").stdout
    assert json.loads(edited.stdout)["summary"]["errors"] == report["summary"]["errors"] - 1


def _tree(folder) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix != ".gz"  # gzip stamps the time into its header
    }


@pytest.mark.build
def test_a_build_from_the_cache_equals_one_without_it(tmp_path):
    from tiny_site import MKDOCS_YML, mkdocs_build, write_site

    root = write_site(tmp_path / "site")
    cold = mkdocs_build(root)
    assert cold.returncode == 0, cold.stderr
    first = _tree(root / "site")
    cache = root / ".cache" / "journeys" / pc.FILE_NAME
    written = cache.stat().st_mtime_ns
    warm = mkdocs_build(root)
    assert warm.returncode == 0, warm.stderr
    assert cache.stat().st_mtime_ns == written  # every file came from the cache: nothing new to write
    assert _tree(root / "site") == first
    (root / "mkdocs.yml").write_text(MKDOCS_YML.replace("git_dates: false", "git_dates: false\n      cache: false"))
    uncached = mkdocs_build(root)
    assert uncached.returncode == 0, uncached.stderr
    assert _tree(root / "site") == first


@pytest.mark.unit
def test_the_cache_folder_is_ignored_by_git_in_new_sites_and_here():
    from pathlib import Path

    package = Path(pc.__file__).parent.parent
    repo = package.parent.parent
    for gitignore in (package / "cli" / "starter" / "common" / "gitignore", repo / ".gitignore"):
        assert ".cache/" in gitignore.read_text(encoding="utf-8").split(), gitignore


# --- a file's status: unchanged files are known without reading them ---


def _count_reads(monkeypatch) -> list[str]:
    """The content files read from now on (the cache file itself is not counted)."""
    import os

    from mkdocs_journeys.core import source_files

    read: list[str] = []

    def counted(path, *args, **kwargs):
        if os.fspath(path).endswith(".md"):
            read.append(os.path.basename(path))
        return open(path, *args, **kwargs)

    monkeypatch.setattr(source_files, "open", counted, raising=False)  # the module's own reads only
    return read


def _settled(monkeypatch) -> None:
    """Files count as settled as soon as they are written (the racy window made empty)."""
    import time

    monkeypatch.setattr(pc, "RACY_NS", 0)
    time.sleep(0.02)  # past the file system clock's tick


@pytest.mark.unit
def test_an_unchanged_file_is_known_by_its_status_without_reading_it(tmp_path, monkeypatch):
    project = _broken(Project(tmp_path))
    _settled(monkeypatch)
    _run(project, _cache(project))
    read = _count_reads(monkeypatch)
    cache = _cache(project)
    result = _run(project, cache)
    assert _outcome(result) == _outcome(_run(project, None)) and read  # the uncached run reads every file
    assert cache.unread == cache.hits > 0 and cache.misses == 0, cache.notes
    read.clear()
    _run(project, _cache(project))
    assert read == []
    assert result.digests == _run(project, None).digests  # the digests come from the cache, unchanged


@pytest.mark.unit
def test_a_same_size_edit_with_the_old_modification_time_is_seen_by_its_change_time(tmp_path, monkeypatch):
    # Restoring the modification time sets the change time, which cannot be set back.
    project = Project(tmp_path)
    _settled(monkeypatch)
    path = project.path(AW)
    stat = path.stat()
    _run(project, _cache(project))
    project.replace(AW, "emotion: 4", "emotion: 9")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    time.sleep(0.02)
    cache = _cache(project)
    result = _run(project, cache)
    assert cache.misses == 1 and [p.file for p in result.report.errors] == [AW]
    assert _outcome(result) == _outcome(_run(project))


@pytest.mark.unit
def test_a_status_taken_right_after_a_change_is_not_trusted(tmp_path, monkeypatch):
    # An edit in the same clock tick as the run that saw the file could keep size and times: such a
    # status is not kept, and the file is read (and its digest compared) until it has settled.
    project = Project(tmp_path)
    first = _cache(project)
    _run(project, first)  # every file was written just now
    assert first.statuses == {}
    read = _count_reads(monkeypatch)
    cache = _cache(project)
    _run(project, cache)
    assert cache.unread == 0 and cache.misses == 0 and AW.rpartition("/")[2] in read
    _settled(monkeypatch)
    settling = _cache(project)
    _run(project, settling)  # read once more, now settled: its status is kept in memory ...
    assert AW in settling.statuses and not settling.changed  # ... and written with the next change
    project.write("touchpoints/new.md", TOUCHPOINT_NEW)
    time.sleep(0.02)
    _run(project, _cache(project))
    read.clear()
    _run(project, _cache(project))
    assert read == []


@pytest.mark.unit
def test_a_status_is_trusted_only_for_the_digest_of_its_entry(tmp_path, monkeypatch):
    project = Project(tmp_path)
    _settled(monkeypatch)
    first = _cache(project)
    _run(project, first)
    status, digest = first.statuses[AW]
    first.statuses[AW] = (status, b"\0" * len(digest))  # a status seen with other bytes than the entry's
    first.changed = True
    first.finish()
    read = _count_reads(monkeypatch)
    cache = _cache(project)
    warm = _outcome(_run(project, cache))
    assert read == ["awareness.md"] and cache.misses == 0  # read, and its digest matched the entry
    assert warm == _outcome(_run(project))


@pytest.mark.unit
def test_statuses_of_another_system_are_not_trusted(tmp_path, monkeypatch):
    # Where st_ctime is not a change time (Windows: creation), every file is read.
    project = Project(tmp_path)
    _settled(monkeypatch)
    monkeypatch.setattr(pc, "_STATUS_TRUSTED", False)
    first = _cache(project)
    _run(project, first)
    assert first.statuses == {}
    cache = _cache(project)
    _run(project, cache)
    assert cache.unread == 0 and cache.hits > 0


@pytest.mark.unit
def test_a_cache_of_the_previous_format_is_ignored(tmp_path):
    project = Project(tmp_path)
    first = _cache(project)
    _run(project, first)
    payload = pc.marshal.dumps(("fingerprint", {}))  # the first format: (fingerprint, entries)
    old = b"mkdocs-journeys parsed files 1\n"
    first.path.write_bytes(old + pc._mac(KEY, payload, old) + b"\n" + payload)
    cache = _cache(project)
    assert _outcome(_run(project, cache)) == _outcome(_run(project))
    assert cache.hits == 0 and cache.notes == ["not a parse cache of this format"]


# --- what an entry holds ---


@pytest.mark.unit
def test_line_numbers_are_kept_packed_and_read_when_asked_for(tmp_path):
    from mkdocs_journeys.core import problems as P
    from mkdocs_journeys.core.source_files import read_doc

    project = _broken(Project(tmp_path))
    first = _cache(project)
    _run(project, first)
    outcome = pc._decode(first.entries[INFO][2], None)
    assert outcome is not None and outcome.doc is not None
    lines = outcome.doc.lines
    assert isinstance(lines, pc.LineMap) and lines._map is None  # not unpacked yet
    doc = read_doc(project.path(INFO), INFO, P.Report(), 1 << 20)
    assert doc is not None and dict(lines) == doc.lines and lines == doc.lines and len(lines) == len(doc.lines)
    assert outcome.doc.line(("steps", 0, "emotion")) == doc.line(("steps", 0, "emotion")) is not None


@pytest.mark.unit
def test_the_front_matter_is_stored_once_only_when_it_is_the_validated_data_to_the_type():
    from mkdocs_journeys.core.source_files import SourceDoc

    assert pc._same({"a": [1, "x"], "b": {"c": None}}, {"b": {"c": None}, "a": [1, "x"]})
    for a, b in ((1, 1.0), (1, True), ([1], (1,)), ({"a": 1}, {"a": 1, "b": 2}), ("1", 1)):
        assert not pc._same(a, b) and not pc._same({"k": [a]}, {"k": [b]})
    doc = SourceDoc(path=None, rel="x.md", data={"emotion": True}, lines={(): 2})  # type: ignore[arg-type]
    kept = pc._decode(pc._encode(pc.FileOutcome(doc, {"emotion": 1}, [])), None)
    assert kept is not None and kept.doc is not None
    assert kept.doc.data["emotion"] is True and kept.data == {"emotion": 1} and type(kept.data["emotion"]) is int
    same = pc._decode(pc._encode(pc.FileOutcome(doc, {"emotion": True}, [])), None)
    assert same is not None and same.doc is not None and same.doc.data is same.data


@pytest.mark.unit
def test_a_few_changes_among_many_files_are_parsed_again_rather_than_rewriting_the_file(tmp_path, monkeypatch):
    project = _broken(Project(tmp_path))
    first = _cache(project)
    _run(project, first)
    monkeypatch.setattr(pc, "WRITE_EVERY", 4)  # as if the project had four times as many files per change
    threshold = len(first.entries) // pc.WRITE_EVERY
    assert threshold >= 2
    written = first.path.read_bytes()
    project.replace(AW, "touchpoint: newsleter", "touchpoint: newsletter")
    for _ in range(2):  # the edit stays unsaved: each run parses that file again, with the same result
        cache = _cache(project)
        assert _outcome(_run(project, cache)) == _outcome(_run(project))
        assert cache.misses == 1 and cache.unsaved == 1 and first.path.read_bytes() == written
    edited = ["touchpoints/latin.md", "touchpoints/tabs.md", "personas/wrong.md", INFO][: threshold - 1]
    for rel in edited:  # enough changes: the file is rewritten, and the next run parses nothing
        project.path(rel).write_bytes(project.path(rel).read_bytes() + b"\n")
    cache = _cache(project)
    _run(project, cache)
    assert cache.misses == threshold and cache.unsaved == 0 and first.path.read_bytes() != written
    again = _cache(project)
    assert _outcome(_run(project, again)) == _outcome(_run(project)) and again.misses == 0


def _fresh_outcome(project: Project) -> tuple:
    result = check(project.settings(), {})
    return [p.to_dict() for p in result.report.sorted()], export.to_dict(result.catalog)


@pytest.mark.unit
def test_files_read_too_soon_after_a_change_are_trusted_once_settled(tmp_path, monkeypatch):
    # A project written just before the first build (a clone, a generated one): none of its statuses
    # can be trusted by that build, so without settling, the next run would read every file again.
    monkeypatch.setattr(pc, "RACY_NS", 300_000_000)
    project = Project(tmp_path)
    cache = pc.ParseCache(None)
    first = check(project.settings(), {}, cache=cache)
    read = set(first.digests)
    assert read and set(cache.racy) == read and not set(cache.statuses) & read
    assert cache.settle(project.root) == 0  # still too recent: left to a later run or settle
    time.sleep(0.35)
    assert cache.settle(project.root) == len(read)
    assert not cache.racy and set(cache.statuses) >= read
    again = check(project.settings(), {}, cache=cache)
    assert cache.unread == len(read)  # every file taken by its status, none read
    assert ([p.to_dict() for p in again.report.sorted()], export.to_dict(again.catalog)) == _fresh_outcome(project)


@pytest.mark.unit
def test_a_file_changed_before_it_settles_is_not_trusted(tmp_path, monkeypatch):
    monkeypatch.setattr(pc, "RACY_NS", 300_000_000)
    project = Project(tmp_path)
    cache = pc.ParseCache(None)
    check(project.settings(), {}, cache=cache)
    project.replace("personas/sara.md", "Sara Keller", "Sara Kellex")  # the same size, other bytes
    time.sleep(0.35)
    settled = cache.settle(project.root)
    assert "personas/sara.md" not in cache.statuses and settled > 0
    again = check(project.settings(), {}, cache=cache)
    assert again.catalog.personas["sara"].name == "Sara Kellex"
    assert ([p.to_dict() for p in again.report.sorted()], export.to_dict(again.catalog)) == _fresh_outcome(project)


def _as_last_run_saw(project: Project, cache: pc.ParseCache) -> bool:
    return cache.as_last_run_saw(project.root, project.settings().folders().values())


@pytest.mark.unit
def test_content_as_the_last_run_saw_it_is_told_from_any_change_since(tmp_path, monkeypatch):
    # While serving, this decides whether the file watcher's reports alone tell the first rebuild what
    # changed since the first build, which ran before the watcher started.
    project = Project(tmp_path)
    _settled(monkeypatch)

    def loaded() -> pc.ParseCache:
        cache = pc.ParseCache(None)
        check(project.settings(), {}, cache=cache)
        time.sleep(0.02)  # past the file system clock's tick: an edit from now on changes a status
        return cache

    assert not _as_last_run_saw(project, pc.ParseCache(None))  # no run yet: nothing to compare with
    assert _as_last_run_saw(project, loaded())
    for edit, seen in [
        (lambda: project.replace("personas/sara.md", "Sara Keller", "Sara Kellex"), True),  # the same size
        (lambda: project.write("touchpoints/new.md", TOUCHPOINT_NEW), True),
        (lambda: project.remove("touchpoints/newsletter.md"), True),
        (lambda: project.write("journeys/j1/notes/more.md", "# notes\n"), True),  # in a folder of its own
        # A folder with a link is listed anew by every run: it never counts as seen.
        (lambda: project.symlink("personas/again.md", project.path("personas/sara.md")), False),
    ]:
        cache = loaded()
        edit()
        assert not _as_last_run_saw(project, cache)
        assert _as_last_run_saw(project, loaded()) is seen  # a run that saw the change


@pytest.mark.unit
def test_a_file_whose_status_was_not_trusted_does_not_count_as_seen(tmp_path, monkeypatch):
    # Such a file is read by the next run in any case; an edit of it must not make the others suspect.
    project = Project(tmp_path)
    monkeypatch.setattr(pc, "RACY_NS", 300_000_000)
    cache = pc.ParseCache(None)
    check(project.settings(), {}, cache=cache)
    assert cache.racy and not cache.statuses
    assert _as_last_run_saw(project, cache)
    time.sleep(0.35)
    cache.settle(project.root)
    assert AW in cache.statuses
    project.replace(AW, "emotion: 4", "emotion: 5")
    assert not _as_last_run_saw(project, cache)
