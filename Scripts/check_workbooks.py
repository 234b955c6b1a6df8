#!/usr/bin/env python3
"""Checks the published workbooks with tools we did not write: openpyxl reads every .xlsx
(sheets, header rows, frozen panes, drop-downs), LibreOffice Calc converts each to CSV and
to PDF, and the CSV LibreOffice writes for the Competencies sheet must hold the same rows
as the Competencies CSV we publish beside it."""
import csv
import glob
import os
import subprocess
import sys
import tempfile

import openpyxl

EXPECTED = {
    "framework": ["Competencies", "Areas", "Groups", "Roles", "Phases", "Training", "Services", "Rating scale", "About"],
    "edition": ["Competencies", "Roles", "Local training", "Local services", "Strategies", "About", "Base training", "Base services"],
}


def main(folder):
    problems = []
    books = sorted(glob.glob(os.path.join(folder, "workbooks", "*.xlsx")))
    if not books:
        print(f"no workbooks in {folder}/workbooks")
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        for path in books:
            name = os.path.basename(path)
            book = openpyxl.load_workbook(path)
            kind = "framework" if book.sheetnames == EXPECTED["framework"] else "edition"
            if book.sheetnames != EXPECTED[kind]:
                problems.append(f"{name}: sheets are {book.sheetnames}")
                continue
            sheet = book["Competencies"]
            headers = [cell.value for cell in sheet[1]]
            if headers[0] != "id" or not all(cell.font.bold for cell in sheet[1]):
                problems.append(f"{name}: the Competencies header row is not a bold row starting with id: {headers[:3]}")
            if sheet.freeze_panes != "A2":
                problems.append(f"{name}: the header row is not frozen ({sheet.freeze_panes})")
            lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
            if len(lists) < (6 if kind == "framework" else 5):
                problems.append(f"{name}: only {len(lists)} drop-down lists on Competencies")
            rows = sheet.max_row - 1
            print(f"{name}: {kind} workbook, {rows} competency rows, {len(lists)} drop-downs on Competencies")

            for target in ("csv", "pdf"):
                result = subprocess.run(
                    ["soffice", f"-env:UserInstallation=file://{scratch}/profile", "--headless",
                     "--convert-to", target, "--outdir", scratch, path],
                    capture_output=True, text=True, timeout=300)
                out = os.path.join(scratch, name[:-5] + "." + target)
                if result.returncode != 0 or not os.path.exists(out) or os.path.getsize(out) == 0:
                    problems.append(f"{name}: LibreOffice could not convert it to {target}: {result.stderr.strip()[:200]}")
                    continue
                if target == "pdf":
                    pages = subprocess.run(["pdfinfo", out], capture_output=True, text=True).stdout
                    count = next((line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:")), "0")
                    print(f"  LibreOffice → PDF: {count} pages")
                else:
                    with open(out, newline="", encoding="utf-8") as handle:
                        converted = list(csv.reader(handle))
                    published = os.path.join(folder, "workbooks", name[:-5] + "-competencies.csv")
                    if kind == "framework" and os.path.exists(published):
                        with open(published, newline="", encoding="utf-8") as handle:
                            ours = list(csv.reader(handle))
                        if converted != ours:
                            problems.append(f"{name}: LibreOffice's CSV of Competencies differs from {os.path.basename(published)}")
                        else:
                            print(f"  LibreOffice → CSV: {len(converted) - 1} rows, identical to the published CSV")
                    else:
                        print(f"  LibreOffice → CSV: {len(converted) - 1} rows")
                os.remove(out)
    for problem in problems:
        print(f"FAIL: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "Exports"))
