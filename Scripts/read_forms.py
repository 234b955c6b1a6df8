#!/usr/bin/env python3
"""Reads completed self-assessment forms back out of Word documents, by competency id.

Every tick box and evidence cell on a CompetencyKit form is a content control whose tag
names the competency (`rating:<id>:<value>`, `evidence:<id>`), and the form's details are
tagged `field:<name>`; this reads them with lxml, whatever Word did to the layout.

Usage: read_forms.py FORM.docx...        writes CSV to standard output:
       file,name,competency,rating,evidence   (one row per competency on the forms)
Also importable: read(path) -> (fields, rows) with rows as (id, rating or None, evidence).
"""
import csv
import sys
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
NS = {"w": W, "w14": W14}
# Documents are parsed with no network, no entities and no DTD, as every input should be.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def read(path):
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("word/document.xml")
        if info.file_size > 64 * 1024 * 1024:
            raise ValueError(f"{path}: word/document.xml is larger than 64 MiB")
        root = etree.fromstring(archive.read("word/document.xml"), PARSER)
    fields, ratings, evidence, order = {}, {}, {}, []
    for control in root.iter(f"{{{W}}}sdt"):
        tag = control.find("w:sdtPr/w:tag", NS)
        if tag is None:
            continue
        value = tag.get(f"{{{W}}}val", "")
        kind, _, rest = value.partition(":")
        if kind == "rating":
            competency, _, rating = rest.rpartition(":")
            checked = control.find("w:sdtPr/w14:checkbox/w14:checked", NS)
            if competency not in order:
                order.append(competency)
            if checked is not None and checked.get(f"{{{W14}}}val") in ("1", "true"):
                # Two ticks in one row keep the higher rating; the form asks for one.
                ratings[competency] = max(int(rating), ratings.get(competency, 0))
        elif kind in ("evidence", "field"):
            showing_placeholder = control.find("w:sdtPr/w:showingPlcHdr", NS) is not None
            text = "" if showing_placeholder else "".join(control.find("w:sdtContent", NS).itertext()).strip()
            (evidence if kind == "evidence" else fields)[rest] = text
    rows = [(competency, ratings.get(competency), evidence.get(competency, "")) for competency in order]
    return fields, rows


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["file", "name", "competency", "rating", "evidence"])
    for path in sys.argv[1:]:
        fields, rows = read(path)
        for competency, rating, evidence in rows:
            out.writerow([path, fields.get("name", ""), competency, "" if rating is None else rating, evidence])


if __name__ == "__main__":
    main()
