"""KPI actuals: measured values per KPI and period, from CSV or YAML files in actuals/.

CSV files have the header `kpi,period,value`; YAML files map a KPI to {period: value}.
A KPI is named by its qualified key: `<journey>.<phase>.<kpi>` or `<touchpoint>.<kpi>`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from mkdocs_journeys.core import ids
from mkdocs_journeys.core import problems as P
from mkdocs_journeys.core.model import common
from mkdocs_journeys.core.model.common import touchpoint_kpi_key

CSV_HEADER = ("kpi", "period", "value")


@dataclass(frozen=True)
class PeriodForm:
    name: str  # as the format reference and the messages write it
    pattern: str  # one period of this form, as a regular expression
    meaning: str
    example: str


# The periods an actual may have; the parser and the format reference both read this tuple.
PERIOD_FORMS: tuple[PeriodForm, ...] = (
    PeriodForm("YYYY", r"\d{4}", "a year", "2026"),
    PeriodForm("YYYY-MM", r"\d{4}-(0[1-9]|1[0-2])", "a month", "2026-03"),
    PeriodForm("YYYY-Qn", r"\d{4}-Q[1-4]", "a quarter", "2026-Q1"),
    PeriodForm("YYYY-Www", r"\d{4}-W(0[1-9]|[1-4]\d|5[0-3])", "an ISO week", "2026-W09"),
    PeriodForm("YYYY-MM-DD", r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", "a day", "2026-03-31"),
)


def is_period(text: str) -> bool:
    return any(re.fullmatch(f.pattern, text) for f in PERIOD_FORMS)


# A signal's `when:`. The KPI is an id of the signal's phase or `<touchpoint>.<kpi>`; the number may
# use a decimal comma and end in '%'. The operators are the model's (common.OPERATORS).
CONDITION_FORM = "<kpi> <op> <number>"
CONDITION_KPI_FORMS = ("<kpi>", touchpoint_kpi_key("<touchpoint>", "<kpi>"))
CONDITION_KPI = rf"{ids.FRAGMENT}(?:\.{ids.FRAGMENT})?"
CONDITION_NUMBER = r"-?\d+(?:[.,]\d+)?"
CONDITION_EXAMPLES = ("open_rate < 20", "newsletter.open_rate >= 35,5 %")


def _condition_re() -> re.Pattern:
    ops = "|".join(re.escape(op) for op in sorted(common.OPERATORS, key=len, reverse=True))  # '<=' before '<'
    return re.compile(rf"\s*({CONDITION_KPI})\s*({ops})\s*({CONDITION_NUMBER})\s*%?\s*")


@dataclass(frozen=True)
class Actual:
    kpi: str
    period: str
    value: float
    file: str
    line: int | None


def parse_condition(text: str) -> tuple[str, str, float] | None:
    """'open_rate < 20%' -> ('open_rate', '<', 20.0); None if it is not of that form."""
    m = _condition_re().fullmatch(text or "")
    if not m:
        return None
    return m.group(1), m.group(2), float(m.group(3).replace(",", "."))


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).strip().rstrip("%").strip().replace(",", "."))
    except ValueError:
        return None


def read_file(path: Path, rel: str, report: P.Report, max_bytes: int) -> list[Actual]:
    try:
        if path.stat().st_size > max_bytes:
            report.add(P.FILE_TOO_LARGE, rel, "file-too-large", line=1, size=path.stat().st_size, limit=max_bytes)
            return []
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        report.add(P.NOT_UTF8, rel, "not-utf8.file", line=1)
        return []
    except OSError as e:
        report.add(P.UNREADABLE, rel, "unreadable", reason=e.strerror or e)
        return []
    rows: list[tuple[str, object, object, int | None]] = []
    if path.suffix == ".csv":
        reader = csv.reader(io.StringIO(text))
        header = next(reader, None)
        if header is None or [h.strip().lower() for h in header] != list(CSV_HEADER):
            report.add(P.ACTUALS_FORMAT, rel, "actuals-format.header", line=1)
            return []
        for row in reader:
            if not any(c.strip() for c in row):
                continue
            if len(row) != 3:
                report.add(P.ACTUALS_FORMAT, rel, "actuals-format.columns", line=reader.line_num, count=len(row))
                continue
            rows.append((row[0].strip(), row[1].strip(), row[2].strip(), reader.line_num))
    else:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            report.add(
                P.ACTUALS_FORMAT,
                rel,
                "actuals-format.yaml",
                line=mark.line + 1 if mark else 1,
                detail=" ".join(str(getattr(e, "problem", None) or e).split()),
            )
            return []
        lines = _yaml_lines(text) if isinstance(data, dict) else {}
        if not isinstance(data, dict):
            report.add(P.ACTUALS_FORMAT, rel, "actuals-format.mapping", line=1)
            return []
        for kpi, series in data.items():
            if not isinstance(series, dict):
                report.add(
                    P.ACTUALS_FORMAT, rel, "actuals-format.series", field=str(kpi), line=lines.get(str(kpi)), kpi=kpi
                )
                continue
            for period, value in series.items():
                rows.append((str(kpi), period, value, lines.get((str(kpi), str(period)), lines.get(str(kpi)))))
    out: list[Actual] = []
    for kpi, period, value, line in rows:
        period_s = period.isoformat()[:10] if hasattr(period, "isoformat") else str(period)
        if not is_period(period_s):
            report.add(P.INVALID_PERIOD, rel, "invalid-period", field=kpi, line=line, period=period_s, kpi=kpi)
            continue
        number = _number(value)
        if number is None:
            report.add(
                P.NOT_A_NUMBER, rel, "not-a-number.actual", field=kpi, line=line, value=value, kpi=kpi, period=period_s
            )
            continue
        out.append(Actual(kpi, period_s, number, rel, line))
    return out


def _yaml_lines(text: str) -> dict:
    """Lines of a YAML actuals file: kpi -> line, (kpi, period) -> line (for messages only)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    out: dict = {}
    if isinstance(root, yaml.MappingNode):
        for k, v in root.value:
            out[k.value] = k.start_mark.line + 1
            if isinstance(v, yaml.MappingNode):
                for pk, _ in v.value:
                    out[(k.value, pk.value)] = pk.start_mark.line + 1
    return out


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".csv", ".yml", ".yaml"))


def actuals_digest(folder: Path, max_bytes: int) -> bytes:
    """Changes with any file `read_all` reads (its name or bytes)."""
    h = hashlib.blake2b(digest_size=20)
    for path in _files(folder):
        h.update(path.as_posix().encode() + b"\0")
        try:
            h.update(path.read_bytes() if path.stat().st_size <= max_bytes else b"too large")
        except OSError:
            h.update(os.urandom(8))  # unreadable: reported by read_all, and never the same context
    return h.digest()


def read_all(folder: Path, rel_base: Path, report: P.Report, max_bytes: int) -> list[Actual]:
    out: list[Actual] = []
    for path in _files(folder):
        try:
            rel = path.relative_to(rel_base).as_posix()
        except ValueError:
            rel = path.as_posix()
        out += read_file(path, rel, report, max_bytes)
    return out
