"""Read content files: size and encoding checks, front-matter, YAML with line numbers.

Nothing here knows the format; `schema` validates what comes out.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from mkdocs_journeys.core import problems as P

MAX_DEPTH = 8
Path_ = tuple  # a field path such as ("steps", 0, "touchpoint")


@dataclass(slots=True)
class SourceDoc:
    """One content file: front-matter data, its line numbers and the Markdown body."""

    path: str  # absolute
    rel: str  # as shown in messages, relative to the project root
    data: dict
    lines: Mapping = field(default_factory=dict)  # field path -> 1-based line
    body: str = ""
    body_line: int = 1

    def line(self, path: tuple) -> int | None:
        """Line of a field, or of its nearest parent that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


class _AliasFound(Exception):
    def __init__(self, line: int):
        self.line = line


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int):
        self.key, self.line = key, line


class _TooDeep(Exception):
    def __init__(self, line: int):
        self.line = line


class _LineNumberedYaml(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases, so alias bombs cannot expand."""

    def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise _AliasFound(event.start_mark.line + 1)
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise _AliasFound(event.start_mark.line + 1)
        return Composer.compose_node(self, parent, index)


_scalars = SafeConstructor()


_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
# Scalar tags whose SafeConstructor function returns the value directly (no generator, no cache):
# calling them skips construct_object's bookkeeping. Other tags still go through construct_object.
_DIRECT = {
    tag: SafeConstructor.yaml_constructors[tag]
    for tag in ("tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
}


def _to_python(node, path: tuple, lines: dict, depth: int = 0, seen: set | None = None):
    seen = set() if seen is None else seen
    if id(node) in seen:  # an alias: the fast loader shares the node instead of refusing it
        raise _AliasFound(node.start_mark.line + 1)
    seen.add(id(node))
    line = node.start_mark.line + 1
    lines[path] = line
    if depth > MAX_DEPTH:
        raise _TooDeep(line)
    if isinstance(node, MappingNode):
        out: dict = {}
        depth += 1
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            # Fast path for the usual plain-text key; anything else takes the general route.
            if (
                key_node.tag == _STR
                and depth <= MAX_DEPTH
                and id(key_node) not in seen
                and isinstance(key_node, ScalarNode)
            ):
                seen.add(id(key_node))
                key = key_node.value
            else:
                key = _to_python(key_node, path + ("<key>",), {}, depth, seen)
                key = str(key) if not isinstance(key, (dict, list)) else repr(key)
            if key in out:
                raise _DuplicateKey(key, key_line)
            sub = path + (key,)
            if (
                value_node.tag == _STR
                and depth <= MAX_DEPTH
                and id(value_node) not in seen
                and isinstance(value_node, ScalarNode)
            ):
                # The value's own line would be overwritten by the key's line just below.
                seen.add(id(value_node))
                out[key] = value_node.value
            else:
                out[key] = _to_python(value_node, sub, lines, depth, seen)
            lines[sub] = key_line
        return out
    if isinstance(node, SequenceNode):
        return [_to_python(n, path + (i,), lines, depth + 1, seen) for i, n in enumerate(node.value)]
    assert isinstance(node, ScalarNode)
    tag = node.tag
    if tag == _STR or tag == _MERGE:  # SafeConstructor returns a str scalar's value as it is
        return node.value
    direct = _DIRECT.get(tag)
    try:
        value = direct(_scalars, node) if direct is not None else _scalars.construct_object(node)
    except (ValueError, TypeError, OverflowError) as e:
        raise yaml.constructor.ConstructorError(
            None, None, f"cannot read the value ({_one_line(e)})", node.start_mark
        ) from None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_YAML_BREAKS = ("\x85", "\u2028", "\u2029")


def _line_map(yaml_text: str, first_line: int) -> list[int]:
    """File line of each line PyYAML counts (it also breaks lines at U+0085, U+2028, U+2029)."""
    if not any(b in yaml_text for b in _YAML_BREAKS):
        return list(range(first_line, first_line + yaml_text.count("\n") + 1))
    out = [first_line]
    line = first_line
    for ch in yaml_text:
        if ch == "\n":
            line += 1
            out.append(line)
        elif ch in _YAML_BREAKS:
            out.append(line)
    return out


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def parse_front_matter(text: str, rel: str, report: P.Report) -> tuple[dict, dict, str, int] | None:
    """Split and parse front-matter. Returns (data, lines, body, body_line) or None on error."""
    lines_ = text.split("\n")
    if not lines_ or lines_[0].rstrip() != "---":
        report.add(P.NO_FRONT_MATTER, rel, "no-front-matter", line=1)
        return None
    end = next((i for i in range(1, len(lines_)) if _FENCE.match(lines_[i])), None)
    if end is None:
        report.add(P.UNCLOSED_FRONT_MATTER, rel, "unclosed-front-matter", line=1)
        return None
    yaml_text = "\n".join(lines_[1:end])
    body = "\n".join(lines_[end + 1 :])
    line_of = _line_map(yaml_text, 2)  # YAML line 0 is file line 2

    def file_line(mark_line: int | None) -> int | None:
        if mark_line is None:
            return None
        return line_of[mark_line] if mark_line < len(line_of) else line_of[-1]

    try:
        node = _compose(yaml_text)
    except _AliasFound as e:
        report.add(P.YAML_ALIAS, rel, "yaml-alias", line=file_line(e.line - 1))
        return None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = file_line(mark.line) if mark else None
        if r"'\t'" in (e.problem or ""):  # PyYAML: "found character '\t' that cannot start any token"
            report.add(P.YAML_TAB, rel, "yaml-tab", line=line)
            return None
        colon = _unquoted_colon(yaml_text, e)
        if colon is not None:
            yaml_line, key, fixed = colon
            report.add(
                P.INVALID_YAML, rel, "invalid-yaml.colon", line=file_line(yaml_line), field=key, key=key, fixed=fixed
            )
            return None
        key, args, at_start = _yaml_error_kind(e)
        if at_start and e.context_mark is not None:  # an unclosed quote or bracket: where it opens
            line = file_line(e.context_mark.line)
        if key == "invalid-yaml":
            what = _one_line(e.problem or "syntax error")
            args["detail"] = f"{_one_line(e.context)}, {what}" if e.context else what
        report.add(P.INVALID_YAML, rel, key, line=line, **args)
        return None
    except yaml.YAMLError as e:
        report.add(P.INVALID_YAML, rel, "invalid-yaml", line=1, detail=_one_line(e))
        return None
    if node is None:
        report.add(P.NOT_A_MAPPING, rel, "not-a-mapping.empty", line=1)
        return None
    if not isinstance(node, MappingNode):
        key = "not-a-mapping.list" if isinstance(node, SequenceNode) else "not-a-mapping.scalar"
        report.add(P.NOT_A_MAPPING, rel, key, line=file_line(node.start_mark.line))
        return None
    lines: dict = {}
    _scalars.constructed_objects = {}  # the constructor caches every node: drop them after each file
    try:
        data = _to_python(node, (), lines)
    except _AliasFound as e:
        report.add(P.YAML_ALIAS, rel, "yaml-alias", line=file_line(e.line - 1))
        return None
    except _DuplicateKey as e:
        report.add(P.DUPLICATE_KEY, rel, "duplicate-key", line=file_line(e.line - 1), key=_one_line(e.key))
        return None
    except _TooDeep as e:
        report.add(P.YAML_TOO_DEEP, rel, "yaml-too-deep", line=file_line(e.line - 1), depth=MAX_DEPTH)
        return None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        report.add(
            P.INVALID_YAML,
            rel,
            "invalid-yaml.value",
            line=file_line(mark.line) if mark else 1,
            detail=_one_line(e.problem or e.context or "cannot read the value"),
        )
        return None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as e:
        report.add(P.INVALID_YAML, rel, "invalid-yaml.value", line=1, detail=_one_line(e))
        return None
    lines = {k: file_line(v - 1) for k, v in lines.items()}
    return data, lines, body, end + 2


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
# '&' or '*' where YAML could read an anchor or alias ("Sales & Service" and "2*3" cannot be one)
_MAY_ANCHOR = re.compile(r"(?:^|[\s\[{,])[&*][^\s\]},]")


def _compose(yaml_text: str):
    """Compose with libyaml when it is there (several times faster); on any error, compose
    again with the pure-Python loader, whose messages and refusals are the documented ones.

    libyaml's composer cannot refuse an anchor that no alias uses, so text that may hold an
    anchor or alias (&name, *name) goes to the pure-Python loader: both paths refuse the same files."""
    if _FAST_LOADER is not None and not _MAY_ANCHOR.search(yaml_text):
        try:
            return yaml.compose(yaml_text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(yaml_text, Loader=_LineNumberedYaml)


_CANNOT_START = re.compile(r"found character '(.)' that cannot start any token")


def _yaml_error_kind(error: yaml.MarkedYAMLError) -> tuple[str, dict, bool]:
    """The message for PyYAML's commonest errors in words people know (PyYAML's own text is English
    and speaks of tokens): (message key, its arguments, whether the error is where a quote or bracket opens)."""
    problem, context = error.problem or "", error.context or ""
    if "quoted scalar" in context:
        return "invalid-yaml.quote", {}, True
    if "flow sequence" in context or "flow mapping" in context:
        return "invalid-yaml.bracket", {"bracket": "[" if "sequence" in context else "{"}, True
    m = _CANNOT_START.search(problem)
    if m:
        return "invalid-yaml.reserved", {"char": m.group(1)}, False
    if "expected <block end>" in problem or "could not find expected ':'" in problem or "mapping values" in problem:
        return "invalid-yaml.indent", {}, False
    return "invalid-yaml", {}, False


_KEY_PREFIX = re.compile(r"(\s*(?:-\s+)?)([A-Za-z_][\w-]*):[ \t]+")


def _unquoted_colon(yaml_text: str, error: yaml.MarkedYAMLError) -> tuple[int, str, str] | None:
    """The commonest YAML mistake: an unquoted value that holds ': ' (name: Kundenmagazin: Frühling).

    Returns (YAML line, key, the line with the value quoted) when the error is on such a line.
    Plain string tests after a short prefix match: lines are content, and may be long."""
    if "mapping values are not allowed" not in (error.problem or "") or error.problem_mark is None:
        return None
    lines = yaml_text.split("\n")
    for n in (error.problem_mark.line, error.problem_mark.line - 1):
        if not 0 <= n < len(lines):
            continue
        m = _KEY_PREFIX.match(lines[n])
        if not m:
            continue
        value = lines[n][m.end() :].rstrip()
        if value[:1] in ("'", '"', "[", "{", "|", ">", "&", "*", "!", "#", "") or " #" in value:
            continue
        if ": " not in value and not value.endswith(":"):
            continue
        quoted = value.replace("\\", "\\\\").replace('"', '\\"')
        return n, m.group(2), f'{m.group(1).lstrip()}{m.group(2)}: "{quoted}"'
    return None


def read_doc(path: str, rel: str, report: P.Report, max_bytes: int) -> SourceDoc | None:
    """Read and parse one content file, reporting problems instead of raising."""
    raw = read_bytes(path, rel, report, max_bytes)
    return None if raw is None else parse_bytes(path, rel, raw, report)


def read_bytes(path: str, rel: str, report: P.Report, max_bytes: int) -> bytes | None:
    """A content file's bytes, or None (reported) if it is too large or cannot be read."""
    st = stat_content(path, rel, report, max_bytes)
    return None if st is None else read_content(path, rel, report)


def stat_content(path: str, rel: str, report: P.Report, max_bytes: int) -> os.stat_result | None:
    """A content file's status, or None (reported) if it is too large or cannot be read."""
    try:
        st = os.stat(path)
    except OSError as e:
        report.add(P.UNREADABLE, rel, "unreadable", reason=e.strerror or e)
        return None
    if st.st_size > max_bytes:
        report.add(P.FILE_TOO_LARGE, rel, "file-too-large", line=1, size=st.st_size, limit=max_bytes)
        return None
    return st


def read_content(path: str, rel: str, report: P.Report) -> bytes | None:
    """The bytes of a content file that `stat_content` let through, or None (reported)."""
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        report.add(P.UNREADABLE, rel, "unreadable", reason=e.strerror or e)
        return None


def parse_bytes(path: str, rel: str, raw: bytes, report: P.Report) -> SourceDoc | None:
    """A content file's bytes as a document: encoding, front-matter, YAML. Depends on the bytes and
    `rel` alone, so its outcome can be cached by the bytes' digest."""
    if raw.startswith(b"\xef\xbb\xbf"):
        report.add(P.BOM, rel, "bom", line=1)
        raw = raw[3:]
    if not raw.strip():
        report.add(P.EMPTY_FILE, rel, "empty-file", line=1)
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        report.add(P.NOT_UTF8, rel, "not-utf8", line=line, byte=f"{raw[e.start]:02x}", offset=e.start)
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parsed = parse_front_matter(text, rel, report)
    if parsed is None:
        return None
    data, lines, body, body_line = parsed
    return SourceDoc(path=path, rel=rel, data=data, lines=lines, body=body, body_line=body_line)


IGNORED_SUFFIXES = (".markdown", ".yml", ".yaml", ".txt")


def walk_markdown(root: Path, rel_base: Path, report: P.Report, links: list[str] | None = None) -> list[str]:
    """All .md files under root, as absolute paths. Symlinks that loop, leave the folder or duplicate
    content are refused; `links` gets every link followed. Paths as text: thousands of path objects
    (each with its list of parts) would be made on every load and outlive it in the collector's oldest
    generation."""
    out: list[str] = []
    real_root = os.path.realpath(root)
    base = os.path.join(os.fspath(rel_base), "")
    seen_dirs: set[str] = set()
    seen_files: set[str] = set()

    def rel(p: str) -> str:
        return (p[len(base) :] if p.startswith(base) else p).replace(os.sep, "/")

    def inside(target: str) -> bool:
        return target == real_root or target.startswith(real_root + os.sep)

    def visit(folder: str, via_link: str | None = None, real: str | None = None) -> None:
        # A folder that is no link lies in its parent's real folder: realpath only for links and the root.
        real = real or os.path.realpath(folder)
        if real in seen_dirs:
            report.add(P.SYMLINK, rel(via_link or folder), "symlink.seen-folder")
            return
        seen_dirs.add(real)
        try:
            # Real entries first, links last: a link never hides the folder it points to.
            entries = sorted(os.scandir(folder), key=lambda e: (e.is_symlink(), e.name))
        except OSError as e:
            report.add(P.UNREADABLE, rel(folder), "unreadable.folder", reason=e.strerror or e)
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            p = entry.path
            link = entry.is_symlink()
            if link:
                if links is not None:
                    links.append(p)
                target = os.path.realpath(p)
                if not os.path.exists(target):
                    report.add(P.SYMLINK, rel(p), "symlink.broken")
                    continue
                if not inside(target):
                    report.add(P.SYMLINK, rel(p), "symlink.outside")
                    continue
            try:
                is_dir = entry.is_dir()
                is_file = entry.is_file()
            except OSError:
                report.add(P.SYMLINK, rel(p), "symlink.loop")
                continue
            if is_dir:
                visit(p, p if link else None, None if link else os.path.join(real, entry.name))
            elif entry.name.endswith(".md"):
                if not is_file:
                    report.add(P.UNREADABLE, rel(p), "unreadable.special")
                    continue
                # A file that is no link has its folder's real path (one realpath per folder, not per file).
                real_file = os.path.realpath(p) if link else os.path.join(real, entry.name)
                if real_file in seen_files:
                    report.add(P.SYMLINK, rel(p), "symlink.seen-file")
                    continue
                seen_files.add(real_file)
                out.append(p)
            elif entry.name.lower().endswith((".md",) + IGNORED_SUFFIXES):
                report.add(P.IGNORED_FILE, rel(p), "ignored-file")

    if os.path.isdir(root):
        visit(os.fspath(root))
    visit = None  # type: ignore[assignment]  # it calls itself through its closure: no cycle to outlive the walk
    return out
