"""An editor's path through a real `quotes serve`, in headless Chromium.

Looks a speaker up under a misspelling, opens the speaker's page, a quote in its
article and the quote's spread, and checks the charts drew. Screenshots go to
``screenshots/`` (git-ignored) to look at. Needs Debian's ``chromium`` and
``chromium-driver`` and the ``selenium`` package (installed by .ci/run); skips
with the reason where they are absent.
"""
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--window-size=1280,1000")

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ready  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """The demo database served by `quotes serve` on a free local port."""
    db = tmp_path / "demo.db"
    assert CliRunner().invoke(cli, ["demo", "--db", str(db), "--no-serve"]).exit_code == 0
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "quotes", "serve", "--db", str(db), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):  # up to 20 seconds for Datasette to start
            try:
                urllib.request.urlopen(f"{base}/-/versions.json", timeout=1)
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(f"quotes serve exited: {process.stderr.read().decode()}")
                time.sleep(0.2)
        else:
            pytest.fail("quotes serve did not answer within 20 seconds")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def browser():
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("headless Chromium is not here: apt-get install chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(CHROMEDRIVER))
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


def shoot(driver, name):
    SHOTS.mkdir(exist_ok=True)
    height = driver.execute_script("return document.body.scrollHeight")
    driver.set_window_size(1280, max(800, min(height + 40, 3000)))
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def wait_for(driver, css):
    return WebDriverWait(driver, 15).until(ready.presence_of_element_located((By.CSS_SELECTOR, css)))


def test_editor_finds_a_speaker_and_follows_a_quote(server, browser):
    browser.get(f"{server}/demo")
    wait_for(browser, "#q-chart-outlets svg .mark-rect.role-mark path")
    shoot(browser, "1-database")

    field = browser.find_element(By.ID, "q-speaker-name")
    field.send_keys("Youssef Hadad")  # misspelt: the sample spells him Youssef and Yusuf Haddad
    field.submit()
    wait_for(browser, "table.rows-and-columns")
    speakers = {a.text for a in browser.find_elements(By.CSS_SELECTOR, "td.col-speaker a")}
    assert speakers == {"Youssef Haddad"}  # both spellings are one speaker
    shoot(browser, "2-quotes-by-speaker")

    browser.find_element(By.LINK_TEXT, "Youssef Haddad").click()
    wait_for(browser, "#q-chart-spread svg .mark-symbol.role-mark path")
    assert browser.find_element(By.CSS_SELECTOR, ".q-speaker h2").text == "Youssef Haddad"
    assert "harbour master" in browser.find_element(By.CSS_SELECTOR, ".q-facts").text
    shoot(browser, "3-speaker")

    browser.find_element(By.PARTIAL_LINK_TEXT, "The wall moved by almost a metre in places. We").click()
    mark = wait_for(browser, ".q-passage mark.q-speaker")
    assert mark.text == "Haddad"
    assert browser.find_element(By.CSS_SELECTOR, ".q-passage mark.q-quote").text.startswith("The wall")
    shoot(browser, "4-quote-in-article")

    browser.find_element(By.PARTIAL_LINK_TEXT, "appeared 3 times").click()
    wait_for(browser, "#q-chart-spread svg .mark-symbol.role-mark path")
    assert browser.find_element(By.CSS_SELECTOR, ".q-first").text.startswith("First: Harbour Wire")
    points = browser.find_elements(By.CSS_SELECTOR, "#q-chart-spread svg .mark-symbol.role-mark path")
    assert len(points) == 3  # one per outlet that carried it (Valley Herald cut it short)
    shoot(browser, "5-quote-spread")
