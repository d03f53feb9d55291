"""Read content files: size and encoding checks, front-matter, YAML with line numbers.

Nothing here knows the format; `schema` validates what comes out.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from . import problems as P

MAX_DEPTH = 8
Path_ = tuple  # a field path such as ("steps", 0, "touchpoint")


@dataclass
class SourceDoc:
    """One content file: front-matter data, its line numbers and the Markdown body."""

    path: Path  # absolute
    rel: str  # as shown in messages, relative to the project root
    data: dict
    lines: dict = field(default_factory=dict)  # field path -> 1-based line
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


class _Loader(yaml.SafeLoader):
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


def _to_python(node, path: tuple, lines: dict, depth: int = 0):
    lines[path] = node.start_mark.line + 1
    if depth > MAX_DEPTH:
        raise _TooDeep(node.start_mark.line + 1)
    if isinstance(node, MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            key = _to_python(key_node, path + ("<key>",), {}, depth + 1)
            key = str(key) if not isinstance(key, (dict, list)) else repr(key)
            if key in out:
                raise _DuplicateKey(key, key_node.start_mark.line + 1)
            out[key] = _to_python(value_node, path + (key,), lines, depth + 1)
            lines[path + (key,)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, SequenceNode):
        return [_to_python(n, path + (i,), lines, depth + 1) for i, n in enumerate(node.value)]
    assert isinstance(node, ScalarNode)
    if node.tag == "tag:yaml.org,2002:merge":
        return node.value
    value = _scalars.construct_object(node)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_TAB_INDENT = re.compile(r"^[ ]*\t", re.M)


def parse_front_matter(text: str, rel: str, report: P.Report) -> tuple[dict, dict, str, int] | None:
    """Split and parse front-matter. Returns (data, lines, body, body_line) or None on error."""
    lines_ = text.split("\n")
    if not lines_ or lines_[0].rstrip() != "---":
        report.add(P.NO_FRONT_MATTER, rel, "expected the file to start with a '---' line, followed by YAML fields and another '---' line.", line=1)
        return None
    end = next((i for i in range(1, len(lines_)) if _FENCE.match(lines_[i])), None)
    if end is None:
        report.add(P.UNCLOSED_FRONT_MATTER, rel, "the front-matter opened on line 1 is never closed; add a '---' line after the last field.", line=1)
        return None
    yaml_text = "\n".join(lines_[1:end])
    body = "\n".join(lines_[end + 1:])
    offset = 1  # YAML line 1 is file line 2
    for i, l in enumerate(lines_[1:end], start=2):
        if _TAB_INDENT.match(l):
            report.add(P.YAML_TAB, rel, "a tab is used for indentation; YAML allows only spaces.", line=i)
            return None
    try:
        node = yaml.compose(yaml_text, Loader=_Loader)
    except _AliasFound as e:
        report.add(P.YAML_ALIAS, rel, "anchors (&name) and aliases (*name) are not allowed; write the value out.", line=e.line + offset)
        return None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 + offset if mark else None
        what = (e.problem or "syntax error").strip()
        if e.context:
            what = f"{e.context.strip()}, {what}"
        report.add(P.INVALID_YAML, rel, f"invalid YAML: {what}.", line=line)
        return None
    except yaml.YAMLError as e:
        report.add(P.INVALID_YAML, rel, f"invalid YAML: {e}.")
        return None
    if node is None:
        report.add(P.NOT_A_MAPPING, rel, "the front-matter is empty; expected fields such as 'name: ...'.", line=1)
        return None
    if not isinstance(node, MappingNode):
        report.add(P.NOT_A_MAPPING, rel, f"the front-matter is a {_node_kind(node)}; expected a mapping of field names to values (name: value).", line=node.start_mark.line + 1 + offset)
        return None
    lines: dict = {}
    try:
        data = _to_python(node, (), lines)
    except _DuplicateKey as e:
        report.add(P.DUPLICATE_KEY, rel, f"the field '{e.key}' appears twice in the same mapping; keep one.", line=e.line + offset)
        return None
    except _TooDeep as e:
        report.add(P.YAML_TOO_DEEP, rel, f"values nest deeper than {MAX_DEPTH} levels; no field of the format is that deep.", line=e.line + offset)
        return None
    except (yaml.YAMLError, ValueError, TypeError) as e:
        report.add(P.INVALID_YAML, rel, f"invalid YAML value: {e}.")
        return None
    lines = {k: v + offset for k, v in lines.items()}
    return data, lines, body, end + 2


def _node_kind(node) -> str:
    if isinstance(node, SequenceNode):
        return "list"
    if isinstance(node, ScalarNode):
        return "single value"
    return "mapping"


def read_doc(path: Path, rel: str, report: P.Report, max_bytes: int) -> SourceDoc | None:
    """Read and parse one content file, reporting problems instead of raising."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            report.add(P.FILE_TOO_LARGE, rel, f"the file has {size:,} bytes; the limit is {max_bytes:,} bytes (plugin option max_file_size). Split it or raise the limit.")
            return None
        raw = path.read_bytes()
    except OSError as e:
        report.add(P.UNREADABLE, rel, f"cannot read the file: {e.strerror or e}.")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        report.add(P.BOM, rel, "the file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM.", line=1)
        raw = raw[3:]
    if not raw.strip():
        report.add(P.EMPTY_FILE, rel, "the file is empty; expected front-matter between '---' lines.")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        report.add(P.NOT_UTF8, rel, f"byte 0x{raw[e.start]:02x} at offset {e.start} is not valid UTF-8; save the file as UTF-8.", line=line)
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parsed = parse_front_matter(text, rel, report)
    if parsed is None:
        return None
    data, lines, body, body_line = parsed
    return SourceDoc(path=path, rel=rel, data=data, lines=lines, body=body, body_line=body_line)


def walk_markdown(root: Path, rel_base: Path, report: P.Report) -> list[Path]:
    """All .md files under root, refusing symlinks that loop or leave the folder."""
    out: list[Path] = []
    real_root = Path(os.path.realpath(root))
    seen: set[str] = set()

    def rel(p: Path) -> str:
        try:
            return p.relative_to(rel_base).as_posix()
        except ValueError:
            return p.as_posix()

    def visit(folder: Path) -> None:
        real = os.path.realpath(folder)
        if real in seen:
            report.add(P.SYMLINK, rel(folder), "this folder is reached twice through symlinks (a loop); remove the link.")
            return
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as e:
            report.add(P.UNREADABLE, rel(folder), f"cannot read the folder: {e.strerror or e}.")
            return
        for entry in entries:
            p = Path(entry.path)
            if entry.name.startswith("."):
                continue
            if entry.is_symlink():
                target = os.path.realpath(p)
                inside = target == str(real_root) or target.startswith(str(real_root) + os.sep)
                if not os.path.exists(target):
                    report.add(P.SYMLINK, rel(p), "this symlink is broken or loops; remove it.")
                    continue
                if not inside:
                    report.add(P.SYMLINK, rel(p), "this symlink points outside the content folder; copy the file in instead.")
                    continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                report.add(P.SYMLINK, rel(p), "this symlink loops; remove it.")
                continue
            if is_dir:
                visit(p)
            elif entry.name.endswith(".md"):
                out.append(p)

    if root.is_dir():
        visit(root)
    return out
