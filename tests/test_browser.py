"""An editor's path through a real `quotes serve`, in headless Chromium.

Looks a speaker up under a misspelling, opens the speaker's page, a quote in its
article and the quote's spread, and checks the charts drew. Screenshots go to
``screenshots/`` (git-ignored) to look at. Needs Debian's ``chromium`` and
``chromium-driver`` and the ``selenium`` package (installed by .ci/run); skips
with the reason where they are absent.
"""
import re
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
    yield from serving(db)


@pytest.fixture
def unknowns_server(unknowns_db):
    """The demo plus articles with no outlet or date (see conftest), served by `quotes serve`."""
    yield from serving(unknowns_db)


def serving(db):
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


def shoot(driver, name, width=1280):
    """Save the page, as tall as it is (up to 3000 px), to screenshots/NAME.png."""
    SHOTS.mkdir(exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, max(800, min(height + 40, 3000)))
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
    assert speakers == {"Yusuf Haddad"}  # both spellings are one speaker, called as most articles write
    shoot(browser, "2-quotes-by-speaker")

    browser.find_element(By.LINK_TEXT, "Yusuf Haddad").click()
    wait_for(browser, "#q-chart-spread svg .mark-symbol.role-mark path")
    assert browser.find_element(By.CSS_SELECTOR, "h1 .q-name").text == "Yusuf Haddad"
    assert "harbour master" in browser.find_element(By.CSS_SELECTOR, ".q-facts").text
    shoot(browser, "3-speaker")

    browser.find_element(By.PARTIAL_LINK_TEXT, "The wall moved by almost a metre in places. We").click()
    mark = wait_for(browser, ".q-passage mark.q-speaker")
    assert mark.text == "Haddad"
    assert browser.find_element(By.CSS_SELECTOR, ".q-passage mark.q-quote").text.startswith("The wall")
    shoot(browser, "4-quote-in-article")

    browser.find_element(By.PARTIAL_LINK_TEXT, "appeared in 3 articles").click()
    wait_for(browser, "#q-chart-spread svg .mark-symbol.role-mark path")
    assert browser.find_element(By.CSS_SELECTOR, ".q-first").text.startswith("First: Harbour Wire")
    points = browser.find_elements(By.CSS_SELECTOR, "#q-chart-spread svg .mark-symbol.role-mark path")
    assert len(points) == 3  # one per outlet that carried it (Valley Herald cut it short)
    shoot(browser, "5-quote-spread")


# Every quotes page, on a desktop and on a phone, with unknown outlets and dates ---------------

WIDTHS = {"desktop": 1400, "phone": 390}


def ids(db):
    """The rows the pages below open, looked up in the served database file."""
    import sqlite3

    conn = sqlite3.connect(db)

    def one(sql):
        return conn.execute(sql).fetchone()[0]

    found = {
        "haddad": one("select speaker_id from quotes where speaker_mention like '%Yusuf Haddad'"),
        "copy": one("select id from articles where source = 'wire-copy'"),
        "copy_quote": one("select quotes.id from quotes join articles on articles.id = article_id"
                          " where source = 'wire-copy' and quotes.text like 'The wall moved%'"),
        "market": one("select cluster_id from quotes where text like 'The fish market%'"),
        "reopen": one("select cluster_id from quotes where text like 'We will reopen%'"),
        "wire": one("select id from outlets where name = 'Harbour Wire'"),
    }
    conn.close()
    return found


def unknown_is_never_a_link(driver):
    for element in driver.find_elements(By.CSS_SELECTOR, ".q-unknown"):
        assert element.text in ("unknown outlet", "undated", "untitled")
        if element.text != "untitled":  # an untitled article still opens, under its source
            assert not element.find_elements(By.XPATH, "ancestor::a"), element.text


def fits(driver):
    """Nothing runs off the side of the screen."""
    overflow = driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{overflow}px wider than the window"


QUOTE_LIST_SHOWN = {"col-published", "col-outlet", "col-speaker", "col-kind", "col-text", "col-title"}


def reads_as_a_list_of_quotes(driver, width):
    """quote_list (or a search of it) shows a reader's columns, the quote's words with room to
    read; on a phone its facets wait behind their toggle, so the first quote starts on the first
    screen.
    Leaves the facets open."""
    driver.set_window_size(width, 900)  # a screen's height again, after the screenshot's
    cells = driver.find_elements(By.CSS_SELECTOR, ".rows-and-columns tbody tr:first-child td")
    assert {c.get_attribute("class").split()[0] for c in cells if c.is_displayed()} == QUOTE_LIST_SHOWN
    text = driver.find_element(By.CSS_SELECTOR, ".rows-and-columns tbody tr:first-child td.col-text")
    assert text.rect["width"] >= 300, text.rect  # it was 70 px, a quote wrapping to 11 lines
    toggle = driver.find_element(By.CSS_SELECTOR, "details.q-facets")
    if width < 600:
        assert not toggle.get_attribute("open")
        screen = driver.execute_script("return window.innerHeight")
        first = driver.find_element(By.CSS_SELECTOR, ".rows-and-columns tbody tr:first-child")
        assert first.rect["y"] + 100 < screen, (first.rect, screen)  # it was below five facets
        toggle.find_element(By.TAG_NAME, "summary").click()
    assert toggle.get_attribute("open")
    label = driver.find_element(By.CSS_SELECTOR, ".facet-info li")
    assert label.value_of_css_property("word-break") == "normal"  # never "war m / onitor"


def ticks_read_one_way(driver):
    """The timeline's time ticks share one format ("Mar 2, 08:15"), not "03:15" beside "04 AM"."""
    labels = {t.text for t in driver.find_elements(By.CSS_SELECTOR, "#q-chart-spread .role-axis-label text")}
    times = {label for label in labels if any(c.isdigit() for c in label)}  # not the outlets' axis
    assert times and all(re.fullmatch(r"[A-Z][a-z]{2} \d{1,2}, \d\d:\d\d", t) for t in times), times


@pytest.mark.parametrize("device", WIDTHS)
def test_every_page_reads_on_a_desktop_and_a_phone(unknowns_server, unknowns_db, browser, device):
    width, base, row = WIDTHS[device], f"{unknowns_server}/unknowns", ids(unknowns_db)
    browser.set_window_size(width, 900)

    def visit(name, path, ready):
        browser.set_window_size(width, 900)
        browser.get(base + path)
        wait_for(browser, ready)
        if width < 600:
            fits(browser)
        unknown_is_never_a_link(browser)
        shoot(browser, f"{device}-{name}", width)

    visit("database", "", "#q-chart-outlets svg .mark-rect.role-mark path")
    bars = browser.find_elements(By.CSS_SELECTOR, "#q-chart-outlets svg .mark-rect.role-mark path")
    assert len(bars) == 7  # six outlets and the unknown outlet

    visit("quote-list", "/quote_list?_facet=outlet", "table.rows-and-columns")
    reads_as_a_list_of_quotes(browser, width)
    facets = browser.find_elements(By.CSS_SELECTOR, ".facet-info[data-column=outlet]")
    assert len(facets) == 1  # the table's own outlet facet, not a second copy
    assert "unknown outlet" in facets[0].text
    assert not browser.find_element(By.CSS_SELECTOR, "details.q-columns").get_attribute("open")
    assert browser.find_element(By.CSS_SELECTOR, ".rows-and-columns").is_displayed()

    visit("quotes-by-speaker", "/quotes_by_speaker?name=Yusuf+Hadad", "table.rows-and-columns")
    cells = browser.find_elements(By.CSS_SELECTOR, ".rows-and-columns td")
    shown = {cell.get_attribute("class") for cell in cells if cell.is_displayed()}
    assert "col-speaker" in shown and not [c for c in shown if c.endswith("_id")], shown
    assert browser.find_elements(By.CSS_SELECTOR, "td.col-text a")  # the quote opens from its text

    visit("speaker", f"/speakers/{row['haddad']}", "#q-chart-spread svg .mark-symbol.role-mark path")
    quoted_by = browser.find_element(By.CSS_SELECTOR, ".q-facts").text
    assert "unknown outlet \u00d7" in quoted_by

    visit("quote", f"/quotes/{row['copy_quote']}", ".q-passage mark.q-quote")
    meta = browser.find_element(By.CSS_SELECTOR, ".q-quote .q-meta").text
    assert "untitled wire-copy" in meta and "unknown outlet" in meta and "undated" in meta
    assert not browser.find_element(By.CSS_SELECTOR, "details.q-raw").get_attribute("open")

    visit("article", f"/articles/{row['copy']}", ".q-passage mark.q-quote")
    assert browser.find_element(By.CSS_SELECTOR, "h1 .q-name").text == "untitled wire-copy"

    visit("cluster-undated", f"/clusters/{row['market']}", ".q-first")
    assert not browser.find_elements(By.CSS_SELECTOR, ".q-chart")  # nothing dated: no empty chart
    assert "its one appearance is undated" in browser.find_element(By.CSS_SELECTOR, ".q-note").text

    visit("search", "/quote_list?_search=reopen", "table.rows-and-columns")
    reads_as_a_list_of_quotes(browser, width)

    visit("cluster", f"/clusters/{row['reopen']}", "#q-chart-spread svg .mark-symbol.role-mark path")
    ticks_read_one_way(browser)
    points = browser.find_elements(By.CSS_SELECTOR, "#q-chart-spread svg .mark-symbol.role-mark path")
    assert len(points) == 3  # Harbour Wire, Coastal Times, Lessa Gazette; not the two undated
    assert "2 undated appearances" in browser.find_element(By.CSS_SELECTOR, ".q-note").text

    visit("outlet", f"/outlets/{row['wire']}", "#q-chart-speakers svg .mark-rect.role-mark path")
    articles = browser.find_element(By.CSS_SELECTOR, ".q-articles").text
    assert "Port of Velmora to close north quay" in articles and "2026-03-02" in articles
    assert "Coastal Times" in browser.find_element(By.CSS_SELECTOR, ".q-pick-up").text

    visit("pick-up", "/-/pick-up", "#q-chart-pick-up svg .mark-rect.role-mark path")
    pairs = browser.find_elements(By.CSS_SELECTOR, "#q-chart-pick-up svg .mark-rect.role-mark path")
    assert len(pairs) == 5  # Harbour Wire -> Coastal Times, Valley Herald, Lessa Gazette;
    # Lessa Gazette -> Coastal Times; Coastal Times -> Velmora Evening Post


@pytest.fixture
def pieces_server(pieces_db):
    """The demo plus a statement in two pieces (see conftest), served by `quotes serve`."""
    yield from serving(pieces_db)


@pytest.mark.parametrize("device", WIDTHS)
def test_a_statement_in_pieces_reads_as_one_on_a_desktop_and_a_phone(pieces_server, pieces_db,
                                                                     browser, device):
    import sqlite3

    width = WIDTHS[device]
    with sqlite3.connect(pieces_db) as conn:
        first, second = [row[0] for row in conn.execute(
            "select quotes.id from quotes join articles on articles.id = article_id"
            " where source = 'quay-statement' order by start")]
    browser.set_window_size(width, 900)
    browser.get(f"{pieces_server}/pieces/quotes/{second}")
    wait_for(browser, ".q-passage mark.q-quote")
    if width < 600:
        fits(browser)
    shoot(browser, f"{device}-quote-in-pieces", width)
    marked = [m.text for m in browser.find_elements(By.CSS_SELECTOR, ".q-passage mark.q-quote")]
    assert marked == ["The north quay will stay shut until the survey is done",
                      "Nobody wants to hear it, but the wall is not safe."]
    note = browser.find_element(By.CSS_SELECTOR, ".q-statement-note")
    assert note.is_displayed() and "One statement in 2 pieces" in note.text
    note.find_element(By.LINK_TEXT, "piece 1").click()
    wait_for(browser, ".q-statement-note strong")
    assert browser.current_url.endswith(f"/quotes/{first}")
    browser.find_element(By.LINK_TEXT, "The quay stays shut").click()
    wait_for(browser, ".q-passage mark.q-statement")
    if width < 600:
        fits(browser)
    shoot(browser, f"{device}-article-with-pieces", width)
    pieces = browser.find_elements(By.CSS_SELECTOR, ".q-passage a mark.q-statement")
    assert [piece.text for piece in pieces] == marked  # marked as one statement, each a link


@pytest.fixture
def linked_db(tmp_path):
    """The demo with Yusuf Haddad linked to a Wikidata item by `quotes speakers link`."""
    db = tmp_path / "linked.db"
    assert CliRunner().invoke(cli, ["demo", "--db", str(db), "--no-serve"]).exit_code == 0
    links = tmp_path / "people.csv"
    links.write_text("name,aliases,qid,description\nYusuf Haddad,Youssef Haddad,Q4115189,"
                     "harbour master of the port of Velmora since 2019\n", encoding="utf-8")
    linked = CliRunner().invoke(cli, ["speakers", "link", str(links), "--db", str(db)])
    assert linked.exit_code == 0, linked.output
    return db


@pytest.mark.parametrize("device", WIDTHS)
def test_a_linked_speaker_shows_its_wikidata_item_on_a_desktop_and_a_phone(linked_db, browser,
                                                                          device):
    import sqlite3

    width = WIDTHS[device]
    with sqlite3.connect(linked_db) as conn:
        [(speaker,)] = conn.execute("select speaker_id from speaker_links").fetchall()
    for base in serving(linked_db):
        browser.set_window_size(width, 900)
        browser.get(f"{base}/linked/speakers/{speaker}")
        link = wait_for(browser, "a.q-wikidata")
        assert link.is_displayed() and link.text == "Q4115189"
        assert link.get_attribute("href") == "https://www.wikidata.org/wiki/Q4115189"
        facts = browser.find_element(By.CSS_SELECTOR, ".q-facts").text
        assert "harbour master of the port of Velmora since 2019" in facts
        assert link.rect["y"] < browser.execute_script("return window.innerHeight")  # first screen
        if width < 600:
            fits(browser)
        shoot(browser, f"{device}-speaker-linked", width)
