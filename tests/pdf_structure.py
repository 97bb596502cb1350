"""What a tagged PDF says to a screen reader, read independently of the code that writes its tags.

pikepdf reads the structure tree; pdfplumber (pdfminer, its own content-stream parser and font decoding)
reads every character, line, rect and curve on each page with the marked content it sits in. `problems()`
lists every departure from what PDF/UA-1 (ISO 14289-1) and issue 17 ask of the report's PDF; an empty list
is a pass. Used by tests/unit/test_pdftags.py (a tiny PDF) and tests/notebooks/test_pdf_tags.py (the 2025
report). Each problem starts with its kind: orphan, untagged, leader, scope, headers, figure, heading,
document.
"""

from __future__ import annotations

import re
from pathlib import Path

# What a leader is drawn with (CSS leader(): dotted, solid, space or a string of these).
LEADER = set(".·‥…․‧_- \u00a0")
HEADING = re.compile(r"^/H([1-6])$")


def _kids(element) -> list:
    import pikepdf

    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def _is_element(kid) -> bool:
    import pikepdf

    return isinstance(kid, pikepdf.Dictionary) and "/S" in kid and kid.get("/Type") not in ("/MCR", "/OBJR")


def _attribute(element, key: str):
    import pikepdf

    found = element.get("/A")
    for dictionary in (list(found) if isinstance(found, pikepdf.Array) else [found]):
        if isinstance(dictionary, pikepdf.Dictionary) and key in dictionary:
            return dictionary[key]
    return None


class Structure:
    """The structure tree of a PDF and the content of its pages, by marked-content id."""

    def __init__(self, path: Path):
        import pdfplumber
        import pikepdf

        self.pdf = pikepdf.open(path)
        self.page_index = {page.objgen: i for i, page in enumerate(self.pdf.pages)}
        self.root = self.pdf.Root.get("/StructTreeRoot")
        self.elements = []                  # (element, depth) in reading order
        self.owner = {}                     # (page, mcid) -> element
        if self.root is not None:
            self._walk(self.root, 0)
        self.content = []                   # (page, kind, tag, mcid, text)
        self.boxes = []                     # (page, mcid, x0, y0, x1, y1): where each piece is, PDF points
        with pdfplumber.open(path) as document:
            for index, page in enumerate(document.pages):
                for kind, objects in page.objects.items():
                    for obj in objects:
                        self.content.append((index, kind, obj.get("tag"), obj.get("mcid"), obj.get("text", "")))
                        self.boxes.append((index, obj.get("mcid"), obj["x0"], obj["y0"], obj["x1"], obj["y1"]))

    def _walk(self, element, depth: int) -> None:
        import pikepdf

        for kid in _kids(element):
            if _is_element(kid):
                self.elements.append((kid, depth))
                self._walk(kid, depth + 1)
            elif isinstance(kid, int) and element is not self.root:
                self.owner[(self.page_of(element), kid)] = element
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                self.owner[(self.page_of(kid) if "/Pg" in kid else self.page_of(element), int(kid.MCID))] = element

    def page_of(self, element) -> int | None:
        page = element.get("/Pg")
        return self.page_index.get(page.objgen) if page is not None else None

    def role(self, element) -> str:
        return str(element.get("/S"))

    def text(self, element) -> str:
        """The text of an element's own marked content and of its descendants', in content order."""
        keys = set()
        stack = [element]
        while stack:
            current = stack.pop()
            keys |= {key for key, owner in self.owner.items() if owner.objgen == current.objgen}
            stack += [k for k in _kids(current) if _is_element(k)]
        return "".join(text for page, kind, tag, mcid, text in self.content if kind == "char" and (page, mcid) in keys)

    def with_role(self, role: str) -> list:
        return [e for e, _ in self.elements if self.role(e) == role]

    def id_tree(self) -> dict:
        tree = self.root.get("/IDTree") if self.root is not None else None
        names = {}

        def read(node):
            if "/Names" in node:
                values = list(node.Names)
                names.update({bytes(k): v for k, v in zip(values[0::2], values[1::2])})
            for kid in node.get("/Kids", []):
                read(kid)
        if tree is not None:
            read(tree)
        return names

    def parent_tree(self) -> dict:
        """StructParents key -> its value (an array of elements by MCID, or an element)."""
        entries = {}

        def read(node):
            if "/Nums" in node:
                values = list(node.Nums)
                entries.update(dict(zip((int(k) for k in values[0::2]), values[1::2])))
            for kid in node.get("/Kids", []):
                read(kid)
        if self.root is not None and "/ParentTree" in self.root:
            read(self.root.ParentTree)
        return entries


def problems(path: Path) -> list[str]:
    """Every way the PDF at `path` falls short of a complete tag tree (see the module's docstring)."""
    s = Structure(path)
    found: list[str] = []
    if s.root is None:
        return ["document: no structure tree"]
    reached = {e.objgen for e, _ in s.elements}

    # Content: in a structure element, or an artifact; nothing outside both.
    orphans, untagged = {}, {}
    for page, kind, tag, mcid, text in s.content:
        if mcid is not None and (page, mcid) not in s.owner:
            orphans[(page, mcid)] = orphans.get((page, mcid), "") + (text or f"[{kind}]")
        elif mcid is None and tag != "Artifact":
            untagged[(page, kind)] = untagged.get((page, kind), 0) + 1
    found += [f"orphan: page {p + 1}: {text!r} (MCID {m}) belongs to no structure element"
              for (p, m), text in sorted(orphans.items())]
    found += [f"untagged: page {p + 1}: {n} {kind}(s) neither tagged nor an artifact"
              for (p, kind), n in sorted(untagged.items())]
    # The ParentTree maps every tagged piece back to its element.
    parents = s.parent_tree()
    for (page, mcid), element in sorted(s.owner.items(), key=lambda item: item[0]):
        key = s.pdf.pages[page].get("/StructParents")
        entry = parents.get(int(key)) if key is not None else None
        mapped = entry[mcid] if entry is not None and mcid < len(entry) else None
        if mapped is None or mapped.objgen != element.objgen:
            found.append(f"orphan: page {page + 1}: MCID {mcid} is not mapped to its element in the ParentTree")

    # Leaders are artifacts, not a link's text.
    for (page, mcid), element in s.owner.items():
        if s.role(element) == "/Link":
            text = "".join(t for p, kind, tag, m, t in s.content if kind == "char" and (p, m) == (page, mcid))
            if text.strip() and set(text) <= LEADER:
                found.append(f"leader: page {page + 1}: {text!r} (MCID {mcid}) is tagged inside a Link")

    # Table headers: a scope each; every /Headers id resolves (IDTree) to a TH of the tree.
    ids = s.id_tree()
    for element in s.with_role("/TH"):
        if str(_attribute(element, "/Scope")) not in ("/Row", "/Column", "/Both"):
            found.append(f"scope: TH {s.text(element)!r} (page {(s.page_of(element) or 0) + 1}) has no /Scope")
    for element, _ in s.elements:
        if "/ID" in element:
            target = ids.get(bytes(element.ID))
            if target is None or target.objgen != element.objgen:
                found.append(f"headers: /ID {bytes(element.ID)!r} is not in the IDTree")
        for header in _attribute(element, "/Headers") or []:
            target = ids.get(bytes(header))
            if target is None or target.objgen not in reached or s.role(target) != "/TH":
                found.append(f"headers: {s.role(element)} {s.text(element)!r} names {bytes(header)!r}, "
                             f"which resolves to no TH")

    # Figures: a text alternative, the caption inside, a box on the page that holds what it draws.
    for element in s.with_role("/Figure"):
        name = s.text(element)[:40] or "(no text)"
        alt = element.get("/Alt")
        if alt is None or not str(alt).strip():
            found.append(f"figure: {name!r} has no /Alt")
        captions = [k for k in _kids(element) if _is_element(k) and s.role(k) == "/Caption"]
        if not captions or not s.text(captions[0]).strip():
            found.append(f"figure: {name!r} has no Caption inside")
        box = _attribute(element, "/BBox")
        page = s.page_of(element)
        if box is None or page is None:
            found.append(f"figure: {name!r} has no /BBox (or no page)")
            continue
        x1, y1, x2, y2 = (float(v) for v in box)
        mx1, my1, mx2, my2 = (float(v) for v in s.pdf.pages[page].MediaBox)
        if not (mx1 <= x1 < x2 <= mx2 and my1 <= y1 < y2 <= my2):
            found.append(f"figure: {name!r}: /BBox {[x1, y1, x2, y2]} is not inside its page {[mx1, my1, mx2, my2]}")
        # The box is where the figure is: what it draws (the pieces of its own marked content) lies in it, 1 pt
        # for rounding. pdfplumber does not apply clipping: a piece drawn outside the image and clipped away
        # (a legend wider than its chart) is outside, so nine pieces in ten must be in, not all.
        own = {key for key, owner in s.owner.items() if owner.objgen == element.objgen}
        pieces = [b for b in s.boxes if (b[0], b[1]) in own]
        inside = [b for b in pieces if x1 - 1 <= b[2] and b[4] <= x2 + 1 and y1 - 1 <= b[3] and b[5] <= y2 + 1]
        if not pieces or len(inside) < 0.9 * len(pieces):
            found.append(f"figure: {name!r}: {len(pieces) - len(inside)} of its {len(pieces)} pieces are outside "
                         f"its /BBox {[x1, y1, x2, y2]}")

    # Headings nest: none deeper than one level below the heading before it (the first is an H1).
    level = 0
    for element, _ in s.elements:
        match = HEADING.match(s.role(element))
        if match:
            if int(match.group(1)) > level + 1:
                found.append(f"heading: {s.role(element)} {s.text(element)!r} follows an H{level}")
            level = int(match.group(1))

    # The document: language, title (shown as the window's title), marked, PDF/UA-1 in the XMP.
    catalog = s.pdf.Root
    if not str(catalog.get("/Lang", "")).strip():
        found.append("document: no /Lang")
    title = str(s.pdf.docinfo.get("/Title", "")).strip()
    with s.pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        xmp_title, part = str(xmp.get("dc:title", "")).strip(), str(xmp.get("pdfuaid:part", ""))
    if not title or title != xmp_title:
        found.append(f"document: title {title!r} (info) and {xmp_title!r} (XMP) must be set and the same")
    if part != "1":
        found.append(f"document: pdfuaid:part is {part!r}, not 1")
    if catalog.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is not True:
        found.append("document: /DisplayDocTitle is not true")
    if catalog.get("/MarkInfo", {}).get("/Marked") is not True:
        found.append("document: /MarkInfo /Marked is not true")
    return found
