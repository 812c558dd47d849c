"""The workbench end to end in headless Chromium: `communique serve` in a subprocess, Debian's
chromium driven by Playwright (never a browser a tool downloads), kept off the network. Screenshots
are saved under artifacts/browser/ (git-ignored) for a person to look at.

Skipped, with a message, when /usr/bin/chromium or Playwright is absent (.ci/run installs chromium).
The fast tests serve the hand-made corpus with every record kind; the slow one serves the real demo
database built from examples/.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from .conftest import ROOT
from .workbench_data import EVIL, HOSTILE_MARK, NORWAY_GOV, build_workbench_db

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("COMMUNIQUE_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "artifacts" / "browser"
#: Headless, sandbox-free (containers), and off the network: no background requests, and every
#: request that is not to this machine goes to a dead proxy, so nothing can load from elsewhere.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
    "--disable-sync", "--no-first-run", "--no-pings", "--disable-domain-reliability", "--disable-breakpad",
    "--disable-client-side-phishing-detection", "--metrics-recording-only", "--disable-features=Translate,MediaRouter,OptimizationHints",
    "--proxy-server=127.0.0.1:9", "--dns-prefetch-disable",
]  # fmt: skip
KIND_COLOURS = {"mention": "rgb(0, 114, 178)", "quote": "rgb(0, 158, 115)", "event": "rgb(230, 159, 0)",
                "demand": "rgb(204, 121, 167)", "stance": "rgb(123, 50, 148)", "technique": "rgb(213, 94, 0)",
                "role": "rgb(140, 109, 49)"}  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served(db: Path) -> Iterator[str]:
    """`communique serve DB` on a free loopback port, as a user starts it; the base URL."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "communique", "serve", str(db), "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/-/communique", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise AssertionError(f"communique serve did not start: {proc.stderr.read().decode()}") from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Debian chromium not found at {CHROMIUM}: `apt-get install -y chromium` (.ci/run does it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (make install)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Watch:
    """What a page did that it should not: page errors, CSP violations, dialogs, requests elsewhere."""

    def __init__(self, page, base: str) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: None if r.url.startswith((base, "data:", "about:")) else self.outside.append(r.url))

    def assert_clean(self) -> None:
        assert not self.dialogs, f"a dialog opened: {self.dialogs}"
        assert not self.outside, f"requests left the machine: {self.outside}"
        assert not self.errors, f"errors in the page: {self.errors}"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    db = build_workbench_db(tmp_path_factory.mktemp("browser") / "workbench.db")
    with served(db) as base:
        yield base


@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    pg = context.new_page()
    pg.watch = Watch(pg, site)
    yield pg
    context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_document_highlights_and_record_popup(page, site):
    page.goto(f"{site}/-/communique/document?id=joint-2024")
    page.wait_for_selector("body[data-cq-ready=document]")
    for kind, colour in KIND_COLOURS.items():
        band = page.locator(f"#cq-text .band.b-{kind}").first
        assert band.evaluate("e => getComputedStyle(e).borderBottomColor") == colour, kind
    assert page.locator("#cq-text .seg .d3").count() > 0  # four kinds overlap: four bands stacked
    # the text is shown exactly, highlights and all
    assert page.locator("#cq-text").inner_text().startswith("Joint statement on the detained journalists")
    # hover: what it is
    page.locator("#cq-text .seg", has_text="Jane Roe").first.hover()
    tip = page.locator("#cq-tip")
    assert tip.is_visible() and "actor mention: Jane Roe" in tip.inner_text()
    # click: the records there, with links to their rows
    page.locator("#cq-text .seg", has_text="We will not stay silent").first.click()
    pop = page.locator("#cq-pop")
    assert pop.is_visible()
    assert pop.locator(".cq-rec.k-quote").count() == 1 and pop.locator(".cq-rec.k-technique").count() == 1
    assert "Jane Roe" in pop.locator(".cq-rec.k-quote").inner_text()
    assert page.locator("#cq-text .seg.sel").count() >= 1
    shot(page, "document-popup")
    row_link = pop.locator(".cq-rec.k-quote a", has_text="open its row")
    assert re.fullmatch(r"/workbench/quotes/\d+", row_link.get_attribute("href"))
    page.keyboard.press("Escape")
    assert not pop.is_visible()
    # the legend hides a kind
    page.locator("#cq-legend input[value=mention]").uncheck()
    band = page.locator("#cq-text .band.b-mention").first
    assert band.evaluate("e => getComputedStyle(e).borderBottomColor") == "rgba(0, 0, 0, 0)"
    # a link to a record opens it in place
    page.goto(f"{site}/-/communique/document?id=joint-2024#event-2")
    page.wait_for_selector("body[data-cq-ready=document]")
    assert pop.is_visible() and "REJECT" in pop.inner_text()
    page.locator("#cq-pop .cq-rec.k-event a", has_text="open its row").click()
    page.wait_for_load_state()
    assert "/workbench/events/" in page.url and "rejected" in page.content()
    page.watch.assert_clean()


def test_actor_page_and_networks(page, site):
    page.goto(f"{site}/-/communique/document?id=joint-2024")
    page.locator(".cq-roles a", has_text="Oxfam").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Oxfam"
    for section in ("#statements", "#stances", "#quotes", "#events", "#demands", "#documents"):
        assert page.locator(section).is_visible(), section
    assert page.locator("#stances .bar-favor").count() == 1 and page.locator("#stances .bar-against").count() >= 2
    shot(page, "actor")

    page.goto(f"{site}/-/communique/network")
    page.wait_for_selector("body[data-cq-ready=network]")
    counts = page.evaluate("() => [communiqueNetwork.nodes().length, communiqueNetwork.edges().length]")
    assert counts == [5, 7]
    colours = page.evaluate("() => communiqueNetwork.edges().map(e => e.data('polarity') + ':' + e.style('line-color'))")
    assert {"favor:rgb(26,152,80)", "against:rgb(215,48,39)"} == set(colours)
    page.evaluate(f"() => {{ communiqueNetwork.getElementById({NORWAY_GOV!r}).emit('tap'); }}")
    info = page.locator("#cq-network-info")
    assert "Government of Norway" in info.inner_text() and "receives" in info.inner_text()
    assert info.locator("a").get_attribute("href").startswith("/-/communique/actor?id=")
    shot(page, "network-signed")
    page.goto(f"{site}/-/communique/network?from=2024-04-01&to=2024-04-30")
    page.wait_for_selector("body[data-cq-ready=network]")
    assert page.evaluate("() => communiqueNetwork.edges().length") == 2

    page.goto(f"{site}/-/communique/network?kind=cosign")
    page.wait_for_selector("body[data-cq-ready=network]")
    assert page.evaluate("() => communiqueNetwork.edges().length") == 3
    page.evaluate("() => { communiqueNetwork.edges().filter(e => e.data('weight') === 2).emit('tap'); }")
    assert "Signed 2 documents together" in info.inner_text() and info.locator("a").count() == 2
    shot(page, "network-cosign")
    page.watch.assert_clean()


def test_timeline_and_map(page, site):
    page.goto(f"{site}/-/communique/timeline")
    page.wait_for_selector("body[data-cq-ready=timeline]")
    assert page.locator(".vis-item.vis-point, .vis-item.vis-range").count() == 6
    page.locator(".vis-item", has_text="CONSULT").click()
    assert "met" in page.locator("#cq-event-info").inner_text()
    shot(page, "timeline")
    page.goto(f"{site}/-/communique/map")
    page.wait_for_selector("body[data-cq-ready=map]")
    assert page.locator("path.leaflet-interactive").count() > 150  # country outlines and event dots, all local
    assert page.locator("path.cq-dot").count() == 5  # Geneva, Oslo, Bergen, Gaza, the hostile one; Norway is shaded
    page.evaluate("() => { communiqueMap.setView([60.39, 5.32], 9); }")  # Bergen in the middle
    box = page.locator("#cq-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert "Bergen" in page.locator("#cq-event-info").inner_text() and "CONSULT" in page.locator("#cq-event-info").inner_text()
    shot(page, "map")
    page.watch.assert_clean()


def test_hostile_document_renders_inert(page, site):
    page.goto(f"{site}/-/communique/document?id=hostile")
    page.wait_for_selector("body[data-cq-ready=document]")
    text = page.locator("#cq-text")
    assert text.locator("script, img, a, svg, iframe, b, i").count() == 0
    assert "<script>window.__pwned = 1; alert('script')</script>" in text.inner_text()
    assert page.locator("h1").inner_text().startswith("<script>window.__pwned=1</script>")
    text.locator(".seg").first.click()  # the quote and the event over the script tag
    pop = page.locator("#cq-pop")
    assert "<script>" in pop.inner_text() and pop.locator("script, img, b").count() == 0
    page.keyboard.press("Escape")
    page.locator("#cq-text .seg", has_text="click me").first.hover()
    assert "technique: Doubt" in page.locator("#cq-tip").inner_text()
    shot(page, "hostile-document")
    page.goto(f"{site}/-/communique/actor?id={quote(EVIL, safe='')}")
    assert HOSTILE_MARK in page.locator("h1").inner_text()
    page.goto(f"{site}/-/communique/network")
    page.wait_for_selector("body[data-cq-ready=network]")
    page.evaluate(f"() => {{ communiqueNetwork.getElementById({EVIL!r}).emit('tap'); }}")
    assert "<img" in page.locator("#cq-network-info h3").inner_text()
    page.goto(f"{site}/-/communique/timeline")
    page.wait_for_selector("body[data-cq-ready=timeline]")
    page.goto(f"{site}/workbench/documents?_search=pwned")  # Datasette's own table and row views
    page.goto(f"{site}/workbench/documents/4")
    assert page.locator("img[src=x], a[href^=javascript]").count() == 0
    assert page.evaluate(f"() => typeof {HOSTILE_MARK}") == "undefined"
    page.watch.assert_clean()


@pytest.mark.slow
def test_demo_database_end_to_end(browser, demo_db):
    """The demo database as `make demo` builds it, served and used as a person would."""
    with served(demo_db) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        watch = Watch(page, base)
        page.goto(f"{base}/-/communique")
        shot(page, "demo-overview")
        page.locator(".cq-table a[href*='document?id=']").first.click()
        page.wait_for_selector("body[data-cq-ready=document]")
        segments = page.locator("#cq-text .seg")
        assert segments.count() > 0, "the demo's first document has no highlighted record"
        segments.first.click()
        assert page.locator("#cq-pop .cq-rec").count() >= 1
        shot(page, "demo-document")
        page.goto(f"{base}/-/communique")
        page.locator(".cq-table a[href*='actor?id=']").first.click()
        page.wait_for_load_state()
        assert page.locator("#documents li").count() >= 1
        extracted = page.evaluate("() => !document.getElementById('cq-not-extracted')")
        assert extracted or "extractor not run" in page.locator("#cq-not-extracted").inner_text()
        shot(page, "demo-actor")
        page.goto(f"{base}/-/communique/network")
        page.wait_for_selector("#cq-network-summary")
        if page.evaluate("() => JSON.parse(document.getElementById('cq-network-data').textContent).edges") > 0:
            page.wait_for_selector("body[data-cq-ready=network]")
        shot(page, "demo-network")
        for name in ("timeline", "map"):
            page.goto(f"{base}/-/communique/{name}")
            page.wait_for_selector(f"body[data-cq-ready={name}]")
            shot(page, f"demo-{name}")
        watch.assert_clean()
        context.close()

