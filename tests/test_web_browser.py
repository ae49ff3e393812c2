"""The page in a real browser: headless Chromium (Debian's chromium and
chromium-driver, which .ci/run installs) driven by Selenium.  Skipped when
either is missing; never downloads a browser."""

from __future__ import annotations

import base64
import os
import shutil
import time
from pathlib import Path

import pytest

pytest.importorskip("flask")
webdriver = pytest.importorskip("selenium.webdriver")

from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402
from web_support import COP14_DRAFT, REV_COP13, REV_COP14, cli, running_server  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1366,900")
WAIT = 60  # seconds, at most, for anything on the page

pytestmark = [
    pytest.mark.consumer,
    pytest.mark.skipif(not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)),
                       reason="needs Debian's chromium and chromium-driver"),
]


@pytest.fixture(scope="module")
def server():
    with running_server() as running:
        yield running


@pytest.fixture()
def browser(tmp_path):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'profile'}")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


def wait(driver, condition, what: str):
    return WebDriverWait(driver, WAIT).until(condition, message=f"waited {WAIT} s for {what}")


def drop(driver, zone_selector: str, path: Path) -> None:
    """Drop a file on a drop zone as a drag from the file manager does
    (a `drop` event carrying the file)."""
    script = """
        const [selector, name, encoded, done] = arguments;
        const bytes = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], name));
        const zone = document.querySelector(selector);
        zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: transfer, bubbles: true, cancelable: true}));
        zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
        done();
    """
    driver.execute_async_script(script, zone_selector, path.name, base64.b64encode(path.read_bytes()).decode())


def frame_text(driver, frame) -> str:
    driver.switch_to.frame(frame)
    try:
        return driver.find_element(By.TAG_NAME, "body").text
    finally:
        driver.switch_to.default_content()


def downloaded(driver, suffix: str) -> Path:
    """The finished download ending in ``suffix`` (Chromium writes
    .crdownload files until a download is complete)."""
    def finished(_):
        done = [p for p in driver.downloads.iterdir() if p.name.endswith(suffix)]
        return done[0] if done and not any(p.suffix == ".crdownload" for p in driver.downloads.iterdir()) else False

    return wait(driver, finished, f"a downloaded {suffix} file")


def test_dropping_the_cop14_draft_shows_resolution_11_10_rev_cop14_and_its_docx_reads_back(server, browser):
    from resamend import accept, read, write

    browser.get(server.url)
    drop(browser, "#consolidate .drop", COP14_DRAFT)
    result = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#consolidate .result"), "the result")
    wait(browser, lambda d: result.is_displayed(), "the result to show")
    assert "Resolution 11.10 Rev.COP13 → Rev.COP14" in browser.find_element(By.CSS_SELECTOR, "#consolidate .summary").text
    assert "8bis. → 9." in browser.find_element(By.CSS_SELECTOR, "#consolidate .summary").text
    consolidated = frame_text(browser, browser.find_element(By.CSS_SELECTOR, "#consolidate iframe.consolidated"))
    assert consolidated.splitlines()[0] == "Resolution 11.10 (Rev.COP14)"
    assert "Gglobal" not in consolidated
    redline = frame_text(browser, browser.find_element(By.CSS_SELECTOR, "#consolidate iframe.redline"))
    assert "2015-2023" in redline and "2024-2032" in redline  # the struck and the underlined dates, both shown
    assert "split-word" in browser.find_element(By.CSS_SELECTOR, "#consolidate .warnings").text
    browser.switch_to.frame(browser.find_element(By.CSS_SELECTOR, "#consolidate iframe.redline"))
    try:  # the redline's summary links move within it
        browser.find_element(By.LINK_TEXT, "paragraph 6").click()
        wait(browser, lambda d: d.execute_script("return location.hash") == "#p6", "the frame to move to paragraph 6")
    finally:
        browser.switch_to.default_content()
    assert browser.current_url == server.url

    browser.find_element(By.CSS_SELECTOR, '#consolidate [data-download="docx"]').click()
    docx = downloaded(browser, ".docx")
    assert docx.name == "cms-cop14-doc18.1-synergies-consolidated.docx"
    document = read(docx.read_bytes()).value
    assert not document.is_marked
    assert write(accept(document), "text") == REV_COP14.read_bytes()  # the text the secretariat published


def test_comparing_the_two_rev_texts_shows_the_redline(server, browser):
    browser.get(server.url)
    tab = browser.find_element(By.ID, "tab-consolidate")
    tab.send_keys(Keys.ARROW_RIGHT)  # the tabs answer the keyboard
    assert browser.switch_to.active_element.get_attribute("id") == "tab-compare"
    assert browser.find_element(By.ID, "compare").is_displayed()
    assert not browser.find_element(By.ID, "consolidate").is_displayed()
    browser.find_element(By.ID, "old").send_keys(str(REV_COP13))
    browser.find_element(By.ID, "new").send_keys(str(REV_COP14))
    browser.find_element(By.CSS_SELECTOR, '#compare button[type="submit"]').click()
    summary = browser.find_element(By.CSS_SELECTOR, "#compare .summary")
    wait(browser, lambda d: summary.is_displayed() and summary.text, "the comparison")
    assert summary.text.startswith("The two versions differ")
    frame = browser.find_element(By.CSS_SELECTOR, "#compare iframe.redline")
    browser.switch_to.frame(frame)
    try:
        deleted = [e.text for e in browser.find_elements(By.TAG_NAME, "del")]
        inserted = [e.text for e in browser.find_elements(By.TAG_NAME, "ins")]
    finally:
        browser.switch_to.default_content()
    assert "plan" in deleted and "programme" in inserted  # joint work plan → programme
    assert "2015-2023" in deleted and "2024-2032" in inserted

    browser.find_element(By.CSS_SELECTOR, "#compare details summary").click()  # the options
    browser.find_element(By.CSS_SELECTOR, '#compare input[name="author"]').send_keys("CMS Secretariat")
    browser.find_element(By.CSS_SELECTOR, '#compare input[name="date"]').send_keys("2024-02-12")
    browser.find_element(By.CSS_SELECTOR, '#compare [data-track-changes="1"]').click()
    import zipfile

    tracked = downloaded(browser, ".docx")
    assert tracked.name == "cms-res-11.10-rev-cop14-tracked.docx"
    document = zipfile.ZipFile(tracked).read("word/document.xml").decode()
    assert 'w:author="CMS Secretariat"' in document and 'w:date="2024-02-12T00:00:00Z"' in document
    assert "<w:ins " in document and "<w:del " in document


def test_a_broken_file_shows_the_clis_one_line_error(server, browser, tmp_path, monkeypatch, capsys):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    status, err = cli(monkeypatch, capsys, tmp_path, "apply", "broken.docx")
    assert status == 2
    browser.get(server.url)
    browser.find_element(By.ID, "draft").send_keys(str(broken))
    alert = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, '#consolidate [role="alert"]'), "the error")
    assert alert.text == err.strip()
    assert alert.text.startswith("resamend: error: broken.docx: not a readable DOCX/ZIP package")
    assert not browser.find_element(By.CSS_SELECTOR, "#consolidate .result").is_displayed()


def test_checking_a_draft_against_an_edited_base_shows_the_unmarked_edit(server, browser, tmp_path):
    published = tmp_path / "published.txt"
    published.write_text(REV_COP13.read_text(encoding="utf-8").replace("coherent national-level", "consistent national-level"),
                         encoding="utf-8")
    draft = tmp_path / COP14_DRAFT.name
    shutil.copy(COP14_DRAFT, draft)
    browser.get(server.url)
    browser.find_element(By.ID, "tab-check").click()
    browser.find_element(By.ID, "check-draft").send_keys(str(draft))
    browser.find_element(By.ID, "check-base").send_keys(str(published))
    browser.find_element(By.CSS_SELECTOR, '#check button[type="submit"]').click()
    table = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#check .findings table"), "the findings")
    first = table.find_element(By.CSS_SELECTOR, "tbody tr")
    assert "unmarked-edit" in first.text
    assert first.find_elements(By.TAG_NAME, "td")[1].text == "block 69, p69"  # as `resamend check` says where
    assert first.find_element(By.CSS_SELECTOR, ".critic del").text == "consistent"
    assert first.find_element(By.CSS_SELECTOR, ".critic ins").text == "coherent"
    assert browser.find_element(By.CSS_SELECTOR, "#check .summary").text.startswith("1 finding")


def test_progress_shows_while_the_server_works_and_goes_when_it_answers(server, browser, monkeypatch):
    import threading

    from resamend.web import operations

    release = threading.Event()
    original = operations.apply

    def held(*args, **kwargs):
        release.wait(timeout=WAIT)  # the server "works" until the test has seen the progress
        return original(*args, **kwargs)

    monkeypatch.setattr(operations, "apply", held)
    browser.get(server.url)
    try:
        browser.find_element(By.ID, "draft").send_keys(str(REV_COP14))
        progress = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#consolidate .status progress"), "the progress bar")
        assert "Working" in browser.find_element(By.CSS_SELECTOR, "#consolidate .status").text
        assert browser.find_element(By.ID, "consolidate").get_attribute("aria-busy") == "true"
        assert not browser.find_element(By.CSS_SELECTOR, '#consolidate button[type="submit"]').is_enabled()
        assert progress.is_displayed()
    finally:
        release.set()
    wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#consolidate .result").is_displayed(), "the result")
    assert not browser.find_elements(By.CSS_SELECTOR, "#consolidate .status progress")
    assert browser.find_element(By.CSS_SELECTOR, '#consolidate button[type="submit"]').is_enabled()
