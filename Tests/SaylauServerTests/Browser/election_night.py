#!/usr/bin/env python3
"""The election-night flow in a real Chromium (Selenium + chromedriver): two clerks enter one protocol with a
difference, the coordinator resolves it against the paper, and the results page, open all along, updates by
itself. Usage: election_night.py BASE_URL ELECTION PASSWORD PARTY_CODES_COMMA_SEPARATED SCREENSHOT_DIR"""
import sys, time
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

base, election, password, parties, shots = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split(","), sys.argv[5]
options = webdriver.ChromeOptions()
for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"]:
    options.add_argument(flag)
options.binary_location = "/usr/bin/chromium"
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(options=options)
wait = WebDriverWait(driver, 20)


def step(message):
    print("step:", message, flush=True)


def sign_in(name):
    driver.delete_all_cookies()
    driver.get(base + "/login")
    driver.find_element(By.NAME, "username").send_keys(name)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait.until(lambda d: "/login" not in d.current_url)


def enter(values, live_error=None):
    driver.get(f"{base}/elections/{election}/entry?ballot=list")
    for name, value in values.items():
        field = driver.find_element(By.NAME, name)
        field.clear()
        field.send_keys(str(value))
    if live_error:
        # The script asks the server's check as the clerk types, before anything is sent.
        wait.until(lambda d: live_error in d.find_element(By.CSS_SELECTOR, "form#entry").text.lower())
    driver.find_element(By.CSS_SELECTOR, "form#entry button[type=submit]").click()
    # The fresh form has no notice; the answer to the post has one.
    return wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "p.notice-info"))[0].text


try:
    votes = {p: 0 for p in parties}
    votes[parties[0]], votes[parties[1]] = 300, 120
    paper = {"precinct": "B-1", "constituency": 1, "voters_on_list": 600, "ballots_issued": 434,
             "ballots_in_box": 434, "invalid": 7, "against_all": 7, **votes}
    # The results page, open in its own tab before anything is counted.
    driver.get(f"{base}/elections/{election}/results")
    results = driver.current_window_handle
    before = driver.find_element(By.TAG_NAME, "main").text
    assert "0 protocols in" in before or "0 of" in before, before
    driver.switch_to.new_window("tab")
    entry = driver.current_window_handle

    step("alma enters the protocol")
    sign_in("alma")
    # A typing error is shown next to its line and nothing is saved.
    wrong = dict(paper, ballots_in_box=435)
    notice = enter(wrong, live_error="ballots in box")
    assert "Not saved" in notice, notice
    assert "ballots in box" in driver.find_element(By.TAG_NAME, "form").text.lower()
    notice = enter(paper)
    assert "entry 1 saved" in notice, notice
    driver.save_screenshot(f"{shots}/night-entry-desktop.png")

    step("bolat enters it again, with a difference")
    sign_in("bolat")
    notice = enter(dict(paper, **{parties[1]: 102, "invalid": 25}))
    assert "differs" in notice and parties[1] not in notice, notice

    step("dana decides against the paper")
    sign_in("dana")
    driver.get(f"{base}/elections/{election}/queue")
    driver.find_element(By.LINK_TEXT, "B-1").click()
    table = driver.find_element(By.CSS_SELECTOR, "table.wikitable").text
    assert "≠" in table, table
    driver.save_screenshot(f"{shots}/night-case-desktop.png")
    driver.find_element(By.CSS_SELECTOR, "input[name=decision][value=first]").click()
    driver.find_element(By.NAME, "reason").send_keys("the paper reads 120")
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    notice = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "p.notice-info"))[0].text
    assert "the protocol counts" in notice, notice

    step("the results page updates by itself")
    driver.switch_to.window(results)
    WebDriverWait(driver, 30).until(lambda d: "1 protocols in" in d.find_element(By.TAG_NAME, "main").text
                                    or "1 of" in d.find_element(By.TAG_NAME, "main").text)
    text = driver.find_element(By.TAG_NAME, "main").text
    assert "300" in text, text
    driver.save_screenshot(f"{shots}/night-results-desktop.png")
    print("ok", flush=True)
except Exception:
    for entry in driver.get_log("browser"):
        print("browser:", entry, flush=True)
    print("page:", driver.current_url, driver.find_element(By.TAG_NAME, "body").text[:600], flush=True)
    raise
finally:
    driver.quit()
