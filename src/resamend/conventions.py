"""Mark rules: which marks in a draft mean "inserted" and "deleted".

Every reader applies one of these (``--marks all|tracked`` on the command
line, ``ReadOptions.convention`` = ``cms``/``tracked`` inside), so that a rule
means the same in a Word file, a web page or any other input:

* ``cms`` (the default, ``--marks all``) – revisions (Word tracked changes, HTML ``<ins>``/
  ``<del>``) *and* the house convention: underlined text is inserted,
  struck-through text deleted;
* ``tracked`` – revisions only; underline and strike-through are formatting,
  kept as the ``underline`` and ``strike`` styles.

(The name "convention" here is the mark convention, not the treaty.)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MarkRules:
    name: str
    formatting_marks: bool  # underline inserts, strike-through deletes
    description: str


MARK_RULES: dict[str, MarkRules] = {
    rules.name: rules
    for rules in (
        MarkRules("cms", True, "tracked changes and underline/strike formatting"),
        MarkRules("tracked", False, "tracked changes only; underline and strike are formatting"),
    )
}
