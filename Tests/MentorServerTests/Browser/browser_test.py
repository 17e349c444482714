#!/usr/bin/env python3
"""A real browser against a real `mentor serve`: headless Chromium (Debian's chromium and
chromium-driver) driven by selenium signs in as a mentor through the link in the outbox, logs
meeting 1 from the group page's form, sees meeting 2's agenda, and moves meeting 3; then the coordinator
opens the program's dashboard (as of 2027-06-20), filters its groups and records who came to the kickoff.
Screenshots of each page go to SCREENSHOTS. Then SIGTERM must stop the server cleanly (exit status 0).

usage: browser_test.py MENTOR PROGRAM_FILE WORK_DIR SCREENSHOTS
Exit status 77 (and a line starting SKIP) when chromium, chromedriver or selenium is missing.
"""
import email
import email.policy
import glob
import os
import re
import shutil
import signal
import subprocess
import sys
import time

def skip(reason):
    print(f"SKIP: {reason}")
    sys.exit(77)

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
except ImportError:
    skip("python selenium is not installed (pip install selenium)")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
if not CHROMIUM or not DRIVER:
    skip("chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")

mentor, program, work, shots = sys.argv[1:5]
os.makedirs(shots, exist_ok=True)
outbox = os.path.join(work, "outbox")
server = subprocess.Popen([mentor, "serve", program, "--port", "0", "--outbox", outbox,
                           "--store", os.path.join(work, "progress.sqlite"), "--today", "2027-06-20"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

def fail(message):
    print(f"FAIL: {message}")
    server.kill()
    print(server.stderr.read()[-3000:])
    sys.exit(1)

line = server.stdout.readline()
match = re.match(r"listening on (http://\S+)", line)
if not match:
    fail(f"expected 'listening on http://HOST:PORT' first, got {line!r}")
base = match.group(1)

options = webdriver.ChromeOptions()
options.binary_location = CHROMIUM
for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1600"]:
    options.add_argument(argument)
browser = webdriver.Chrome(service=Service(DRIVER), options=options)
try:
    def shot(name):
        browser.save_screenshot(os.path.join(shots, name + ".png"))

    def sign_in(address):
        """Signs in as `address` through the newest link the outbox holds for it."""
        browser.get(base + "/sign-in")
        browser.find_element(By.ID, "email").send_keys(address)
        browser.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button").click()
        if not shows("a sign-in link is on its way"):
            fail("the sign-in page did not say the link was sent")
        for path in sorted(glob.glob(os.path.join(outbox, "*.eml")), key=os.path.getmtime, reverse=True):
            with open(path, "rb") as handle:
                message = email.message_from_binary_file(handle, policy=email.policy.default)
            if message["To"] == address:
                browser.get(re.search(r"http://\S+/sign-in/[A-Za-z0-9_-]+", message.get_content()).group(0))
                return
        fail(f"no sign-in message for {address} in the outbox")

    def text():
        return browser.find_element(By.TAG_NAME, "body").text

    def shows(phrase, timeout=10):
        """Whether the page shows `phrase` within `timeout` seconds (a click's page may still be loading)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if phrase in text():
                    return True
            except Exception:  # the page changed under us: look again
                pass
            time.sleep(0.1)
        return False

    browser.get(base + "/")
    if not browser.current_url.endswith("/sign-in"):
        fail(f"not signed in: / should lead to /sign-in, got {browser.current_url}")
    shot("1-sign-in")
    browser.find_element(By.ID, "email").send_keys("dana.ruiz@example.org")
    browser.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button").click()
    if not shows("a sign-in link is on its way"):
        fail("the sign-in page did not say the link was sent")
    shot("2-link-sent")

    messages = sorted(glob.glob(os.path.join(outbox, "*.eml")))
    if len(messages) != 1:
        fail(f"expected one message in the outbox, found {len(messages)}")
    with open(messages[0], "rb") as handle:
        message = email.message_from_binary_file(handle, policy=email.policy.default)
    if message["To"] != "dana.ruiz@example.org":
        fail(f"the message went to {message['To']}")
    link = re.search(r"http://\S+/sign-in/[A-Za-z0-9_-]+", message.get_content()).group(0)
    browser.get(link)
    if browser.current_url != base + "/":
        fail(f"the link should lead to /, got {browser.current_url}")
    if not shows("ruiz-lin") or not shows("Next meeting 1:"):
        fail("the home page should list ruiz-lin with its next meeting")
    shot("3-home")
    browser.find_element(By.CSS_SELECTOR, "form[action='/calendar'] button").click()
    if not shows("Your calendar link"):
        fail("making a calendar link should show it")
    shot("3b-calendar-link")
    feed = re.search(r"http://\S+/calendar/[A-Za-z0-9_-]+\.ics", text())
    if not feed:
        fail("the calendar link page should show the link")
    import urllib.request
    with urllib.request.urlopen(feed.group(0)) as answer:
        if b"BEGIN:VCALENDAR" not in answer.read():
            fail("the calendar link should serve a calendar")
    browser.get(base + "/")

    browser.find_element(By.LINK_TEXT, "ruiz-lin").click()
    if not shows("Next meeting: 1 of 12"):
        fail("the group page should show meeting 1's agenda")
    shot("4-group-meeting-1")
    browser.execute_script("arguments[0].scrollIntoView()", browser.find_element(By.ID, "log"))
    shot("4b-log-form")
    browser.find_element(By.ID, "log-notes").send_keys("Sam wants more <b>field work</b>")
    browser.find_element(By.ID, "log-submit").click()
    if not shows("Next meeting: 2 of 12"):
        fail("after logging meeting 1 the page should show meeting 2's agenda")
    page = text()
    if "Sam wants more <b>field work</b>" not in page:
        fail("the notes should be shown as text (escaped)")
    if "Meeting 1 · held" not in page:
        fail("meeting 1 should be listed as held")
    shot("5-group-meeting-2")
    # Move meeting 3 from the schedule's form (date and time inputs are filled as a date picker would).
    form = browser.find_element(By.ID, "move-form")
    browser.execute_script("arguments[0].scrollIntoView()", form)
    meeting = browser.find_element(By.ID, "move-meeting")
    meeting.clear()
    meeting.send_keys("3")
    browser.execute_script("document.getElementById('move-to').value = '2027-03-17';"
                           "document.getElementById('move-time').value = '15:00';")
    browser.find_element(By.ID, "move-reason").send_keys("audit week")
    form.find_element(By.TAG_NAME, "button").click()
    if not shows("2027-03-17 15:00"):
        fail("the schedule should show meeting 3 moved to 2027-03-17 at 15:00")
    browser.execute_script("arguments[0].scrollIntoView()", browser.find_element(By.ID, "schedule"))
    shot("5b-meeting-moved")
    browser.find_element(By.ID, "exit-reason").send_keys("Moving to another city")
    browser.find_element(By.CSS_SELECTOR, "#exit button").click()
    if not shows("End the partnership?"):
        fail("ending the partnership should ask for confirmation first")
    shot("6-exit-confirm")

    # The coordinator's side.
    browser.find_element(By.CSS_SELECTOR, "form[action='/sign-out'] button").click()
    sign_in("pat.quinn@example.org")
    if not shows("(you coordinate it)"):
        fail("the coordinator's home page should list the program they coordinate")
    browser.find_element(By.LINK_TEXT, "Open the dashboard").click()
    if not shows("How the program is going"):
        fail("the dashboard should open from the home page")
    figures = browser.find_elements(By.CSS_SELECTOR, "figure.chart svg[role=img]")
    if len(figures) != 5:
        fail(f"the dashboard should draw five charts, found {len(figures)}")
    for figure in figures:
        size = figure.size
        if size["width"] < 100 or size["height"] < 60:
            fail(f"a chart is drawn too small to read: {size}")
    shot("7-dashboard")
    described = browser.find_element(By.ID, "chart-meetings-desc").get_attribute("textContent")
    if not described.startswith("1 of 12 meetings planned so far were held"):
        fail(f"the meetings chart should say 1 of 12 meetings were held (ruiz-lin's meeting 1), got {described!r}")
    details = browser.find_element(By.CSS_SELECTOR, "#chart-meetings details")
    details.find_element(By.TAG_NAME, "summary").click()
    if not details.find_element(By.TAG_NAME, "table").is_displayed():
        fail("opening 'The numbers as a table' should show the chart's table")
    browser.execute_script("arguments[0].scrollIntoView()", details)
    shot("7b-chart-numbers")
    groups = browser.find_element(By.ID, "groups")
    browser.execute_script("arguments[0].scrollIntoView()", groups)
    from selenium.webdriver.support.ui import Select
    Select(groups.find_element(By.NAME, "mentor")).select_by_visible_text("Leah Brandt")
    groups.find_element(By.CSS_SELECTOR, "form.filters button").click()
    if not shows("Groups 1–1 of 1 that match (of 2)"):
        fail("filtering by mentor should leave one group")
    rows = [row.text for row in browser.find_elements(By.CSS_SELECTOR, "table.groups tbody tr")]
    if len(rows) != 1 or not rows[0].startswith("brandt-aziz"):
        fail(f"filtering by Leah Brandt should show brandt-aziz only, got {rows}")
    shot("8-dashboard-filtered")
    kickoff = browser.find_element(By.ID, "event-kickoff")
    browser.execute_script("arguments[0].scrollIntoView()", kickoff)
    for person in ["e100", "e230"]:
        kickoff.find_element(By.CSS_SELECTOR, f"input[name=attendees][value={person}]").click()
    kickoff.find_element(By.TAG_NAME, "button").click()
    if not shows("2 of 4 came: Dana Ruiz, Sam Lin"):
        fail("recording the kickoff's attendance should show who came")
    shot("9-attendance-recorded")

    # Matching from the browser: upload a roster file, read the proposal, accept it.
    roster = os.path.join(work, "new-people.csv")
    with open(roster, "w") as handle:
        handle.write("id,name,grade,department,manager,role,capacity,skills,goals,prefers,pin\n"
                     "n1,Alex Moreno,14,Parks,,mentor,1,budgeting,,,\n"
                     "n2,Bea Singh,10,Library,,mentee,,,budgeting,,\n"
                     "n3,Cy Park,9,Library,,mentee,,,,,\n")
    browser.find_element(By.LINK_TEXT, "Match people from a roster").click()
    if not shows("Upload a roster"):
        fail("the dashboard should lead to the matching page")
    browser.find_element(By.ID, "roster-file").send_keys(roster)
    browser.find_element(By.ID, "propose").click()
    if not shows("Proposal from new-people.csv") or not shows("Cy Park (mentee)"):
        fail("uploading the roster should show the proposal and who is left unmatched")
    shot("10-match-proposal")
    browser.find_element(By.ID, "accept").click()
    if not shows("1 group was added to the program file"):
        fail("accepting should add the group to the program file")
    with open(program) as handle:
        if "n1-n2" not in handle.read():
            fail("the program file should now hold the group n1-n2")
    browser.find_element(By.LINK_TEXT, "Back to the dashboard").click()
    if not shows("n1-n2"):
        fail("the dashboard should list the new group at once")
    shot("11-dashboard-after-match")
finally:
    browser.quit()

server.send_signal(signal.SIGTERM)
try:
    status = server.wait(timeout=20)
except subprocess.TimeoutExpired:
    fail("the server did not stop within 20 s of SIGTERM")
if status != 0:
    fail(f"the server exited with {status} after SIGTERM")
print("PASS")
