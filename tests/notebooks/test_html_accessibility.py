"""The reader's HTML proven accessible by an independent checker: axe-core at WCAG 2.2 AA (issue 17).

Debian's Chromium (.ci/run installs it), driven by Playwright with executable_path (no browser is
downloaded), checks the four 2025 HTML reports of the session render with axe-core, the copy that the
axe-playwright-python package carries (nothing is fetched at run time). docs/accessibility.md, "HTML",
says what is claimed and how it is checked; this module is that check:

- axe's WCAG 2.2 AA rule set (its tags wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa; its experimental
  rules of those tags switched on, its deprecated ones left off) finds no violation in three views: a 1366 px desktop, a 390 px phone, and 200 % zoom (a 1366 x 768 window zoomed to 200 %: a
  683 x 384 CSS px viewport at device pixel ratio 2, which is what Chromium's own zoom gives a page);
- what axe leaves undecided is only colour contrast where it cannot tell the background (the scroll
  shadows of a table, a gradient) or the text is one character: the first is decided here against the
  darkest colour those shadows paint;
- reflow (WCAG 1.4.10) at 320 CSS px (1280 px at 400 %): the page never scrolls sideways; only a data
  table may scroll, inside its own box, which is in view, focusable and named.
"""

from __future__ import annotations

import re
import shutil

import pytest

from render_support import HORIZONTAL_EXTENT, LANGS

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None,
                                reason="Chromium is not installed; .ci/run installs Debian's chromium")

# axe-core's tags for the success criteria of WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe 4.12 has no
# wcag22a tag: it has no rule for 2.2's two new level-A criteria; its one 2.2 rule, target-size, is wcag22aa).
WCAG_22_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")

# The views axe checks (Playwright browser-context options).
VIEWS = {
    "desktop-1366": {"viewport": {"width": 1366, "height": 768}},
    "phone-390": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True,
                  "has_touch": True},
    "zoom-200": {"viewport": {"width": 683, "height": 384}, "device_scale_factor": 2},
}
# WCAG 1.4.10's reflow width: 320 CSS px, a 1280 px window at 400 %.
REFLOW = {"viewport": {"width": 320, "height": 256}, "device_scale_factor": 4}

# What may be undecided (axe's "incomplete", needs review): colour contrast where the background is a
# gradient (decided below) or the text a single character such as "/" (axe does not judge those).
UNDECIDED_ALLOWED = {("color-contrast", "bgGradient"), ("color-contrast", "shortTextContent")}



@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run"])
        try:
            yield chromium
        finally:
            chromium.close()


def axe(page, options: dict) -> dict:
    """axe-core (the copy in axe-playwright-python) run on the whole page with `options`."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page, options=options).response


def found(result: dict, kind: str) -> list:
    """The rules of one kind of axe result ("violations", "incomplete"), each with its first targets."""
    return [(r["id"], r["help"], [n["target"] for n in r["nodes"]][:3]) for r in result[kind]]


def undecided(result: dict) -> set[tuple[str, str]]:
    """(rule, axe's reason) of every node axe could not decide."""
    def reason(check):
        return check["data"].get("messageKey") if isinstance(check.get("data"), dict) else None

    return {(r["id"], reason(check)) for r in result["incomplete"] for n in r["nodes"]
            for check in n["any"] + n["all"] + n["none"]}


def darkest_behind_tables(page) -> str:
    """The darkest colour a table's scrolling box paints behind its text: each colour of its background
    (the white covers and the grey edge shadows of the phone layout), laid over white, the darkest by
    luminance; as rgb()."""
    layers = page.eval_on_selector_all(".table-scroll", "boxes => boxes.map(b => getComputedStyle(b)"
                                                        ".backgroundImage + ' ' + getComputedStyle(b).backgroundColor)")
    colours = []
    for match in re.finditer(r"rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)", " ".join(layers)):
        red, green, blue = (float(match.group(i)) for i in (1, 2, 3))
        alpha = float(match.group(4)) if match.group(4) is not None else 1.0
        colours.append(tuple(round(c * alpha + 255 * (1 - alpha)) for c in (red, green, blue)))
    assert colours, f"no colour behind the tables: {layers[:1]}"

    def luminance(rgb):
        linear = [(c / 255) / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    return "rgb({}, {}, {})".format(*min(colours, key=luminance))


def open_report(browser, report, lang: str, view: dict):
    context = browser.new_context(**view)
    page = context.new_page()
    page.goto((report.folder(lang) / f"figures-2025-{lang}.html").resolve().as_uri())
    return context, page


def wcag_rules(page) -> dict[str, list[str]]:
    """axe-core injected into `page`; its rules of the WCAG 2.2 AA tags, by id with their tags, those it
    marks experimental included (off by default: five in axe 4.12, among them td-has-header and
    table-fake-caption, which bear on the tables) and those it marks deprecated left out."""
    from axe_playwright_python.sync_playwright import Axe

    page.evaluate(Axe().axe_script)
    return {rule["ruleId"]: rule["tags"] for rule in page.evaluate("() => axe.getRules()")
            if set(WCAG_22_AA) & set(rule["tags"]) and "deprecated" not in rule["tags"]}


def test_the_bundled_axe_core_knows_every_wcag_22_aa_tag(browser):
    """A tag axe does not know would select no rule and pass in silence."""
    page = browser.new_page()
    try:
        page.set_content('<html lang="en"><head><title>t</title></head><body><p>t</p></body></html>')
        rules = wcag_rules(page)
        version = page.evaluate("() => axe.version")
    finally:
        page.close()
    for tag in WCAG_22_AA:
        assert any(tag in tags for tags in rules.values()), f"axe-core {version} does not know the tag {tag}"
    # WCAG 2.2's own criterion among them: 2.5.8, target size (minimum).
    assert "wcag22aa" in rules["target-size"]


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_no_wcag_22_aa_violation(browser, report, lang, view):
    context, page = open_report(browser, report, lang, VIEWS[view])
    try:
        rules = wcag_rules(page)
        result = axe(page, {"runOnly": {"type": "tag", "values": list(WCAG_22_AA)},
                            "rules": {rule: {"enabled": True} for rule, tags in rules.items() if "experimental" in tags},
                            "resultTypes": ["violations", "incomplete"]})
        assert found(result, "violations") == [], f"{lang}, {view}: {found(result, 'violations')}"
        # Every one of those rules ran (passed, failed, undecided or had nothing to check).
        ran = {r["id"] for kind in ("passes", "violations", "incomplete", "inapplicable") for r in result[kind]}
        assert ran == set(rules), f"{lang}, {view}: not run {set(rules) - ran}, run unasked {ran - set(rules)}"
        assert undecided(result) <= UNDECIDED_ALLOWED, f"{lang}, {view}: {found(result, 'incomplete')}"
        if ("color-contrast", "bgGradient") in undecided(result):
            # On a phone a table's box has scroll shadows (gradients) at its edges, under the text. Laid
            # flat in their darkest colour behind every table, the text is decided against the worst case.
            darkest = darkest_behind_tables(page)
            page.add_style_tag(content=f".table-scroll {{ background: {darkest} !important; }}")
            contrast = axe(page, {"runOnly": {"type": "rule", "values": ["color-contrast"]},
                                  "resultTypes": ["violations", "incomplete"]})
            assert found(contrast, "violations") == [], f"{lang}, {view} on {darkest}: {found(contrast, 'violations')}"
            assert undecided(contrast) <= {("color-contrast", "shortTextContent")}, \
                f"{lang}, {view} on {darkest}: {found(contrast, 'incomplete')}"
        wide = page.evaluate(HORIZONTAL_EXTENT)
        assert wide["page"] <= wide["width"] and wide["out"] == [], f"{lang}, {view}: {wide}"
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_reflows_at_320_css_px_without_scrolling_sideways(browser, report, lang):
    """WCAG 1.4.10: at 320 CSS px nothing needs scrolling in two directions, except a data table, which
    scrolls inside its own box; that box is in view, reachable by keyboard and named as its table."""
    context, page = open_report(browser, report, lang, REFLOW)
    try:
        wide = page.evaluate(HORIZONTAL_EXTENT)
    finally:
        context.close()
    assert wide["width"] == 320
    assert wide["clip"] == [], f"{lang}: the page hides what is wider than the screen ({wide['clip']})"
    assert wide["page"] <= wide["width"] and wide["body"] <= wide["width"], f"{lang}: the page scrolls sideways: {wide}"
    assert wide["out"] == [], f"{lang}: outside the screen: {wide['out']}"
    # The boxes that do scroll are data tables (the exception 1.4.10 makes), one table each, focusable, named.
    for box in wide["boxes"]:
        assert box["tables"] == 1 and box["children"] == 1 and box["tabindex"] == "0" and box["name"], (lang, box)
