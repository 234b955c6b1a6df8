#!/usr/bin/env python3
"""Checks how LibreOffice lays out each exported Word document, page by page.

A page must not end with a heading, or with the paragraph that introduces a table or list
that starts on the next page; and no page may hold a single table row on its own (a row
stranded after its table broke across pages). Positions come from `pdftotext
-bbox-layout`: every table cell is its own text block, so a table row is a height at which
two or more blocks start.

Usage: check_pagination.py DOCUMENT.docx DOCUMENT.pdf   (prints problems, exit 1 if any)
Also importable: problems(docx_path, pdf_path) -> list of messages.
"""
import re
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XHTML = "{http://www.w3.org/1999/xhtml}"
# The footer sits in the bottom margin; everything lower than this is footer, not content.
FOOTER_BAND = 50.0


def normalise(text):
    text = text.replace("\u00ad", "").replace("\u2019", "'")
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"-\s+", "-", text)


def paragraph_text(paragraph):
    return normalise("".join(t.text or "" for t in paragraph.iter(W + "t")))


def lead_ins(docx_path):
    """Texts that must not close a page: headings, and the paragraphs directly before a
    table or list (its introduction); each table's body rows (first paragraph of every cell) by its
    header row, for recognising a table continued on a new page; and the contents list."""
    with zipfile.ZipFile(docx_path) as archive:
        body = ET.fromstring(archive.read("word/document.xml")).find(W + "body")
    headings, introductions, tables, contents = set(), set(), {}, set()
    children = list(body)
    for index, element in enumerate(children):
        if element.tag == W + "p":
            style = element.find(f"{W}pPr/{W}pStyle")
            text = paragraph_text(element)
            style_name = style.get(W + "val", "") if style is not None else ""
            if style_name.startswith("Heading") and text:
                headings.add(text)
            if style_name == "TOCHeading" and text:
                contents.add(text)
            following = next((c for c in children[index + 1:] if c.tag in (W + "p", W + "tbl")), None)
            # An introduction has words; a row of underscores is a place to write.
            if following is not None and re.search(r"\w", text.replace("_", "")) and not is_list(element) and (following.tag == W + "tbl" or is_list(following)):
                introductions.add(text)
        elif element.tag == W + "tbl":
            rows = [[first_paragraph(cell) for cell in row.findall(W + "tc")] for row in element.findall(W + "tr")]
            if rows:
                header = tuple(paragraph_text(cell) for cell in element.find(W + "tr").findall(W + "tc"))
                tables.setdefault(header, []).extend(rows[1:])
    return headings, introductions, tables, contents


def is_list(paragraph):
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return paragraph.find(f"{W}pPr/{W}numPr") is not None or (style is not None and style.get(W + "val", "").startswith("List"))


def first_paragraph(cell):
    paragraph = cell.find(W + "p")
    return paragraph_text(paragraph) if paragraph is not None else ""


def pages(pdf_path):
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf_path, "-"], check=True, capture_output=True).stdout
    # pdftotext writes XHTML with a DOCTYPE; strip it so no DTD is ever looked at.
    xml = re.sub(rb"<!DOCTYPE[^>]*>", b"", xml, count=1)
    root = ET.fromstring(xml)
    for number, page in enumerate(root.iter(XHTML + "page"), start=1):
        height = float(page.get("height"))
        blocks = []
        for block in page.iter(XHTML + "block"):
            top, bottom, left = float(block.get("yMin")), float(block.get("yMax")), float(block.get("xMin"))
            if bottom > height - FOOTER_BAND:
                continue
            text = normalise(" ".join(w.text or "" for w in block.iter(XHTML + "word")))
            blocks.append((top, bottom, left, text))
        yield number, sorted(blocks)


def rows_on(blocks):
    """Groups of blocks that start at the same height (within 2 pt, as a tick box and the
    text beside it can differ by a fraction of a point): the table rows on a page."""
    groups = []
    for top, _, left, text in sorted(blocks):
        if groups and top - groups[-1][0] <= 2.0:
            groups[-1][1].append((left, text))
        else:
            groups.append((top, [(left, text)]))
    return [(round(top), [text for _, text in sorted(cells)]) for top, cells in groups if len(cells) >= 2]


def matches(row_texts, table_row):
    """Whether a row seen on the page (its cells' first lines, left to right) is this row
    of the document's table: its first non-empty cell begins the same way."""
    expected = next((text for text in table_row if text), "")
    seen = row_texts[0] if row_texts else ""
    if not expected:
        return True
    return seen.startswith(expected[:30]) or expected.startswith(seen[:30])


def problems(docx_path, pdf_path):
    headings, introductions, tables, contents = lead_ins(docx_path)
    found = []
    all_pages = list(pages(pdf_path))
    for number, blocks in all_pages:
        if not blocks or number == len(all_pages):
            continue
        texts = {block[3] for block in blocks}
        if texts & contents:
            continue  # the contents list repeats every heading
        last = max(blocks, key=lambda block: (block[1], block[0]))
        for text in headings | introductions:
            if last[3] == text or (len(text) > 12 and last[3].endswith(text)):
                kind = "heading" if text in headings else "introduction to a table or list"
                found.append(f"{docx_path}: page {number} ends with the {kind} '{text[:60]}'; keep it with what follows")
                break
        rows = rows_on(blocks)
        if not rows or tuple(rows[0][1]) not in tables or any(round(b[0]) < rows[0][0] for b in blocks):
            continue
        # The page opens with a repeated header row: count the rows of that table after it.
        body_rows = tables[tuple(rows[0][1])]
        continued = 0
        for _, row_texts in rows[1:]:
            # Second lines of cells in one row can also start level with each other (a
            # duration under a time, a second key message); they are not rows of the table.
            if any(matches(row_texts, candidate) for candidate in body_rows):
                continued += 1
        if continued == 1:
            found.append(f"{docx_path}: page {number} holds a single row of a table continued from the page before ('{' | '.join(rows[1][1])[:60]}')")
    return found


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    found = problems(sys.argv[1], sys.argv[2])
    for message in found:
        print("FAIL:", message)
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
