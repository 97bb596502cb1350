"""The PDF's tag tree completed where WeasyPrint leaves gaps (PDF/UA-1), in one pass over the PDF's bytes.

WeasyPrint writes a tagged PDF (`pdf_variant="pdf/ua-1"`), but a few things it cannot express (see
docs/accessibility.md, "PDF", for the WeasyPrint issues): `complete_tags` mends them with pikepdf, generically
(whatever tables, charts and pages the report has):

- content no structure element reaches (WeasyPrint tags the @page margin boxes, the running title and the page
  number, then leaves their elements out of the tree) becomes a pagination artifact, and leaves the ParentTree;
- the dots of a leader (`leader(".")` in the contents) become layout artifacts instead of a hundred items of a
  Link;
- every header cell (TH) gets its /Scope: Row when its row holds data cells, Column otherwise; every /ID is
  in an /IDTree of the StructTreeRoot, so that the data cells' /Headers resolve;
- every Figure takes in its caption (the Caption beside it in the HTML <figure>), and gets the /BBox of what it
  draws on its page (WeasyPrint writes CSS pixels measured from the top: outside the page);
- the catalogue says it is marked and that viewers show the title (kept if WeasyPrint wrote them).

The bytes out depend only on the bytes in: qpdf writes the objects in a fixed order and an /ID computed from
the content (no time, no random number).
"""

from __future__ import annotations

import io
import re

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator

# What a leader may be drawn with (CSS `leader(dotted | solid | space | "...")`): a marked run of these only.
LEADER_CHARACTERS = frozenset(".·‥…․‧_- \u00a0")
PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"}
TEXT_SHOW = {"Tj", "TJ", "'", '"'}


def complete_tags(data: bytes) -> bytes:
    """The PDF `data` (WeasyPrint's, tagged) with its tag tree completed; the same bytes for the same `data`."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if "/StructTreeRoot" not in pdf.Root:
            return data             # an untagged PDF: nothing to complete
        _Tags(pdf).complete()
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, linearize=False, qdf=False, fix_metadata_version=False,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)
        return out.getvalue()


# ---------------------------------------------------------------- the structure tree

def kids(element) -> list:
    """The /K of a structure element (or of the StructTreeRoot) as a list."""
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, Array) else [k]


def is_element(kid) -> bool:
    return isinstance(kid, Dictionary) and kid.get("/Type") not in (Name.MCR, Name.OBJR) and "/S" in kid


def set_kids(element, values: list) -> None:
    element.K = Array(values)


class _Tags:
    def __init__(self, pdf: pikepdf.Pdf):
        self.pdf = pdf
        self.root = pdf.Root.StructTreeRoot
        self.page_of = {page.objgen: index for index, page in enumerate(pdf.pages)}

    def complete(self) -> None:
        owners = self._owners()                        # (page, mcid) -> the element that holds it
        texts, boxes, streams, spans = {}, {}, {}, {}
        for index, page in enumerate(self.pdf.pages):
            texts[index], boxes[index], streams[index] = _read(page, owners, index)
        leaders = self._leaders(owners, texts)
        for index, page in enumerate(self.pdf.pages):
            instructions, opened = streams[index]
            pagination = {mcid for mcid in opened if (index, mcid) not in owners}
            layout = {mcid for (p, mcid) in leaders if p == index}
            spans[index] = (pagination, layout)
            if pagination or layout:
                _to_artifacts(self.pdf, page, instructions, opened, pagination, layout)
        self._drop_from_parent_tree(spans)
        self._tables()
        self._figures(owners, boxes)
        self._prune_empty(self.root)
        self._id_tree()
        self._catalog()

    def _walk(self, element=None, parent=None):
        """Every structure element reachable from the root, with its parent, in reading order."""
        element = self.root if element is None else element
        for kid in kids(element):
            if is_element(kid):
                yield kid, element
                yield from self._walk(kid, element)

    def _page(self, element, kid=None) -> int | None:
        page = kid.get("/Pg") if isinstance(kid, Dictionary) and "/Pg" in kid else element.get("/Pg")
        return self.page_of.get(page.objgen) if page is not None else None

    def _owners(self) -> dict:
        owners = {}
        for element, _ in self._walk():
            for kid in kids(element):
                if isinstance(kid, int):
                    owners[(self._page(element), kid)] = element
                elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                    owners[(self._page(element, kid), int(kid.MCID))] = element
        return owners

    def _leaders(self, owners: dict, texts: dict) -> set:
        """The marked content of leaders: a Link's own marked content when every piece of it is leader dots."""
        by_link: dict = {}
        for (page, mcid), element in owners.items():
            if element.get("/S") == Name.Link:
                by_link.setdefault(element.objgen, []).append((page, mcid))
        leaders = set()
        for pieces in by_link.values():
            shown = [texts.get(page, {}).get(mcid, "") for page, mcid in pieces]
            if all(text.strip() and set(text) <= LEADER_CHARACTERS for text in shown):
                leaders.update(pieces)
        for page, mcid in leaders:
            link = owners[(page, mcid)]
            set_kids(link, [k for k in kids(link) if not (isinstance(k, int) and k == mcid)])
        return leaders

    def _drop_from_parent_tree(self, spans: dict) -> None:
        """Artifacts have no parent: their entries in the ParentTree become null."""
        tree = self.root.get("/ParentTree")
        if tree is None:
            return
        for key, value in _number_tree(tree):
            for index, page in enumerate(self.pdf.pages):
                if page.get("/StructParents") == key and isinstance(value, Array):
                    for mcid in spans[index][0] | spans[index][1]:
                        if mcid < len(value):
                            value[mcid] = None

    def _tables(self) -> None:
        """Every TH says which cells it heads: its row (Row) when the row holds data cells, else its column."""
        for element, parent in self._walk():
            if element.get("/S") != Name.TH:
                continue
            row = [k.get("/S") for k in kids(parent) if is_element(k)] if parent.get("/S") == Name.TR else []
            scope = Name.Row if Name.TD in row else Name.Column
            attributes = _table_attributes(element)
            if "/Scope" not in attributes:
                attributes.Scope = scope

    def _figures(self, owners: dict, boxes: dict) -> None:
        """Each Figure holds its caption and has the box of what it draws on its page."""
        placed = {}
        for (page, mcid), element in owners.items():
            if element.get("/S") == Name.Figure and (page, mcid) in boxes.get(page, {}):
                placed.setdefault(element.objgen, []).append(boxes[page][(page, mcid)])
        for element, parent in list(self._walk()):
            if element.get("/S") != Name.Figure:
                continue
            if element.objgen in placed:
                x1 = min(b[0] for b in placed[element.objgen])
                y1 = min(b[1] for b in placed[element.objgen])
                x2 = max(b[2] for b in placed[element.objgen])
                y2 = max(b[3] for b in placed[element.objgen])
                layout = _attributes(element, Name.Layout)
                layout.BBox = Array([round(v, 3) for v in (x1, y1, x2, y2)])
            if not any(is_element(k) and k.get("/S") == Name.Caption for k in kids(element)):
                self._take_caption(element, parent)

    def _take_caption(self, figure, parent) -> None:
        """The Caption of the HTML <figure> (a NonStruct around the image) moves into the Figure, first."""
        while parent is not None and parent.get("/S") == Name.NonStruct:
            captions = [k for k in kids(parent) if is_element(k) and k.get("/S") == Name.Caption]
            if captions:
                caption = captions[0]
                set_kids(parent, [k for k in kids(parent) if not (is_element(k) and k.objgen == caption.objgen)])
                caption.P = figure
                set_kids(figure, [caption, *kids(figure)])
                return
            parent = parent.get("/P")

    def _prune_empty(self, element) -> bool:
        """Remove the grouping elements left with nothing in them (WeasyPrint's anonymous boxes, a figure's
        wrappers once its image and caption are in the Figure); returns whether `element` is empty."""
        kept = []
        for kid in kids(element):
            if is_element(kid) and kid.get("/S") in (Name.NonStruct, Name.Div, Name.Span) and self._prune_empty(kid):
                continue
            if is_element(kid) and kid.get("/S") not in (Name.NonStruct, Name.Div, Name.Span):
                self._prune_empty(kid)
            kept.append(kid)
        if element is not self.root and len(kept) != len(kids(element)):
            set_kids(element, kept)
        return not kept

    def _id_tree(self) -> None:
        """Every /ID of an element, in an /IDTree (a name tree, sorted by key), so that /Headers resolve."""
        names = {}
        for element, _ in self._walk():
            if "/ID" in element:
                names[bytes(element.ID)] = element
        if names:
            flat = []
            for key in sorted(names):
                flat += [pikepdf.String(key), names[key]]
            self.root.IDTree = self.pdf.make_indirect(Dictionary(Names=Array(flat)))

    def _catalog(self) -> None:
        catalog = self.pdf.Root
        catalog.MarkInfo = Dictionary(Marked=True)
        preferences = catalog.get("/ViewerPreferences") or Dictionary()
        preferences.DisplayDocTitle = True
        catalog.ViewerPreferences = preferences


def _number_tree(node):
    """The (key, value) pairs of a number tree."""
    if "/Nums" in node:
        nums = list(node.Nums)
        yield from zip(nums[0::2], nums[1::2])
    for kid in node.get("/Kids", []):
        yield from _number_tree(kid)


def _attributes(element, owner: Name):
    """The attribute dictionary of `element` for `owner` (/Table, /Layout), made if missing."""
    found = element.get("/A")
    dictionaries = list(found) if isinstance(found, Array) else ([found] if found is not None else [])
    for dictionary in dictionaries:
        if isinstance(dictionary, Dictionary) and dictionary.get("/O") == owner:
            return dictionary
    made = Dictionary(O=owner)
    if found is None:
        element.A = made
    else:
        element.A = Array([*dictionaries, made])
    return made


def _table_attributes(element):
    return _attributes(element, Name.Table)


# ---------------------------------------------------------------- the content streams

def _mcid(operands, page) -> int | None:
    properties = operands[1] if len(operands) > 1 else None
    if isinstance(properties, Name):
        properties = page.get("/Resources", {}).get("/Properties", {}).get(properties)
    if isinstance(properties, Dictionary) and "/MCID" in properties:
        return int(properties.MCID)
    return None


def _to_artifacts(pdf, page, instructions: list, opened: dict, pagination: set, layout: set) -> None:
    """The marked content `pagination` and `layout` (MCIDs of the page) made artifacts of those types:
    `/Artifact <</Type /Pagination>> BDC` (or /Layout) instead of `/Span <</MCID n>> BDC`; `opened` says
    where each MCID's BDC is in `instructions` (the page's content stream, parsed)."""
    instructions = list(instructions)
    for mcid in sorted(pagination | layout):
        kind = Name.Pagination if mcid in pagination else Name.Layout
        instructions[opened[mcid]] = pikepdf.ContentStreamInstruction([Name.Artifact, Dictionary(Type=kind)],
                                                                      Operator("BDC"))
    page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))


def _multiply(a, b):
    """The matrix a x b (PDF order: a applied first)."""
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


def _apply(m, x, y):
    return x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]


def _union(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


def _intersection(a, b):
    """The common part of two boxes (None: they do not meet)."""
    box = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    return box if box[0] <= box[2] and box[1] <= box[3] else None


def _box_of(points):
    if not points:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _read(page, owners: dict, index: int):
    """What each marked-content sequence of the page shows: its text (by the fonts' ToUnicode maps), and, for
    the marked content of Figures, the box it paints on the page (points, clipped to what is visible); and
    the page's parsed content stream with where each MCID's sequence opens."""
    texts, boxes, opened = {}, {}, {}
    decoders = {}
    resources = page.get("/Resources", Dictionary())
    fonts = resources.get("/Font", Dictionary())
    xobjects = resources.get("/XObject", Dictionary())
    ctm, clip, font = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), None, None
    stack = []
    marked = []                        # the open marked-content sequences: an MCID or None
    path, pending_clip = [], False
    text_matrix = line_matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    media = [float(v) for v in page.get("/CropBox", page.MediaBox)]
    page_box = (min(media[0], media[2]), min(media[1], media[3]), max(media[0], media[2]), max(media[1], media[3]))

    def figure_mcid():
        for mcid in reversed(marked):
            if mcid is not None:
                element = owners.get((index, mcid))
                return mcid if element is not None and element.get("/S") == Name.Figure else None
        return None

    def paint(box):
        mcid = figure_mcid()
        if mcid is not None and box is not None:
            box = _intersection(box, clip if clip is not None else page_box)
            box = _intersection(box, page_box) if box is not None else None
            if box is not None:
                boxes[(index, mcid)] = _union(boxes.get((index, mcid)), box)

    instructions = pikepdf.parse_content_stream(page)
    for position, (operands, operator) in enumerate(instructions):
        op = str(operator)
        if op == "q":
            stack.append((ctm, clip, font))
        elif op == "Q":
            if stack:
                ctm, clip, font = stack.pop()
        elif op == "cm":
            ctm = _multiply(tuple(float(v) for v in operands), ctm)
        elif op in ("BDC", "BMC"):
            marked.append(_mcid(operands, page) if op == "BDC" else None)
            if marked[-1] is not None:
                opened[marked[-1]] = position
        elif op == "EMC":
            if marked:
                marked.pop()
        elif op in ("m", "l"):
            path.append(_apply(ctm, float(operands[0]), float(operands[1])))
        elif op in ("c", "v", "y"):
            values = [float(v) for v in operands]
            path += [_apply(ctm, values[i], values[i + 1]) for i in range(0, len(values), 2)]
        elif op == "re":
            x, y, w, h = (float(v) for v in operands)
            path += [_apply(ctm, x, y), _apply(ctm, x + w, y), _apply(ctm, x, y + h), _apply(ctm, x + w, y + h)]
        elif op in ("W", "W*"):
            pending_clip = True
        elif op in PAINT or op == "n":
            if op != "n":
                paint(_box_of(path))
            if pending_clip and path:
                shape = _box_of(path)
                clip = (shape if clip is None else _intersection(clip, shape)) or (0.0, 0.0, 0.0, 0.0)
            path, pending_clip = [], False
        elif op == "sh":
            paint(clip or page_box)
        elif op == "Do":
            xobject = xobjects.get(operands[0])
            corners = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)]
            matrix = ctm
            if xobject is not None and xobject.get("/Subtype") == Name.Form:
                x1, y1, x2, y2 = (float(v) for v in xobject.BBox)
                corners = [(x1, y1), (x2, y1), (x1, y2), (x2, y2)]
                if "/Matrix" in xobject:
                    matrix = _multiply(tuple(float(v) for v in xobject.Matrix), ctm)
            paint(_box_of([_apply(matrix, x, y) for x, y in corners]))
        elif op == "BI" or isinstance(operands, pikepdf.PdfInlineImage):
            paint(_box_of([_apply(ctm, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]))
        elif op == "BT":
            text_matrix = line_matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        elif op == "Tm":
            text_matrix = line_matrix = tuple(float(v) for v in operands)
        elif op in ("Td", "TD"):
            line_matrix = text_matrix = _multiply((1.0, 0.0, 0.0, 1.0, float(operands[0]), float(operands[1])),
                                                  line_matrix)
        elif op == "Tf":
            font = operands[0]
        elif op in TEXT_SHOW:
            mcid = marked[-1] if marked else None
            if mcid is not None:
                decoder = decoders.get(font)
                if decoder is None:
                    decoder = decoders[font] = _decoder(fonts.get(font) if font is not None else None)
                shown = operands[-1]
                strings = [s for s in shown if isinstance(s, pikepdf.String)] if isinstance(shown, Array) \
                    else [shown]
                texts[mcid] = texts.get(mcid, "") + "".join(decoder(bytes(s)) for s in strings)
            x, y = _apply(_multiply(text_matrix, ctm), 0.0, 0.0)
            paint((x, y, x, y))
    return texts, boxes, (instructions, opened)


_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


def _decoder(font):
    """bytes -> text by the font's ToUnicode map (what a PDF's text says, whatever its glyph codes)."""
    width, table = 1, {}
    cmap = font.get("/ToUnicode") if isinstance(font, Dictionary) else None
    if isinstance(cmap, pikepdf.Stream):
        data = cmap.read_bytes()
        space = re.search(rb"begincodespacerange\s*<([0-9A-Fa-f]+)>", data)
        if space:
            width = len(space.group(1)) // 2
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
            pairs = _HEX.findall(block)
            for source, target in zip(pairs[0::2], pairs[1::2]):
                table[int(source, 16)] = bytes.fromhex(target.decode()).decode("utf-16-be", "replace")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
            for line in re.finditer(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])", block):
                low, high = int(line.group(1), 16), int(line.group(2), 16)
                target = line.group(3)
                if target.startswith(b"["):
                    for offset, item in enumerate(_HEX.findall(target)):
                        table[low + offset] = bytes.fromhex(item.decode()).decode("utf-16-be", "replace")
                else:
                    start = int(target[1:-1], 16)
                    for offset in range(high - low + 1):
                        table[low + offset] = chr(start + offset) if start + offset < 0x110000 else ""
    elif isinstance(font, Dictionary) and font.get("/Subtype") != Name.Type0:
        return lambda raw: raw.decode("latin-1")

    def decode(raw: bytes) -> str:
        codes = [int.from_bytes(raw[i:i + width], "big") for i in range(0, len(raw), width)]
        return "".join(table.get(code, "\ufffd") for code in codes)
    return decode
