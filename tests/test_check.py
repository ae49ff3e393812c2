"""resamend.check as a library: the base, expect and lint checks, and the
JSON, GitHub and JUnit report formats (resamend.reports).  Fixtures are small CriticMarkup texts
whose expected findings were worked out by hand."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from resamend.check import (
    FileReport,
    check,
    exit_status,
    normalise_text,
    paragraph_lines,
    prepare_reference,
    trouble,
)
from resamend.diagnostics import Diagnostic, ExitStatus, Location, Severity
from resamend.readers.text import parse_critic
from resamend.reports import ReportOptions, critic, redline, render
from resamend.reports.json import FORMAT, to_data


def to_json(reports, **options) -> str:
    return render("json", reports, ReportOptions(**options)).decode("utf-8")


def to_github(reports, **options) -> str:
    return render("github", reports, ReportOptions(**options)).decode("utf-8")


def to_junit(reports, **options) -> bytes:
    return render("junit", reports, ReportOptions(**options))

DRAFT = """PROPOSED AMENDMENTS TO UNEP/CMS/RESOLUTION 11.10 (Rev.COP13)

SYNERGIES AND PARTNERSHIPS

NB. Proposed new text to Resolutions originating from COP13 is underlined. Text to be deleted is crossed out.

Recalling Resolution 7.9 on cooperation with other bodies,

Acknowledging the importance of cooperation and synergies with other bodies{++ and the private sector++},

The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals

1. Stresses the importance of supporting the objectives of related agreements;

2. Requests the Secretariat to {--continue developing--}{++develop++} effective cooperation with relevant stakeholders;

{++2bis. Further encourages Parties to promote the active engagement of local governments;++}

3. Urges partner organizations to continue to promote the benefits of collaboration.
"""

BASE = """Resolution 11.10 (Rev.COP13)

Synergies and Partnerships

Adopted by the Conference of the Parties at its 11th Meeting (Quito, 4–9 November 2014) and amended at its 13th Meeting (Gandhinagar, 17–22 February 2020)

Recalling Resolution 7.9 on cooperation with other bodies,

Acknowledging the importance of cooperation and synergies with other bodies,

The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals

1. Stresses the importance of supporting the objectives of related agreements;

2. Requests the Secretariat to continue developing effective cooperation with relevant stakeholders;

3. Urges partner organizations to continue to promote the benefits of collaboration.
"""

FINAL = """Resolution 11.10 (Rev.COP14)

SYNERGIES AND PARTNERSHIPS

Adopted by the Conference of the Parties at its 11th Meeting and amended at its 13th and 14th Meetings

Recalling Resolution 7.9 on cooperation with other bodies,

Acknowledging the importance of cooperation and synergies with other bodies and the private sector,

The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals

1. Stresses the importance of supporting the objectives of related agreements;

2. Requests the Secretariat to develop effective cooperation with relevant stakeholders;

3.\tFurther encourages Parties to promote the active engagement of local governments;

4. Urges partner organizations to continue to promote the benefits of collaboration.
"""


def doc(text: str, source: str = "draft.txt"):
    return parse_critic(text, source).value


def run(draft: str = DRAFT, *, base: str | None = BASE, expect: str | None = None, **kwargs) -> FileReport:
    return check(
        doc(draft),
        base=doc(base, "base.txt") if base is not None else None,
        expect=doc(expect, "final.txt") if expect is not None else None,
        lines=paragraph_lines(draft),
        **kwargs,
    )


def line_of(text: str, start: str) -> int:
    """1-based line of the first line starting with ``start`` (counted by hand in the fixture)."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def of(report: FileReport, check_name: str) -> list[Diagnostic]:
    return [f for f in report.findings if f.check == check_name]


# --- base --------------------------------------------------------------------------


def test_a_draft_whose_original_view_is_the_base_passes_the_base_check():
    report = run()
    assert report.check_status("base") == "pass"
    assert of(report, "base") == []
    assert report.status() == "clean"


def test_a_silently_changed_word_is_an_unmarked_edit_naming_the_word_and_the_paragraph():
    report = run(base=BASE.replace("objectives of related", "aims of related"))
    [finding] = of(report, "base")
    assert finding.code == "unmarked-edit"
    assert finding.severity is Severity.ERROR
    assert finding.location.label == "1."
    assert "“aims”" in finding.message and "“objectives”" in finding.message
    assert finding.message.startswith("paragraph 1.")
    assert "{~~aims~>objectives~~}" in redline(finding)
    assert finding.location.line == line_of(DRAFT, "1. Stresses") == 13
    assert report.status() == "findings"


def test_the_redline_keeps_only_a_little_context_around_the_change():
    long_tail = " and".join([" more words"] * 30)
    draft = DRAFT.replace("related agreements;", "related agreements" + long_tail + ";")
    base = BASE.replace("objectives of related", "aims of related").replace(
        "related agreements;", "related agreements" + long_tail + ";")
    [finding] = of(run(draft, base=base), "base")
    assert len(redline(finding)) < 120
    assert redline(finding).endswith("…")
    assert "{~~aims~>objectives~~}" in redline(finding)


def test_text_inserted_without_marks_is_an_unmarked_insertion():
    draft = DRAFT.replace("cooperation with relevant", "cooperation with all relevant")
    [finding] = of(run(draft), "base")
    assert "“all”" in finding.message and "not in the base" in finding.message
    assert re.search(r"with \{\+\+all ?\+\+\} ?relevant", redline(finding))


def test_a_paragraph_missing_from_the_draft_is_reported_before_the_next_one():
    draft = DRAFT.replace("Recalling Resolution 7.9 on cooperation with other bodies,\n\n", "")
    [finding] = of(run(draft), "base")
    assert "“Recalling Resolution 7.9" in finding.message
    assert "missing from the draft" in finding.message
    assert redline(finding).startswith("{--Recalling")


def test_an_unmarked_extra_paragraph_is_reported_with_its_label():
    draft = DRAFT.replace("3. Urges", "2ter. Invites Parties to report.\n\n3. Urges")
    [finding] = of(run(draft), "base")
    assert finding.location.label == "2ter."
    assert "not marked as inserted" in finding.message


def test_the_instrument_line_matches_the_draft_heading_by_instrument_and_revision():
    report = run()
    assert report.instrument == "Resolution 11.10" and report.revision == "Rev.COP13"
    assert not [f for f in report.findings if f.code.endswith("-mismatch")]


def test_a_base_of_another_revision_is_a_finding():
    [finding] = of(run(base=BASE.replace("(Rev.COP13)", "(Rev.COP12)")), "base")
    assert finding.code == "revision-mismatch"
    assert "Rev.COP13" in finding.message and "Rev.COP12" in finding.message
    assert finding.location.line == 1


def test_a_base_of_another_instrument_is_a_finding():
    [finding] = of(run(base=BASE.replace("Resolution 11.10", "Resolution 11.11")), "base")
    assert finding.code == "instrument-mismatch"
    assert "Resolution 11.11" in finding.message


def test_the_history_line_and_the_convention_note_are_not_compared_literally():
    base = BASE.replace("(Quito, 4–9 November 2014)", "(Quito, Ecuador)")
    assert of(run(base=base), "base") == []


def test_white_space_tabs_and_title_case_are_not_edits():
    base = BASE.replace("1. Stresses the", "1.\tStresses  the").replace("other bodies,", "other\u00a0bodies,")
    assert of(run(base=base), "base") == []


def test_a_marked_base_contributes_its_consolidated_text():
    # the base is itself a draft whose final view is BASE with one more word
    marked_base = BASE.replace("relevant stakeholders", "relevant {++external++} stakeholders").replace(
        "(Rev.COP13)", "(Rev.COP12)")  # consolidating it gives Rev.COP13
    report = run(DRAFT.replace("relevant stakeholders", "relevant external stakeholders"), base=marked_base)
    assert of(report, "base") == []


# --- expect ---------------------------------------------------------------------


def test_a_draft_whose_consolidated_text_is_the_final_text_passes_the_expect_check():
    report = run(base=None, expect=FINAL)
    assert report.checks == ("expect", "lint")
    assert of(report, "expect") == []


def test_a_final_text_with_another_word_fails_the_expect_check():
    [finding] = of(run(base=None, expect=FINAL.replace("local governments", "regional governments")), "expect")
    assert finding.code == "final-mismatch"
    assert finding.location.label == "3."
    assert "“regional”" in finding.message and "“local”" in finding.message


def test_the_expected_text_may_be_another_marked_draft():
    marked_final = FINAL.replace("and the private sector", "{--and the public sector--}{++and the private sector++}").replace(
        "(Rev.COP14)", "(Rev.COP13)")  # consolidating it gives Rev.COP14
    assert of(run(base=None, expect=marked_final), "expect") == []


def test_an_expected_text_of_the_old_revision_is_a_finding():
    findings = of(run(base=None, expect=FINAL.replace("(Rev.COP14)", "(Rev.COP13)")), "expect")
    assert [f.code for f in findings] == ["revision-mismatch"]


# --- lint and severities ----------------------------------------------------------


def test_lint_findings_carry_code_severity_and_location():
    draft = DRAFT.replace("Requests the Secretariat", "Requests the Secretariat{++ ++}")
    report = run(draft)
    [mark] = [f for f in of(report, "lint") if f.code == "whitespace-mark"]
    assert mark.severity is Severity.WARNING
    assert mark.location.label == "2." and mark.location.line == line_of(draft, "2. Requests") == 15


def test_warnings_count_only_with_strict_and_info_never():
    draft = DRAFT.replace("Requests the Secretariat", "Requests the Secretariat{++ ++}")
    report = run(draft)
    assert report.status(strict=False) == "clean"
    assert report.status(strict=True) == "findings"
    info_only = replace(report, findings=tuple(replace(f, severity=Severity.INFO) for f in report.findings))
    assert info_only.status(strict=True) == "clean"


def test_reader_diagnostics_are_reported_with_the_lint():
    diag = Diagnostic("format-change", Severity.WARNING, "bold added without a mark",
                      Location(source="draft.txt", origin="paragraph 9"))
    report = check(doc(DRAFT), diagnostics=[diag], lines=paragraph_lines(DRAFT))
    [finding] = [f for f in report.findings if f.code == "format-change"]
    assert finding.check == "lint" and finding.location.line == line_of(DRAFT, "{++2bis.") == 17


def test_exit_status_is_trouble_over_findings_over_clean():
    clean = FileReport("a.txt", ("lint",))
    finding = FileReport("b.txt", ("lint",), (Diagnostic("seam-space", Severity.ERROR, "x", check="lint"),))
    assert exit_status([clean]) is ExitStatus.OK
    assert exit_status([clean, finding]) is ExitStatus.FINDINGS
    assert exit_status([clean, finding, trouble("c.txt", "c.txt: no such file")]) is ExitStatus.TROUBLE


# --- helpers ----------------------------------------------------------------------


def test_paragraph_lines_follow_blank_line_separators():
    assert paragraph_lines("\n\nfirst\n\nsecond\nstill second\n\n\n\nthird\n") == (3, 5, 10)


def test_normalised_text_has_single_spaces_and_no_soft_hyphens():
    assert normalise_text("  a\t b\u00a0c\nd co\u00adoperation ") == "a b c d cooperation"


def test_critic_writes_a_deletion_before_an_insertion_as_a_substitution():
    assert critic((("keep", "a "), ("delete", "b"), ("insert", "c"), ("keep", " {++d"))) == "a {~~b~>c~~} \\{++d"


def test_a_prepared_reference_can_be_shared_by_many_drafts():
    reference = prepare_reference(doc(BASE, "base.txt"))
    assert reference.instrument == "Resolution 11.10"
    assert check(doc(DRAFT), base=reference).check_status("base") == "pass"


# --- JSON ---------------------------------------------------------------------------

LOCATION_SCHEMA = {"block": (int, None), "label": (str, None), "origin": (str, None), "line": (int, None)}
FINDING_SCHEMA = {
    "check": ("base", "expect", "lint"),
    "code": (str,),
    "severity": ("error", "warning", "info"),
    "counts": (bool,),
    "message": (str,),
    "location": LOCATION_SCHEMA,
    "text": (str, None),
    "redline": (str, None),
}
FILE_SCHEMA = {
    "file": (str,),
    "status": ("clean", "findings", "trouble"),
    "error": (str, None),
    "instrument": (str, None),
    "revision": (str, None),
    "checks": {"*": ("pass", "fail", "error", "skipped")},
    "findings": [FINDING_SCHEMA],
}
SUMMARY_SCHEMA = {k: (int,) for k in ("files", "clean", "findings", "trouble", "errors", "warnings", "info", "exit_status")}
REPORT_SCHEMA = {
    "format": (FORMAT,),
    "strict": (bool,),
    "base": (str, None),
    "expect": (str, None),
    "files": [FILE_SCHEMA],
    "summary": SUMMARY_SCHEMA,
}


def validate(value, schema, path="$") -> None:
    """A small validator for the documented schema: dicts must have exactly
    their keys ("*" = any key), [schema] is a list of items, a tuple lists
    the allowed types or literal values (None for null)."""
    if isinstance(schema, dict):
        assert isinstance(value, dict), path
        if "*" in schema:
            for k, v in value.items():
                validate(v, schema["*"], f"{path}.{k}")
            return
        assert list(value) == list(schema), f"{path}: keys {list(value)} != {list(schema)}"
        for k, sub in schema.items():
            validate(value[k], sub, f"{path}.{k}")
    elif isinstance(schema, list):
        assert isinstance(value, list), path
        for n, item in enumerate(value):
            validate(item, schema[0], f"{path}[{n}]")
    else:
        ok = any(
            (allowed is None and value is None)
            or (isinstance(allowed, type) and isinstance(value, allowed) and not (allowed is int and isinstance(value, bool)))
            or (not isinstance(allowed, type) and allowed is not None and value == allowed)
            for allowed in schema
        )
        assert ok, f"{path}: {value!r} is not one of {schema}"


def test_the_validator_rejects_a_report_that_breaks_the_schema():
    good = to_data([run()], ReportOptions())
    validate(good, REPORT_SCHEMA)
    bad = json.loads(json.dumps(good))
    bad["files"][0]["status"] = "fine"
    with pytest.raises(AssertionError):
        validate(bad, REPORT_SCHEMA)


def test_the_json_report_follows_the_documented_schema():
    reports = [
        run(base=BASE.replace("objectives", "aims"), expect=FINAL),
        trouble("missing.docx", "missing.docx: no such file; check the path", ("base", "lint")),
    ]
    data = json.loads(to_json(reports, base="base.txt", expect="final.txt"))
    validate(data, REPORT_SCHEMA)
    assert data["files"][0]["checks"] == {"base": "fail", "expect": "pass", "lint": "pass"}
    assert data["files"][1]["status"] == "trouble"
    assert data["summary"]["exit_status"] == 2 and data["summary"]["files"] == 2


def test_the_json_report_is_the_same_for_the_same_input():
    assert to_json([run()]) == to_json([run()])


# --- GitHub -------------------------------------------------------------------------

GITHUB_LINE = re.compile(r"^::(error|warning|notice) file=[^,:]+(,line=\d+)?,title=[^:]+::[^\r\n]*$")


def test_github_output_is_one_workflow_command_per_finding():
    draft = DRAFT.replace("Requests the Secretariat", "Requests the Secretariat{++ ++}")
    report = run(draft, base=BASE.replace("objectives", "aims"))
    lines = to_github([report]).splitlines()
    assert all(GITHUB_LINE.match(line) for line in lines), lines
    # the unmarked edit; the inserted lone space is a whitespace-mark and doubles a space (seam-space)
    assert len(lines) == sum(1 for f in report.findings if f.severity is not Severity.INFO) == 3
    assert lines[0].startswith("::error file=draft.txt,line=13,title=resamend base%3A unmarked-edit::")
    assert lines[1].startswith("::warning file=draft.txt,line=15,title=resamend lint%3A whitespace-mark::")
    assert lines[2].startswith("::warning file=draft.txt,line=15,title=resamend lint%3A seam-space::")


def test_a_warning_that_counts_under_strict_is_annotated_as_an_error():
    draft = DRAFT.replace("Requests the Secretariat", "Requests the Secretariat{++ ++}")
    assert to_github([run(draft)], strict=True).startswith("::error ")


def test_github_output_escapes_percent_and_line_breaks():
    finding = Diagnostic("x", Severity.ERROR, "50% done\r\nnext", Location(line=3), check="lint",
                         parts=(("keep", "a"), ("insert", "b")))
    out = to_github([FileReport("dir,1/a:b.txt", ("lint",), (finding,))])
    assert out == "::error file=dir%2C1/a%3Ab.txt,line=3,title=resamend lint%3A x::50%25 done%0D%0Anext%0Aa{++b++}\n"


def test_github_output_reports_an_unreadable_file_as_an_error():
    out = to_github([trouble("a.docx", "a.docx: no such file")])
    assert GITHUB_LINE.match(out.strip()) and "no such file" in out


# --- JUnit --------------------------------------------------------------------------


def test_junit_has_a_testsuite_per_file_and_a_testcase_per_check():
    reports = [run(base=BASE.replace("objectives", "aims"), expect=FINAL), trouble("gone.docx", "gone.docx: no such file")]
    root = ET.fromstring(to_junit(reports))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["draft.txt", "gone.docx"]
    cases = suites[0].findall("testcase")
    assert [c.get("name") for c in cases] == ["base", "expect", "lint"]
    [failure] = cases[0].findall("failure")
    assert failure.get("type") == "unmarked-edit" and "“aims”" in failure.get("message")
    assert cases[1].find("failure") is None and cases[2].find("failure") is None
    assert suites[0].get("tests") == "3" and suites[0].get("failures") == "1"
    assert suites[1].find("testcase/error") is not None and suites[1].get("errors") == "1"
    assert root.get("tests") == "4" and root.get("failures") == "1" and root.get("errors") == "1"


def test_junit_stays_valid_xml_with_markup_and_control_characters_in_messages():
    finding = Diagnostic("x", Severity.ERROR, "<b>&\"quoted\"\x01</b>", check="lint",
                         parts=(("keep", "]]> "), ("insert", "a")))
    data = to_junit([FileReport("a&b.txt", ("lint",), (finding,))])
    root = ET.fromstring(data)
    failure = root.find("testsuite/testcase/failure")
    assert "<b>&\"quoted\"</b>" in failure.get("message")
    assert "]]> {++a++}" in failure.text


# --- the original view ------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402

from strategies import documents  # noqa: E402


@settings(max_examples=100, deadline=None)
@given(documents())
def test_the_original_view_of_the_base_check_is_the_rejected_view(d):
    from resamend.amend import reject
    from resamend.check import original_view

    ours, theirs = original_view(d), reject(d)
    assert [b.text for b in ours.blocks] == [b.text for b in theirs.blocks]
    assert [(b.origin, b.label, b.container) for b in ours.blocks] == [(b.origin, b.label, b.container) for b in theirs.blocks]


def test_a_draft_that_holds_no_resolution_gives_one_finding_not_one_per_paragraph():
    report_paper = "Background\n\n1. The Secretariat took part in the meetings.\n\n2. It reports on them.\n"
    [finding] = of(run(report_paper), "base")
    assert finding.code == "no-instrument"
    assert "Resolution 11.10" in finding.message


# --- the registry of report formats ---------------------------------------------------


def test_the_command_offers_every_registered_report_format():
    from resamend.commands.check import FORMATS
    from resamend.reports import REPORTS

    assert FORMATS == tuple(REPORTS)


@pytest.mark.parametrize("name", ["text", "json", "github", "junit"])
def test_every_report_format_names_each_file_and_its_trouble(name):
    reports = [run(base=BASE.replace("objectives", "aims")), trouble("gone.docx", "gone.docx: no such file; check the path")]
    out = render(name, reports, ReportOptions()).decode("utf-8")
    assert "draft.txt" in out and "gone.docx: no such file; check the path" in out


def test_an_unknown_report_format_is_a_usage_error_naming_the_formats():
    from resamend.diagnostics import UsageError

    with pytest.raises(UsageError) as error:
        render("yaml", [run()])
    assert "text, json, github, junit" in str(error.value)


def test_every_format_says_where_a_finding_is_the_same_way():
    finding = Diagnostic("seam-space", Severity.WARNING, "doubled space", Location("d.docx", 34, "2.", "p35"), check="lint")
    report = FileReport("d.docx", ("lint",), (finding,))
    assert str(finding.location) == "d.docx paragraph 2. (p35)"
    for name in ("text", "github", "junit"):
        assert "paragraph 2. (p35)" in render(name, [report], ReportOptions(strict=True)).decode("utf-8"), name


def test_the_check_core_imports_no_writer_report_or_interface_library():
    import ast
    import inspect

    import resamend.check
    import resamend.diagnostics

    for module in (resamend.check, resamend.diagnostics):
        tree = ast.parse(inspect.getsource(module))
        imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not {m for m in imported if m.lstrip(".").split(".")[0] in ("writers", "reports", "readers", "lxml", "click", "rich")}, imported
