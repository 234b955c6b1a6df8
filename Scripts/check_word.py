#!/usr/bin/env python3
"""Checks every exported Word document with tools nobody here wrote.

- python-docx opens it: headings use Heading styles, every table has a repeating header
  row, core properties carry title and language en-GB.
- LibreOffice converts it to PDF; pdftotext's text holds every competency statement.
- pandoc reads it; its plain text holds every statement.
- The .docx and the .flat.xml hold the same parts with the same XML (canonical form).
- Pagination in LibreOffice's PDF (check_pagination.py): no page ends with a heading or the
  introduction to a table or list, and no page holds a lone row of a continued table.
Usage: check_word.py EXPORTS_DIR
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET

import docx

import check_pagination
import read_forms

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PKG = "{http://schemas.microsoft.com/office/2006/xmlPackage}"
problems = []
COMPETENCY = os.environ.get("COMPETENCY", ".build/debug/competency")


def problem(message):
    problems.append(message)
    print("FAIL:", message)


def normalise(text):
    text = text.replace("\u00ad", "").replace("\ufb01", "fi").replace("\ufb02", "fl")
    text = re.sub(r"\s+", " ", text).strip()
    # A line may break after a hyphen ("whole-" / "setting"); the break is not content.
    return re.sub(r"([-\u2010\u2011])\s+", r"\1", text)


def expected_statements(exports, document_path):
    """The statements a document must show: the edition's, or one phase's."""
    folder = os.path.dirname(document_path)
    edition = os.path.basename(folder)
    data = json.load(open(os.path.join(folder, edition + ".json")))
    stem = os.path.basename(document_path)[: -len(".docx")]
    phase = stem[len(edition) + 1:] if stem != edition else None
    statements = []
    for area in data["framework"]["areas"]:
        for competency in area["competencies"]:
            if phase is None or phase in competency["phases"]:
                statements.append(competency["statement"])
    return statements


def competency_training(document_path):
    """(statement, training titles) for every competency a document must show."""
    folder = os.path.dirname(document_path)
    edition = os.path.basename(folder)
    data = json.load(open(os.path.join(folder, edition + ".json")))
    titles = {option["id"]: option["title"] for option in data["framework"]["trainingOptions"]}
    stem = os.path.basename(document_path)[: -len(".docx")]
    phase = stem[len(edition) + 1:] if stem != edition else None
    return [(normalise(c["statement"]), c["code"], [normalise(titles[t]) for t in c["training"] if t in titles])
            for a in data["framework"]["areas"] for c in a["competencies"] if phase is None or phase in c["phases"]]


def check_training_near_statements(path):
    """Each competency's statement has one of its training titles beside it: later in the
    same cell before the next statement, or in the other cells of a row that holds it alone."""
    with zipfile.ZipFile(path) as archive:
        body = ET.fromstring(archive.read("word/document.xml")).find(W + "body")
    def text(element):
        return normalise("".join(t.text or "" for t in element.iter(W + "t")))
    wanted = competency_training(path)
    statements = {statement for statement, _, _ in wanted}
    nearby = {}
    for row in body.iter(W + "tr"):
        cells = row.findall(W + "tc")
        for index, cell in enumerate(cells):
            paragraphs = [text(p) for p in cell.iter(W + "p")]
            found = [i for i, p in enumerate(paragraphs) if any(p.endswith(s) for s in statements)]
            for position, start in enumerate(found):
                end = found[position + 1] if position + 1 < len(found) else len(paragraphs)
                near = " ".join(paragraphs[start + 1:end])
                if len(found) == 1:
                    near += " " + " ".join(text(other) for other in cells[index + 1:])
                statement = next(s for s in statements if paragraphs[start].endswith(s))
                nearby.setdefault(statement, []).append(near)
    missing = [code for statement, code, titles in wanted
               if not any(any(title in near for title in titles) for near in nearby.get(statement, []))]
    if missing:
        problem(f"{path}: {len(missing)} of {len(wanted)} competencies show none of their training beside the statement, e.g. {missing[:5]}")
    else:
        print(f"{path}: all {len(wanted)} competencies show their training beside the statement")


def fill_in(source, target, choices, evidence, name):
    """Ticks boxes and types into controls the way Word does: w14:checked set and the glyph
    swapped; the placeholder flag removed and the control's text replaced."""
    from lxml import etree
    ns = read_forms.NS
    with zipfile.ZipFile(source) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    root = etree.fromstring(parts["word/document.xml"], read_forms.PARSER)
    for control in root.iter("{%s}sdt" % read_forms.W):
        tag = control.find("w:sdtPr/w:tag", ns).get("{%s}val" % read_forms.W)
        kind, _, rest = tag.partition(":")
        typed = None
        if kind == "rating":
            competency, _, value = rest.rpartition(":")
            if choices.get(competency) == int(value):
                control.find("w:sdtPr/w14:checkbox/w14:checked", ns).set("{%s}val" % read_forms.W14, "1")
                control.find(".//w:t", ns).text = "\u2612"
        elif kind == "evidence" and rest in evidence:
            typed = evidence[rest]
        elif tag == "field:name":
            typed = name
        if typed is not None:
            placeholder = control.find("w:sdtPr/w:showingPlcHdr", ns)
            placeholder.getparent().remove(placeholder)
            control.find(".//w:t", ns).text = typed
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)


def check_forms(path, scratch):
    """Every rating cell of every self-assessment form is a tick-box control tagged with its
    row's competency; a copy filled in as Word would reads back into the same rows."""
    folder = os.path.dirname(path)
    edition = os.path.basename(folder)
    data = json.load(open(os.path.join(folder, edition + ".json")))
    ids = {c["code"]: c["id"] for a in data["framework"]["areas"] for c in a["competencies"]}
    values = [point["value"] for point in data["framework"]["ratingScale"]]
    with zipfile.ZipFile(path) as archive:
        body = ET.fromstring(archive.read("word/document.xml")).find(W + "body")
    forms = [t for t in body.iter(W + "tbl")
             if (t.find(f"{W}tblPr/{W}tblCaption").get(W + "val") or "").startswith("Self-assessment form")]
    if not forms:
        return
    W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
    bad, seen = 0, []
    for table in forms:
        for row in table.findall(W + "tr")[1:]:
            cells = row.findall(W + "tc")
            code = normalise("".join(t.text or "" for t in cells[0].iter(W + "t")))
            competency = ids.get(code)
            seen.append(competency)
            for value, cell in zip(values, cells[2:2 + len(values)]):
                control = cell.find(f".//{W}sdt")
                tag = control.find(f"{W}sdtPr/{W}tag") if control is not None else None
                if tag is None or control.find(f"{W}sdtPr/{W14}checkbox") is None or tag.get(W + "val") != f"rating:{competency}:{value}":
                    bad += 1
    if bad:
        problem(f"{path}: {bad} rating cells are not tick-box controls tagged rating:<competency id>:<value>")
        return
    choices = {competency: values[index % len(values)] for index, competency in enumerate(seen)}
    evidence = {competency: f"Evidence for {competency}: supervision notes, {index}" for index, competency in enumerate(seen) if index % 3 == 0}
    filled = os.path.join(scratch, "filled-" + os.path.basename(path))
    fill_in(path, filled, choices, evidence, "Sam Example")
    fields, rows = read_forms.read(filled)
    expected = [(competency, choices[competency], evidence.get(competency, "")) for competency in seen]
    blank_fields, blank_rows = read_forms.read(path)
    if rows != expected or fields.get("name") != "Sam Example":
        problem(f"{path}: a filled-in copy reads back differently ({sum(a != b for a, b in zip(rows, expected))} rows differ)")
    elif any(rating is not None or text for _, rating, text in blank_rows) or any(blank_fields.values()):
        problem(f"{path}: the blank form reads back with ratings or text already in it")
    else:
        print(f"{path}: {len(rows)} form rows read back by competency id from a filled-in copy")


def check_python_docx(path):
    document = docx.Document(path)
    properties = document.core_properties
    if not properties.title:
        problem(f"{path}: core properties have no title")
    if properties.language != "en-GB":
        problem(f"{path}: core properties language is {properties.language!r}, not en-GB")
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading ")]
    if len(headings) < 5:
        problem(f"{path}: only {len(headings)} paragraphs use Heading styles")
    title = [p for p in document.paragraphs if p.style.name == "Title"]
    if not title:
        problem(f"{path}: no paragraph uses the Title style")
    if not document.tables:
        problem(f"{path}: has no tables")
    for index, table in enumerate(document.tables):
        first = table.rows[0]._tr
        if first.trPr is None or first.trPr.find(W + "tblHeader") is None:
            problem(f"{path}: table {index + 1} has no header row")
    print(f"{path}: python-docx ok ({len(headings)} headings, {len(document.tables)} tables, title and en-GB set)")


def check_text(path, text, tool, statements, drop_hyphens=False):
    def prepare(value):
        value = normalise(value)
        # pdftotext joins a word broken at a line end and drops its hyphen, even when the
        # hyphen belongs to the word ("whole-setting" → "wholesetting"); compare without them.
        return value.replace("-", "") if drop_hyphens else value
    flat = prepare(text)
    missing = [s for s in statements if prepare(s) not in flat]
    if missing:
        problem(f"{path}: {tool} text lacks {len(missing)} of {len(statements)} statements, e.g. {missing[0]!r}")
    else:
        print(f"{path}: {tool} text holds all {len(statements)} statements")


def canonical(xml_bytes):
    # Prefixes are not content: ElementTree renames them when it re-serialises a part.
    return ET.canonicalize(xml_data=xml_bytes.decode("utf-8"), strip_text=False, rewrite_prefixes=True)


def zipped_parts(docx_path):
    with zipfile.ZipFile(docx_path) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != "[Content_Types].xml"}


def check_pack(docx_path, flat_path, scratch):
    """`competency pack` of the .flat.xml gives a .docx with the same parts and XML."""
    packed = os.path.join(scratch, os.path.basename(docx_path))
    subprocess.run([COMPETENCY, "pack", flat_path, "--out", packed], check=True, capture_output=True)
    original, repacked = zipped_parts(docx_path), zipped_parts(packed)
    if set(original) != set(repacked):
        problem(f"{flat_path}: pack gives parts {sorted(set(original) ^ set(repacked))} different from {docx_path}")
        return
    for name in original:
        if canonical(original[name]) != canonical(repacked[name]):
            problem(f"{flat_path}: pack changes part {name}")
    print(f"{flat_path}: competency pack gives the same {len(original)} parts as {os.path.basename(docx_path)}")


def check_flat_matches_docx(docx_path, flat_path):
    zipped = zipped_parts(docx_path)
    flat = {}
    for part in ET.parse(flat_path).getroot().findall(PKG + "part"):
        name = part.get(PKG + "name").lstrip("/")
        xml_data = part.find(PKG + "xmlData")
        flat[name] = ET.tostring(list(xml_data)[0], encoding="unicode") if xml_data is not None else None
    if set(zipped) != set(flat):
        problem(f"{docx_path}: parts differ from {flat_path}: {sorted(set(zipped) ^ set(flat))}")
        return
    for name, data in zipped.items():
        if flat[name] is None:
            continue
        if canonical(data) != canonical(flat[name].encode("utf-8")):
            problem(f"{docx_path}: part {name} differs from the one in {flat_path}")
    print(f"{docx_path}: same {len(zipped)} parts with the same XML as {os.path.basename(flat_path)}")


def framework_statements(exports, side):
    """Statements of one side of a change log: a canonical framework or an exported edition."""
    canonical_path = os.path.join("Frameworks", side["id"], side["version"] + ".xml")
    if os.path.exists(canonical_path):
        root = ET.parse(canonical_path).getroot()
        return [normalise(e.text or "") for e in root.iter("{urn:competencykit:framework:1}statement")]
    data = json.load(open(os.path.join(exports, side["id"], side["id"] + ".json")))
    return [normalise(c["statement"]) for a in data["framework"]["areas"] for c in a["competencies"]]


def check_redline_readable(path, log):
    """No reader-facing text names a framework or edition by id, and a passage rewritten by
    well over half reads as one deletion and one insertion, not interleaved words."""
    import difflib
    ids = {log["old"]["id"], log["new"]["id"]}
    labels = {f"{side['id']}@{side['version']}" for side in (log["old"], log["new"])}
    with zipfile.ZipFile(path) as archive:
        document = ET.fromstring(archive.read("word/document.xml"))
        readable = [document] + [ET.fromstring(archive.read(n)) for n in archive.namelist()
                                 if re.match(r"word/(footer|header|comments)\d*\.xml$", n)]
        core = archive.read("docProps/core.xml").decode("utf-8")
    title = re.search(r"<dc:title>(.*?)</dc:title>", core)
    texts = [t.text or "" for root in readable for t in root.iter() if t.tag in (W + "t", W + "delText")]
    texts.append(title.group(1) if title else "")
    leaks = [t for t in texts if any(label in t for label in labels) or any(re.search(rf"(?<![\w/.-]){re.escape(i)}(?![\w.-])", t) for i in ids)]
    if leaks:
        problem(f"{path}: reader-facing text names a framework or edition by id, e.g. {leaks[0]!r}")
    salad = 0
    for paragraph in document.iter(W + "p"):
        kinds, old_words, new_words = [], [], []
        for child in paragraph:
            kind = {W + "ins": "ins", W + "del": "del", W + "r": "plain"}.get(child.tag)
            if kind is None:
                continue
            text = "".join(t.text or "" for t in child.iter() if t.tag in (W + "t", W + "delText"))
            if not text.strip():
                continue
            if not kinds or kinds[-1] != kind:
                kinds.append(kind)
            if kind != "ins":
                old_words += text.lower().split()
            if kind != "del":
                new_words += text.lower().split()
        if "del" not in kinds or "ins" not in kinds:
            continue
        kept = sum(block.size for block in difflib.SequenceMatcher(None, old_words, new_words, autojunk=False).get_matching_blocks())
        longer = max(len(old_words), len(new_words))
        if kept < 0.4 * longer:
            body = kinds[1:] if kinds[0] == "plain" else kinds
            if body not in (["del", "ins"], ["del", "ins", "plain", "del", "ins"]):
                salad += 1
    if salad:
        problem(f"{path}: {salad} passages rewritten by more than half are shown as interleaved word changes")
    elif not leaks:
        print(f"{path}: no ids in reader-facing text; rewritten passages read as one deletion and one insertion")


def check_redline(exports, path):
    """Accepting every tracked change gives exactly the new statements; rejecting, the old."""
    log = json.load(open(path[: -len(".docx")] + ".json"))
    check_redline_readable(path, log)
    old, new = framework_statements(exports, log["old"]), framework_statements(exports, log["new"])
    for mode, wanted, unwanted in (("accept", new, old), ("reject", old, new)):
        text = normalise(subprocess.run(["pandoc", "-f", "docx", "-t", "plain", "--wrap=none", "--track-changes=" + mode, path],
                                        check=True, capture_output=True, text=True).stdout)
        missing = [s for s in wanted if s not in text]
        extra = [s for s in set(unwanted) - set(wanted) if s in text]
        if missing or extra:
            problem(f"{path}: with --track-changes={mode}, {len(missing)} statements missing, {len(extra)} that should be gone")
        else:
            print(f"{path}: --track-changes={mode} gives exactly the {'new' if mode == 'accept' else 'old'} version's {len(set(wanted))} statements")


def main():
    exports = sys.argv[1] if len(sys.argv) > 1 else "Exports"
    documents = sorted(p for p in glob.glob(os.path.join(exports, "*", "*.docx")) if "/diffs/" not in p)
    if not documents:
        problem(f"no .docx files under {exports}")
    for path in documents:
        check_python_docx(path)
        check_training_near_statements(path)
        with tempfile.TemporaryDirectory() as scratch:
            check_forms(path, scratch)
        statements = expected_statements(exports, path)
        plain = subprocess.run(["pandoc", "-f", "docx", "-t", "plain", "--wrap=none", path],
                               check=True, capture_output=True, text=True).stdout
        check_text(path, plain, "pandoc", statements)
        flat = path[: -len(".docx")] + ".flat.xml"
        if os.path.exists(flat):
            check_flat_matches_docx(path, flat)
            with tempfile.TemporaryDirectory() as scratch:
                check_pack(path, flat, scratch)

    for path in sorted(glob.glob(os.path.join(exports, "diffs", "*.docx"))):
        check_redline(exports, path)

    redlines = sorted(glob.glob(os.path.join(exports, "diffs", "*.docx")))
    with tempfile.TemporaryDirectory() as scratch:
        profile = "file://" + os.path.join(scratch, "profile")
        result = subprocess.run(["soffice", "-env:UserInstallation=" + profile, "--headless", "--convert-to", "pdf",
                                 "--outdir", scratch] + documents + redlines, capture_output=True, text=True, timeout=900)
        if result.returncode != 0:
            problem(f"soffice failed: {result.stderr[-500:]}")
        for path in documents:
            pdf = os.path.join(scratch, os.path.basename(path)[: -len(".docx")] + ".pdf")
            if not os.path.exists(pdf):
                problem(f"{path}: LibreOffice produced no PDF")
                continue
            text = subprocess.run(["pdftotext", pdf, "-"], check=True, capture_output=True, text=True).stdout
            check_text(path, text, "LibreOffice PDF", expected_statements(exports, path), drop_hyphens=True)
        for path in documents + redlines:
            pdf = os.path.join(scratch, os.path.basename(path)[: -len(".docx")] + ".pdf")
            if not os.path.exists(pdf):
                problem(f"{path}: LibreOffice produced no PDF")
                continue
            layout = check_pagination.problems(path, pdf)
            for message in layout:
                problem(message)
            if not layout:
                print(f"{path}: no page ends with a heading or introduction, no page holds a lone table row")

    if problems:
        print(f"check_word: {len(problems)} problem(s)")
        sys.exit(1)
    print("check_word: all Word checks passed")


if __name__ == "__main__":
    main()
