#!/usr/bin/env python3
"""Checks the web editions in a real browser (Debian's Chromium through Selenium), from
file:// as a reader who opens the folder would:

- axe-core (the current release shipped in PyPI's axe-playwright-python) reports zero
  violations for the WCAG 2.0, 2.1 and 2.2 A and AA rules on every page of every site;
- no page asks for anything outside its folder (the browser's resource timing entries);
- every statement, enhancement and training link of each edition (read from its exported
  XML) appears in its site;
- screenshots of the index and a phase page at phone (390 px) and desktop (1280 px) width go
  to Exports/previews/web/ to be looked at.

Usage: check_web.py EXPORTS [PREVIEWS]
"""
import csv
import glob
import html
import io
import json
import os
import sys
import xml.etree.ElementTree as ET

import axe_playwright_python
from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

AXE = os.path.join(os.path.dirname(axe_playwright_python.__file__), "axe.min.js")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
NS = {"f": "urn:competencykit:framework:1"}


def browser():
    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--allow-file-access-from-files", "--hide-scrollbars", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    # The performance log records every request the page makes, file:// ones included,
    # which the page's own resource timing does not.
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    # axe takes seconds per page on a busy two-core machine.
    driver.set_script_timeout(120)
    driver.set_page_load_timeout(60)
    return driver


def expected_content(xml_path):
    root = ET.parse(xml_path).getroot()
    statements = [" ".join(e.text.split()) for e in root.iterfind(".//f:areas/f:area/f:competency/f:statement", NS)]
    enhancements = [" ".join(e.text.split()) for e in root.iterfind(".//f:areas/f:area/f:competency/f:enhancement", NS)]
    training = {o.get("id"): o.findtext("f:url", namespaces=NS) for o in root.iterfind(".//f:trainingOptions/f:trainingOption", NS)}
    used = {t.get("ref") for t in root.iterfind(".//f:areas/f:area/f:competency/f:training", NS)}
    return statements, enhancements, [training[i] for i in sorted(used) if i in training]


def press(driver, key, times=1):
    for _ in range(times):
        ActionChains(driver).send_keys(key).perform()


def tab_to(driver, test, limit=600):
    """Presses Tab until the focused element passes `test`; keyboard only, no clicks."""
    for _ in range(limit):
        press(driver, Keys.TAB)
        if test(driver.switch_to.active_element):
            return True
    return False


def self_assessment(driver, site, edition, problems, previews=None):
    """Keyboard only: choose the highest group, rate three competencies, see them in the
    action plan with their training, reload and find them kept, export, then forget."""
    page = os.path.join(site, "self-assessment.html")
    if not os.path.exists(page):
        return
    driver.set_window_size(1280, 900)
    driver.get("file://" + os.path.abspath(page))
    driver.execute_script("localStorage.clear()")
    driver.refresh()
    if driver.find_element(By.ID, "assessment-tools").get_attribute("hidden") is not None:
        problems.append(f"{edition}: the self-assessment's script did not run")
        return
    if not tab_to(driver, lambda e: e.get_attribute("id") == "choose-group"):
        problems.append(f"{edition}: the group choice cannot be reached with Tab")
        return
    press(driver, Keys.END)
    fieldsets = [f for f in driver.find_elements(By.CSS_SELECTOR, "fieldset.competency") if f.is_displayed()]
    chosen = []
    for fieldset, rating in zip(fieldsets[:3], (1, 2, 1)):
        name = "rate-" + fieldset.get_attribute("data-id")
        if not tab_to(driver, lambda e: e.get_attribute("name") == name):
            problems.append(f"{edition}: {name} cannot be reached with Tab")
            return
        press(driver, Keys.SPACE)
        press(driver, Keys.ARROW_RIGHT, rating - 1)
        chosen.append((fieldset.get_attribute("data-code"), fieldset.get_attribute("data-id"), rating))
    plan = driver.find_element(By.ID, "plan-list").text
    for code, _, _ in chosen:
        if code not in plan:
            problems.append(f"{edition}: the action plan does not list {code}: {plan[:200]!r}")
    for code, identifier, _ in chosen:
        fieldset = driver.find_element(By.CSS_SELECTOR, f"fieldset[data-id='{identifier}']")
        for link in fieldset.find_elements(By.CSS_SELECTOR, ".plan-training a"):
            if link.get_attribute("textContent") not in plan:
                problems.append(f"{edition}: the action plan for {code} lacks its training {link.get_attribute('textContent')!r}")
    if previews:
        os.makedirs(previews, exist_ok=True)
        for width, label in ((390, "phone"), (1280, "desktop")):
            driver.set_window_size(width, 900)
            target = os.path.join(previews, f"{edition}-action-plan-{label}.png")
            driver.find_element(By.ID, "action-plan").screenshot(target)
            Image.open(target).convert("RGB").quantize(colors=64).save(target, optimize=True)
        driver.set_window_size(1280, 900)
    driver.refresh()
    for code, identifier, rating in chosen:
        checked = driver.execute_script(f"var c = document.querySelector(\"input[name='rate-{identifier}']:checked\"); return c ? Number(c.value) : null;")
        if checked != rating:
            problems.append(f"{edition}: after reloading, {code} shows {checked}, not {rating}")
    answers = list(csv.DictReader(io.StringIO(driver.execute_script("return competencyKitAssessment.csv()"))))
    exported = json.loads(driver.execute_script("return competencyKitAssessment.json()"))
    expected = {(code, str(rating)) for code, _, rating in chosen}
    if {(row["code"], row["rating"]) for row in answers} != expected:
        problems.append(f"{edition}: the CSV export holds {answers}, not {expected}")
    if {(a["code"], str(a["rating"])) for a in exported["answers"]} != expected or exported["edition"] != edition:
        problems.append(f"{edition}: the JSON export holds {exported}")
    if not tab_to(driver, lambda e: e.get_attribute("id") == "forget"):
        problems.append(f"{edition}: 'Forget my answers' cannot be reached with Tab")
        return
    press(driver, Keys.ENTER)
    stored = driver.execute_script("return Object.keys(localStorage).length")
    driver.refresh()
    left = driver.execute_script("return document.querySelectorAll('input[type=radio]:checked').length")
    if stored or left:
        problems.append(f"{edition}: after 'Forget my answers', {stored} stored items and {left} ratings remain")
    print(f"{edition}: self-assessment by keyboard: rated {', '.join(c for c, _, _ in chosen)}; action plan, reload, CSV and JSON export and forget all work")


def main(exports, previews):
    sites = sorted(glob.glob(os.path.join(exports, "*", "site")))
    if not sites:
        print(f"no web editions under {exports}")
        return 1
    axe_source = open(AXE, encoding="utf-8").read()
    problems = []
    driver = browser()
    try:
        for site in sites:
            edition = os.path.basename(os.path.dirname(site))
            pages = sorted(glob.glob(os.path.join(site, "*.html")))
            text = ""
            for page in pages:
                url = "file://" + os.path.abspath(page)
                driver.set_window_size(1280, 900)
                driver.get_log("performance")
                driver.get(url)
                text += html.unescape(driver.page_source)
                driver.execute_script(axe_source)
                result = driver.execute_async_script(
                    "const done = arguments[arguments.length - 1];"
                    "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}}).then(r => done(JSON.stringify(r.violations))).catch(e => done(JSON.stringify([{id: 'axe-error', help: String(e), nodes: []}])));",
                    TAGS)
                violations = json.loads(result)
                for violation in violations:
                    targets = [n["target"] for n in violation.get("nodes", [])][:3]
                    problems.append(f"{edition}/{os.path.basename(page)}: axe {violation['id']}: {violation['help']} {targets}")
                requests = []
                for entry in driver.get_log("performance"):
                    message = json.loads(entry["message"])["message"]
                    if message.get("method") == "Network.requestWillBeSent":
                        requests.append(message["params"]["request"]["url"])
                outside = [r for r in requests if not r.startswith("file://" + os.path.abspath(site))]
                if not any(r.endswith("/style.css") for r in requests):
                    problems.append(f"{edition}/{os.path.basename(page)}: the stylesheet was not requested; is the request log working?")
                if outside:
                    problems.append(f"{edition}/{os.path.basename(page)}: requests outside the site: {outside[:3]}")
                print(f"{edition}/{os.path.basename(page)}: {len(violations)} axe violations (WCAG 2.2 A/AA); {len(requests)} requests, {len(outside)} outside the site")
            self_assessment(driver, site, edition, problems, previews)
            statements, enhancements, links = expected_content(os.path.join(os.path.dirname(site), f"{edition}.xml"))
            missing = [s for s in statements + enhancements if s not in text] + [u for u in links if u not in text]
            for item in missing[:5]:
                problems.append(f"{edition}: the site does not show {item[:80]!r}")
            print(f"{edition}: the site shows all {len(statements)} statements, {len(enhancements)} enhancements and {len(links)} training links" if not missing else f"{edition}: {len(missing)} items missing")
            if previews:
                os.makedirs(previews, exist_ok=True)
                phase = next((p for p in pages if os.path.basename(p) not in ("index.html", "training.html", "services.html", "changes.html", "workshops.html", "local-plans.html")), pages[0])
                shots = [(os.path.join(site, "index.html"), "index"), (phase, "phase")]
                if os.path.exists(os.path.join(site, "self-assessment.html")):
                    shots.append((os.path.join(site, "self-assessment.html"), "self-assessment"))
                for page, name in shots:
                    for width, label in ((390, "phone"), (1280, "desktop")):
                        driver.set_window_size(width, 900)
                        driver.get("file://" + os.path.abspath(page))
                        height = driver.execute_script("return Math.min(document.documentElement.scrollHeight, 1400)")
                        driver.set_window_size(width, height)
                        target = os.path.join(previews, f"{edition}-{name}-{label}.png")
                        driver.save_screenshot(target)
                        # A 64-colour palette keeps the committed previews small.
                        image = Image.open(target).convert("RGB").quantize(colors=64)
                        image.save(target, optimize=True)
    finally:
        driver.quit()
    for problem in problems[:60]:
        print(f"FAIL: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "Exports", sys.argv[2] if len(sys.argv) > 2 else None))
