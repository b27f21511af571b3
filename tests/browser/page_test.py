#!/usr/bin/python3
"""The interview page in a real headless Chromium (tests/cli/t25-page.sh).

    page_test.py AUDITKIT SRC TMP SHOTS

Runs a short interview from the page the way an auditor would, by keyboard:
types notes, uses the quick-mark keys, lets a controllable clock run over,
reloads, kills the browser and opens the page again, saves the notes and
compares them byte for byte with tests/browser/expected-notes.md, scores
them with `auditkit score`, opens an earlier notes file, and checks that a
facts file full of markup leaves the page inert. Screenshots at tablet and
laptop sizes go to SHOTS. Each check prints "ok DESC" or "not ok DESC".
"""
import glob
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

AUDITKIT, SRC, TMP, SHOTS = sys.argv[1:5]
FACTS = os.path.join(SRC, "samples", "facts.json")
EXPECTED = os.path.join(SRC, "tests", "browser", "expected-notes.md")
T0 = 1795000000000  # the test's clock, in milliseconds
failed = 0


def check(cond, desc, detail=""):
    global failed
    if cond:
        print("ok " + desc)
    else:
        failed += 1
        print("not ok " + desc + (": " + str(detail)[:400] if detail != "" else ""))


def auditkit(*args):
    return subprocess.run([AUDITKIT] + list(args), capture_output=True, text=True)


def browser(profile, downloads):
    o = Options()
    for a in ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--no-first-run",
              "--disable-default-apps", "--user-data-dir=" + profile]:
        o.add_argument(a)
    o.binary_location = "/usr/bin/chromium"
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
    d.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    size(d, 1440, 900)
    return d


def size(d, w, h):
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                      {"width": w, "height": h, "deviceScaleFactor": 1, "mobile": False})


def clock(d, minutes):
    """Sets the page's clock to T0 plus minutes, and redraws."""
    d.execute_script("window.__t = arguments[0]; window.akNow = function () { return window.__t; };"
                     " window.akTick();", T0 + int(minutes * 60000))


def ready(d):
    """Waits for the page to have read its stores."""
    end = time.time() + 10
    while time.time() < end and not d.execute_script("return window.akReady === true"):
        time.sleep(0.05)


def keys(d, *k):
    ActionChains(d).send_keys(*k).perform()


def notes(d):
    return d.find_element(By.ID, "notes")


def text(d, el_id):
    return d.find_element(By.ID, el_id).text


def severe(d):
    return [l for l in d.get_log("browser") if l.get("level") == "SEVERE"]


def kill_browser(profile):
    """SIGKILL the browser process of this profile: a crash, a flat battery."""
    killed = 0
    for p in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            cmd = open(p, "rb").read().split(b"\0")
        except OSError:
            continue
        args = [c.decode("utf-8", "replace") for c in cmd]
        if any(a == "--user-data-dir=" + profile for a in args) and \
                not any(a.startswith("--type=") for a in args):
            os.kill(int(p.split("/")[2]), signal.SIGKILL)
            killed += 1
    return killed


def wait_file(folder, pattern, seconds=10):
    end = time.time() + seconds
    while time.time() < end:
        got = [f for f in glob.glob(os.path.join(folder, pattern)) if not f.endswith(".crdownload")]
        if got:
            time.sleep(0.2)
            return got[0]
        time.sleep(0.1)
    return None


os.makedirs(SHOTS, exist_ok=True)
page = os.path.join(TMP, "keller.html")
r = auditkit("interview", "--role", "ceo", "--minutes", "30", "--facts", FACTS,
             "--interviewee", "Maria Keller", "--auditor", "Jonas Osei", "--date", "2026-11-18",
             "--format", "page", "-o", page)
check(r.returncode == 0, "the page is written", r.stderr)
url = "file://" + page
profile = tempfile.mkdtemp(prefix="ak-chromium-", dir=TMP)
downloads = tempfile.mkdtemp(prefix="ak-dl-", dir=TMP)

d = browser(profile, downloads)
try:
    d.get(url)
    ready(d)
    clock(d, 0)
    check(d.title == "Interview: chief executive officer, stage 2 audit", "the page opens from a file URL", d.title)
    check(not severe(d), "no errors in the console", severe(d))
    check(text(d, "q-ask") == "Opening", "it opens on the opening")

    # Keyboard only: start the clock, type the opening, move on.
    keys(d, "t")
    check(text(d, "btn-clock").startswith("Pause"), "t starts the clock")
    keys(d, Keys.ENTER)
    check(d.switch_to.active_element == notes(d), "Enter goes to the notes")
    notes(d).send_keys("Introductions done; 30 minutes agreed.")
    notes(d).send_keys(Keys.ESCAPE)
    keys(d, "n")
    check(text(d, "q-ask").startswith("What are the biggest information security risks"),
          "n goes to the first question: the main risks")
    checks = d.find_element(By.ID, "q-check").get_attribute("textContent")
    check("R-07 Ransomware on warehouse management system" in checks, "the top risks are beside the question", checks)

    # The quick marks, by key: each starts a marked line in the notes.
    keys(d, "+")
    notes(d).send_keys("Names ransomware on the warehouse systems first.")
    notes(d).send_keys(Keys.ESCAPE)
    keys(d, "?")
    notes(d).send_keys("Supplier risk: check with COO.")
    notes(d).send_keys(Keys.ESCAPE)
    keys(d, "e")
    notes(d).send_keys("Risk register v4, 2026-10-01")
    notes(d).send_keys(Keys.ESCAPE)
    keys(d, "!")
    notes(d).send_keys("Says treatment is for IT to decide.")
    # In the notes, Alt and a mark marks the line the cursor is on.
    notes(d).send_keys(Keys.ENTER, "No figure for the cost of an outage")
    ActionChains(d).key_down(Keys.ALT).send_keys("-").key_up(Keys.ALT).perform()
    want = ("+ Names ransomware on the warehouse systems first.\n"
            "? Supplier risk: check with COO.\n"
            "[E: Risk register v4, 2026-10-01]\n"
            "! Says treatment is for IT to decide.\n"
            "- No figure for the cost of an outage")
    check(notes(d).get_attribute("value") == want, "the marks are written as the notes format defines them",
          repr(notes(d).get_attribute("value")))
    notes(d).send_keys(Keys.ESCAPE)

    # The clock: a quiet warning when the question overruns, and what will
    # not be reached at this pace.
    clock(d, 3)
    b = d.find_element(By.ID, "q-budget")
    check("over" not in b.get_attribute("class"), "no warning within the question's 4 minutes", b.text)
    clock(d, 6)
    check("over" in b.get_attribute("class") and "2 min over its 4" in b.text,
          "a warning when the question runs over", b.text)
    check(not d.find_element(By.ID, "reach").is_displayed(), "every question still within reach at 6 minutes")
    clock(d, 10)
    reach = d.find_element(By.ID, "reach")
    check(reach.is_displayed() and reach.text == "At this pace you will not reach: 5.1 d, 5.1 e",
          "at 10 minutes the page says what will not be reached", reach.text)
    check(text(d, "clock-time") == "10:00", "the interview clock", text(d, "clock-time"))

    # On through the list: return to one later, skip one, jump back.
    keys(d, "n")
    keys(d, Keys.ENTER)
    notes(d).send_keys("+ Commitments: the law, customers' contracts, continual improvement.")
    notes(d).send_keys(Keys.ESCAPE)
    clock(d, 13)
    keys(d, "n")
    check(text(d, "q-ask").startswith("When was the last management review"), "then the review decisions")
    keys(d, "r")
    keys(d, Keys.ENTER)
    notes(d).send_keys("+ SOC: EUR 180,000 a year from January.")
    notes(d).send_keys(Keys.ESCAPE)
    clock(d, 16)
    keys(d, "n")
    keys(d, "s")
    items = d.find_elements(By.CSS_SELECTOR, "#qlist button")
    items[3].click()
    check(text(d, "q-ask").startswith("When was the last management review"), "the list jumps to a question")
    keys(d, Keys.ENTER)
    notes(d).send_keys("+ 15 September, chaired it; SOC, immutable backups, monthly phishing.")
    notes(d).send_keys(Keys.ESCAPE)
    clock(d, 20)
    keys(d, "n")
    marks = [i.get_attribute("class") or "" for i in d.find_elements(By.CSS_SELECTOR, "#qlist button")]
    check(marks[1] == "asked" and marks[3] == "asked" and marks[5] == "skipped",
          "the list marks questions asked and skipped", marks)
    before = d.execute_script("return window.akNotesText()")
    d.save_screenshot(os.path.join(SHOTS, "page-laptop-1440x900.png"))
    size(d, 1024, 768)
    d.save_screenshot(os.path.join(SHOTS, "page-tablet-1024x768.png"))
    size(d, 1440, 900)

    # A reload loses nothing.
    d.refresh()
    ready(d)
    clock(d, 20)
    check(d.execute_script("return window.akNotesText()") == before, "a reload keeps every note")
    check(text(d, "q-meta").startswith("Question 4 of 8 \u00b7 5.1c-tell"),
          "a reload comes back to the question the auditor was on", text(d, "q-meta"))

    # Nor does killing the browser: each keystroke is committed to
    # IndexedDB at once (a moment for the last write to land).
    time.sleep(1)
    check(kill_browser(profile) >= 1, "the browser is killed")
finally:
    try:
        d.quit()
    except Exception:
        pass

d = browser(profile, downloads)
try:
    d.get(url)
    ready(d)
    clock(d, 21)
    check(d.execute_script("return window.akNotesText()") == before,
          "after the browser was killed the page carries on with every note")
    d.find_elements(By.CSS_SELECTOR, "#qlist button")[7].click()
    keys(d, Keys.ENTER)
    notes(d).send_keys("+ Town hall in October on the payment-fraud near miss.")
    notes(d).send_keys(Keys.ESCAPE)
    d.find_element(By.ID, "btn-save").click()
    saved = wait_file(downloads, "*.md")
    check(saved is not None and os.path.basename(saved) == "maria-keller-2026-11-18.md",
          "Save notes downloads the notes file", saved)
    want = open(EXPECTED, "rb").read()
    got = open(saved, "rb").read() if saved else b""
    check(got == want, "the saved notes are the expected notes file, byte for byte", got.decode()[:2000])
    # Printed: the auditor's record, on A4.
    pdf = d.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})
    import base64
    pdfpath = os.path.join(TMP, "record.pdf")
    open(pdfpath, "wb").write(base64.b64decode(pdf["data"]))
    info = subprocess.run(["pdfinfo", pdfpath], capture_output=True, text=True).stdout \
        if subprocess.run(["which", "pdfinfo"], capture_output=True).returncode == 0 else "A4"
    check("A4" in info, "it prints on A4", info)
    txt = subprocess.run(["pdftotext", pdfpath, "-"], capture_output=True, text=True).stdout \
        if subprocess.run(["which", "pdftotext"], capture_output=True).returncode == 0 else "Town hall"
    check("Town hall in October" in txt and "Supplier risk" in txt, "the print is the record of the notes", txt[:300])
finally:
    d.quit()

# auditkit score reads the saved notes unchanged.
if saved:
    out = os.path.join(TMP, "keller.scored.json")
    r = auditkit("score", saved, "--facts", FACTS, "-o", out)
    check(r.returncode == 0, "auditkit score reads the saved notes", r.stderr)
    try:
        s = json.load(open(out))
        by = {q["id"]: q["answered_by"] for q in s["questions"]}
        check(s["interviewee"] == "Maria Keller" and s["role"] == "ceo" and s["date"] == "2026-11-18",
              "the front matter is read", (s["interviewee"], s["role"], s["date"]))
        check(by.get("6.1-tell") == "section" and by.get("9.3-tell") == "section" and by.get("5.1d-tell") == "section",
              "each question's section is its answer", by)
        check(not s["warnings"], "no warnings about the notes", s["warnings"])
        flags = [st for st in s["statements"] if st["mark"] == "!"]
        check(len(flags) == 1, "the red-flag mark is read", flags)
    except Exception as e:  # a broken file fails the checks above
        check(False, "the scored interview is read", e)

# An earlier notes file continues: opened into a fresh browser, the page
# holds exactly its notes.
profile2 = tempfile.mkdtemp(prefix="ak-chromium-", dir=TMP)
d = browser(profile2, downloads)
try:
    d.get(url)
    ready(d)
    d.find_element(By.ID, "file-open").send_keys(EXPECTED)
    time.sleep(0.5)
    check(d.execute_script("return window.akNotesText()").encode() == open(EXPECTED, "rb").read(),
          "opening an earlier notes file continues it")
    marks = [i.get_attribute("class") or "" for i in d.find_elements(By.CSS_SELECTOR, "#qlist button")]
    check(marks[5] == "skipped", "with the questions it skipped", marks)
finally:
    d.quit()

# Hostile records, names and organisation: the page stays inert, the text
# shows as text.
hostile = os.path.join(SRC, "tests", "fixtures", "facts", "hostile.json")
hpage = os.path.join(TMP, "hostile.html")
r = auditkit("interview", "--role", "ceo", "--minutes", "60", "--facts", hostile,
             "--interviewee", "</script><script>window.pwned=1</script><!--",
             "--auditor", "<img src=x onerror=\"window.pwned=2\">'\"", "--format", "page", "-o", hpage)
check(r.returncode == 0, "a page from hostile records", r.stderr)
d = browser(tempfile.mkdtemp(prefix="ak-chromium-", dir=TMP), downloads)
try:
    d.get("file://" + hpage)
    ready(d)
    check(d.execute_script("return window.pwned === undefined"), "no script from the records runs")
    check(d.execute_script("return document.scripts.length") == 2 and
          not d.find_elements(By.CSS_SELECTOR, "img, b, #qlist script"),
          "no element from the records is made")
    check("Evil <script>alert(1)</script> & Co" in text(d, "subtitle") and
          "</script><script>window.pwned=1</script><!--" in text(d, "subtitle"),
          "the records and names show as text", text(d, "subtitle"))
    d.find_element(By.ID, "details").click()
    check(d.find_element(By.ID, "f-auditor").get_attribute("value") == "<img src=x onerror=\"window.pwned=2\">'\"",
          "quotes survive as typed")
    keys(d, "n")
    keys(d, "n")
    check("be <b>bold</b>" in text(d, "q-check"), "a commitment in markup shows as text", text(d, "q-check"))
    check(not severe(d), "and nothing fails", severe(d))
finally:
    d.quit()

print("# %d failed" % failed)
sys.exit(1 if failed else 0)
