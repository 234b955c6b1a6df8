#!/usr/bin/env python3
"""Checks the CASE publications as a consumer would, with validators we did not write.

- Every package validates against 1EdTech's CASE 1.1 CFPackage schema (Draft 2020-12) and
  the CASE 1.0 schema OpenSALT's importer gates on (Draft 7), with format checking on for
  uri, date, date-time and uuid.
- The packages published together are a closed set: every CASE link (association origins
  and destinations, CFItemURI, CFItemTypeURI, licence and subject links) names a record in
  one of them. Exemplar and signpost links to web pages are not CASE records.
- No educationLevel value is outside the CEDS option set; no association links a record to
  itself; every rubric criterion names its item.
- With a case-api folder given, every file in the static tree validates against its part of
  the 1.1 schema and sits at the path its own uri names.
"""
import glob
import json
import os
import sys

from jsonschema import Draft7Validator, Draft202012Validator

CEDS = {"IT", "PR", "PK", "TK", "KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10",
        "11", "12", "13", "PS", "UG", "AE", "OT"}
PARTS = {"CFItems": "CFPckgItemDType", "CFAssociations": "CFPckgAssociationDType",
         "CFDocuments": "CFPckgDocumentDType", "CFRubrics": "CFRubricDType",
         "CFItemTypes": "CFItemTypeDType", "CFLicenses": "CFLicenseDType", "CFSubjects": "CFSubjectDType"}


def main(exports, trees):
    schema11 = json.load(open("Frameworks/schema/case-v1p1-cfpackage-schema.json"))
    schema10 = json.load(open("Frameworks/schema/case-v1p0-cfpackage-schema.json"))
    v11 = Draft202012Validator(schema11, format_checker=Draft202012Validator.FORMAT_CHECKER)
    v10 = Draft7Validator(schema10, format_checker=Draft7Validator.FORMAT_CHECKER)
    problems = []
    files = sorted(glob.glob(f"{exports}/*/*.case.json") + glob.glob(f"{exports}/frameworks/*/*.case.json"))
    if not files:
        return ["no CASE packages found"]
    packages = {f: json.load(open(f)) for f in files}
    known = set()
    for package in packages.values():
        known.add(package["CFDocument"]["uri"])
        for key in ("CFItems", "CFAssociations"):
            known.update(record["uri"] for record in package.get(key, []))
        for key, records in package.get("CFDefinitions", {}).items():
            known.update(record["uri"] for record in records)
    for path, package in packages.items():
        for name, validator in (("1.1", v11), ("1.0", v10)):
            for error in list(validator.iter_errors(package))[:5]:
                problems.append(f"{path}: CASE {name}: {list(error.absolute_path)}: {error.message[:200]}")
        links = 0
        def check(link, where):
            nonlocal links
            links += 1
            if link["uri"] not in known:
                problems.append(f"{path}: {where} links to {link['uri']}, which no published package holds")
        for item in package["CFItems"]:
            for level in item.get("educationLevel", []):
                if level not in CEDS:
                    problems.append(f"{path}: item {item.get('humanCodingScheme', item['identifier'])} has educationLevel {level!r}, not a CEDS code")
            if "CFItemTypeURI" in item:
                check(item["CFItemTypeURI"], f"item {item['identifier']} type")
        external = 0
        for association in package["CFAssociations"]:
            origin, destination = association["originNodeURI"], association["destinationNodeURI"]
            if origin["uri"] == destination["uri"]:
                problems.append(f"{path}: association {association['identifier']} links a record to itself")
            check(origin, f"association {association['identifier']} origin")
            if association["associationType"] in ("exemplar",) or (association["associationType"] == "isRelatedTo" and "/ims/case/" not in destination["uri"] and not destination["uri"].startswith("urn:uuid:")):
                external += 1
                continue
            check(destination, f"association {association['identifier']} destination")
        for rubric in package.get("CFRubrics", []):
            for criterion in rubric.get("CFRubricCriteria", []):
                if "CFItemURI" not in criterion:
                    problems.append(f"{path}: rubric criterion {criterion['identifier']} names no item")
                else:
                    check(criterion["CFItemURI"], f"criterion {criterion['identifier']}")
        if "licenseURI" in package["CFDocument"]:
            check(package["CFDocument"]["licenseURI"], "document licence")
        types = {}
        for association in package["CFAssociations"]:
            types[association["associationType"]] = types.get(association["associationType"], 0) + 1
        print(f"{path}: valid against CASE 1.1 and 1.0; {len(package['CFItems'])} items, "
              f"{links} CASE links all resolve, {external} links to web pages; associations {dict(sorted(types.items()))}")

    for tree in trees:
        count = 0
        for path in sorted(glob.glob(f"{tree}/**/ims/case/v1p1/*/*", recursive=True)):
            collection = os.path.basename(os.path.dirname(path))
            record = json.load(open(path))
            count += 1
            if collection == "CFPackages":
                errors = list(v11.iter_errors(record))
            elif os.path.basename(path) == "index.json":
                errors = list(Draft202012Validator(schema11["$defs"]["CFPckgDocumentDType"] | {"$defs": schema11["$defs"]}, format_checker=Draft202012Validator.FORMAT_CHECKER).iter_errors(record["CFDocuments"][0]))
            else:
                part = schema11["$defs"][PARTS[collection]] | {"$defs": schema11["$defs"]}
                errors = list(Draft202012Validator(part, format_checker=Draft202012Validator.FORMAT_CHECKER).iter_errors(record))
                if not record["uri"].endswith(f"/ims/case/v1p1/{collection}/{os.path.basename(path)}") and not record["uri"].startswith("urn:uuid:"):
                    problems.append(f"{path}: its uri {record['uri']} does not name this path")
            for error in errors[:3]:
                problems.append(f"{path}: {list(error.absolute_path)}: {error.message[:200]}")
        print(f"{tree}: {count} static API files, each valid against its part of the CASE 1.1 schema")
        if count == 0:
            problems.append(f"{tree}: no static CASE API files")
    return problems


if __name__ == "__main__":
    problems = main(sys.argv[1] if len(sys.argv) > 1 else "Exports", sys.argv[2:])
    for problem in problems[:50]:
        print(f"FAIL: {problem}")
    sys.exit(1 if problems else 0)
