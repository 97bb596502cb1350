"""The two PDF/UA-1 checkers that install from PyPI, called as their documentation says; each returns every
failure, warning or note it reports as a line of text (an empty list: clean).

- page-validation (imported as `page`): a Rust checker that claims the veraPDF corpus;
  `page.validate_pdf(path, profile="ua1")` gives a report whose `failures` are the failed checks.
- pdfua: `pdfua.validate(path)` runs its rules of the machine-checkable subset of PDF/UA-1 and WCAG 2.1;
  the report's `findings` (errors, warnings, infos) and `skipped` rules (a rule that raised).

A checker that cannot be imported skips the test, with the reason.

Where a checker is wrong it is shown here, with its rule's text, and worked around so that its rule still runs.
pdfua 0.1.3, rule UA-14-001 ("Heading elements are not empty", PDF/UA-1 7.4: "Remove the empty heading
element, or give it content"), never runs on a heading whose /K is an array, as every heading WeasyPrint
writes: `_marks_content` calls `as_integer(kid)` on the array, whose docstring says "Return ``value`` as an
int when it is numeric, otherwise ``None``", but which asks `getattr(value, "is_integer", False)`, and pikepdf
answers an attribute asked of an Array with a ValueError ("cannot get key '/is_integer' on object of type
array"), not the AttributeError that getattr's default catches. The rule is then reported skipped ("rule
raised ValueError"), which says nothing about the headings. `pdfua_findings` runs that rule again with
`as_integer` as its docstring describes it, and reports what it finds.
"""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest

HEADING_RULE = "UA-14-001"


def _checker(name: str):
    try:
        return __import__(name)
    except ImportError as error:         # a checker that cannot be installed here: skip, saying why
        pytest.skip(f"the PDF checker {name!r} cannot be imported: {error}")


def page_validation_failures(path: Path) -> list[str]:
    """page-validation's failures for PDF/UA-1 (and a line if it does not call the file compliant)."""
    page = _checker("page")
    report = page.validate_pdf(str(path), profile="ua1")
    found = [f"{f.rule_id} ({f.category.value}): {f.message}" for f in report.failures]
    if not report.is_compliant or report.rules.total == 0:
        found.append(f"not compliant: {report.rules.failed} of {report.rules.total} rules failed")
    return found


def _as_integer(value):
    """pdfua's `as_integer`, as its docstring says: the int of a number, None for anything else."""
    if isinstance(value, bool):
        return None
    return int(value) if isinstance(value, int) else None


def pdfua_findings(path: Path) -> list[str]:
    """pdfua's findings of every severity, its skipped rules, and the heading rule run as it is meant to."""
    pdfua = _checker("pdfua")
    report = pdfua.validate(str(path))
    found = [f"{f.rule_id} {f.severity.name}: {f.message}" for f in report.findings]
    skipped = {outcome.rule_id: outcome.skipped_reason for outcome in report.skipped}
    reason = skipped.pop(HEADING_RULE, None)
    if reason is not None and "is_integer" in reason:
        from pdfua.document import PdfDocument
        from pdfua.rules import structure

        with mock.patch.object(structure, "as_integer", _as_integer), PdfDocument.open(str(path)) as document:
            found += [f"{HEADING_RULE} {f.severity.name}: {f.message}"
                      for f in structure.EmptyHeadingRule().check(document)]
    elif reason is not None:
        skipped[HEADING_RULE] = reason
    found += [f"{rule} skipped: {why}" for rule, why in sorted(skipped.items())]
    return found
