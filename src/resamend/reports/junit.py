"""``--format junit``: JUnit XML, one testsuite per draft, one testcase per
check that ran ("base", "expect", "lint"; "read" for a draft that could not
be read).  Built with ``xml.etree`` from the standard library; every string
is made safe for XML 1.0 first."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from typing import Sequence

from ..check import CHECKS, FileReport, normalise_text
from ..diagnostics import Diagnostic, shown_path
from . import ReportOptions, redline


def finding_line(f: Diagnostic) -> str:
    where = f.location.where(source=False) if f.location is not None else ""
    head = f"{f.severity.value} [{f.code}]" + (f" {where}" if where else "")
    shown = redline(f)
    return f"{head}: {f.message}" + (f"\n    {shown}" if shown else "")


def _one_line(text: str, limit: int = 300) -> str:
    text = normalise_text(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot hold most control characters nor lone surrogates: drop them."""
    return _NOT_XML.sub("", text)


def sanitised(report: FileReport) -> FileReport:
    """The report with every string safe for XML, the file name shown escaped."""
    def clean(value):
        return _xml_safe(value) if isinstance(value, str) else value

    findings = tuple(
        replace(f, message=clean(f.message), text=clean(f.text),
                location=f.location and replace(f.location, label=clean(f.location.label), origin=clean(f.location.origin)),
                parts=tuple((k, clean(t)) for k, t in f.parts))
        for f in report.findings
    )
    return replace(report, source=shown_path(report.source), error=clean(report.error), findings=findings)


def render(reports: Sequence[FileReport], options: ReportOptions = ReportOptions()) -> bytes:
    strict = options.strict
    reports = [sanitised(r) for r in reports]
    root = ET.Element("testsuites", name="resamend check")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for r in reports:
        suite = ET.SubElement(root, "testsuite", name=r.source)
        counts = {"tests": 0, "failures": 0, "errors": 0}
        if r.error is not None:
            case = ET.SubElement(suite, "testcase", name="read", classname=r.source, file=r.source, time="0")
            ET.SubElement(case, "error", message=r.error, type="trouble").text = r.error
            counts["tests"] += 1
            counts["errors"] += 1
        else:
            for check_name in CHECKS:
                if check_name not in r.checks:
                    continue
                counts["tests"] += 1
                case = ET.SubElement(suite, "testcase", name=check_name, classname=r.source, file=r.source, time="0")
                mine = [f for f in r.findings if f.check == check_name]
                failing = [f for f in mine if f.counts(strict)]
                if failing:
                    counts["failures"] += 1
                    first = failing[0]
                    message = f"{len(failing)} finding{'s' if len(failing) != 1 else ''}: {first.message}"
                    failure = ET.SubElement(case, "failure", message=_one_line(message), type=first.code)
                    failure.text = "\n".join(finding_line(f) for f in failing)
                rest = [f for f in mine if not f.counts(strict)]
                if rest:
                    ET.SubElement(case, "system-out").text = "\n".join(finding_line(f) for f in rest)
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("skipped", "0")
        suite.set("time", "0")
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"
