"""A reader's PDF read back as a communications unit reads its pages, from the text positions pdfplumber
finds in the file (not from our own layout): what would make a page unpublishable.

- a character within 1 cm of the paper's edge (cut by a printer, or past the text block);
- two words printed on each other (characters of different words overlapping);
- upright text smaller than 6.5 pt as printed (chart labels included: WeasyPrint draws an SVG's text as text);
- a page other than the first two (title, contents) and the last filled to less than 40 % of its height,
  unless it ends a chapter and the next page begins the next one (its heading, its first table and the notes
  kept with it did not fit: the chapters flow on where the page allows);
- a page whose text ends in a colon: words that open what follows (a heading and "... the following:") left
  at the foot of a page, with what they open on the next.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

MM = 72 / 25.4
EDGE = 10 * MM                  # 1 cm
SMALLEST = 6.5                  # pt
LEAST_FILL = 0.40
# The text block of report.css's @page (margin: 20mm 18mm 22mm 18mm): what "filled" is measured against.
TOP, BOTTOM = 20 * MM, 22 * MM
OVERLAP = 0.25                  # of the smaller character's area: more than kerning ever gives


def _area(box) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def _intersection(a, b) -> float:
    return _area((max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])))


def overlapping_words(chars) -> list[tuple[str, str]]:
    """Pairs of texts printed on each other: characters whose boxes overlap by more than a quarter of the
    smaller one (characters of one word touch, they never overlap that much), each named by the text around
    it on its line."""
    boxes = [(i, (c["x0"], c["top"], c["x1"], c["bottom"])) for i, c in enumerate(chars) if c["text"].strip()]
    grid = defaultdict(list)
    for item in boxes:
        _, (x0, top, x1, bottom) = item
        for gx in range(int(x0 // 20), int(x1 // 20) + 1):
            for gy in range(int(top // 20), int(bottom // 20) + 1):
                grid[gx, gy].append(item)

    def around(i: int) -> str:
        c = chars[i]
        line = [d for d in chars if abs(d["top"] - c["top"]) < 1 and abs(d["x0"] - c["x0"]) < 25]
        return "".join(d["text"] for d in sorted(line, key=lambda d: d["x0"])).strip()

    found = set()
    for cell in grid.values():
        for k, (a, box_a) in enumerate(cell):
            for b, box_b in cell[k + 1:]:
                # Neighbours in the text stream on one line are one word's letters (kerned, a narrow glyph).
                if abs(a - b) <= 2 and abs(box_a[1] - box_b[1]) < 0.5:
                    continue
                if _intersection(box_a, box_b) > OVERLAP * min(_area(box_a), _area(box_b)) > 0:
                    found.add(tuple(sorted((around(a), around(b)))))
    return sorted(found)


def fill(page) -> float:
    """How far down the text block the page's content reaches (0 to 1): text, images and drawn lines."""
    top, bottom = TOP, page.height - BOTTOM
    lowest = top
    for obj in list(page.chars) + list(page.images) + list(page.rects) + list(page.lines) + list(page.curves):
        if top - 1 <= obj["top"] and obj["bottom"] <= bottom + 1:
            lowest = max(lowest, obj["bottom"])
    return (lowest - top) / (bottom - top)


# A chapter's heading (h2.chapter in report.css: 20 pt); nothing else in a report is set as large but its title.
CHAPTER_SIZE = 18


def _text_block(page) -> list:
    """The characters of the page's text block (the running header and footer are in its margins)."""
    return [c for c in page.chars if c["text"].strip() and TOP - 1 <= c["top"] and c["bottom"] <= page.height - BOTTOM + 1]


def starts_chapter(page) -> bool:
    """Whether the first line of the page's text block is a chapter's heading."""
    inside = _text_block(page)
    if not inside:
        return False
    highest = min(c["top"] for c in inside)
    return max(c["size"] for c in inside if abs(c["top"] - highest) < 2) >= CHAPTER_SIZE


def last_line(page) -> str:
    """The last line of text in the page's text block."""
    inside = _text_block(page)
    if not inside:
        return ""
    lowest = max(c["bottom"] for c in inside)
    line = sorted((c for c in inside if abs(c["bottom"] - lowest) < 2), key=lambda c: c["x0"])
    return "".join(c["text"] for c in line).strip()


def problems(path: Path) -> list[str]:
    """Every finding of the rules above in the PDF at `path`, one line each, naming the page."""
    import pdfplumber

    found = []
    with pdfplumber.open(path) as pdf:
        count = len(pdf.pages)
        for number, page in enumerate(pdf.pages, start=1):
            chars = page.chars
            near = [c for c in chars if c["text"].strip() and (
                c["x0"] < EDGE or c["x1"] > page.width - EDGE or c["top"] < EDGE or c["bottom"] > page.height - EDGE)]
            if near:
                found.append(f"page {number}: {len(near)} characters within 1 cm of the edge, e.g. "
                             f"{''.join(c['text'] for c in near[:30])!r}")
            small = [c for c in chars if c["text"].strip() and c.get("upright", True) and c["size"] < SMALLEST - 0.05]
            if small:
                sizes = sorted({round(c["size"], 1) for c in small})
                found.append(f"page {number}: {len(small)} characters under {SMALLEST} pt (sizes {sizes}), e.g. "
                             f"{''.join(c['text'] for c in small[:30])!r}")
            for a, b in overlapping_words(chars):
                found.append(f"page {number}: {a!r} printed on {b!r}")
            if 2 < number < count and fill(page) < LEAST_FILL and not starts_chapter(pdf.pages[number]):
                found.append(f"page {number}: filled to {fill(page):.0%} of its height")
            if number < count and last_line(page).endswith(":"):
                found.append(f"page {number}: ends in words that open what is on the next: {last_line(page)!r}")
    return found
