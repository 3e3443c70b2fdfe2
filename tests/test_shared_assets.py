"""atlas build --shared-assets: Leaflet and the atlas's CSS and JS written once, linked."""

import json
import re

import pytest

from atlas.cli import main
from atlas.render.web import assets
from tests.browser import block_network


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    root = tmp_path_factory.mktemp("shared")
    assert main(["build", "--out", str(root / "single"), "--html-only"]) == 0
    assert main(["build", "--out", str(root / "shared"), "--html-only", "--shared-assets"]) == 0
    return root / "single", root / "shared"


MAPS = ("overview.html", "parks.html", "output.html", "corridors.html")


def test_each_shared_asset_is_written_once_and_linked_relatively(builds):
    single, shared = builds
    written = sorted(p.name for p in (shared / "assets").iterdir())
    assert written == ["atlas.css", "atlas.js", "leaflet.css", "leaflet.js"]
    for name in MAPS:
        page = (shared / name).read_text("utf-8")
        loaded = assets.loaded_urls(page)
        assert sorted(u for u in loaded if u.startswith("assets/")) == [
            f"assets/{n}" for n in written]
        assert all(u.startswith(("assets/", "data:", "#")) for u in loaded), loaded
        for url in loaded:
            if url.startswith("assets/"):
                assert (shared / url).is_file()
    # the shared files hold exactly what the single-file pages inline
    single_page = (single / "overview.html").read_text("utf-8")
    for name, content, inlined, _ in assets.shared_assets():
        assert (shared / "assets" / name).read_text("utf-8") == content
        assert inlined in single_page


def test_pages_are_otherwise_unchanged_and_smaller(builds):
    single, shared = builds
    before = sum((single / n).stat().st_size for n in MAPS)
    after = sum((shared / n).stat().st_size for n in MAPS)
    after += sum(p.stat().st_size for p in (shared / "assets").iterdir())
    assert after < before * 0.7
    for name in MAPS:
        relinked, used = assets.link_shared((single / name).read_text("utf-8"))
        assert relinked == (shared / name).read_text("utf-8") and len(used) == 4
    for name in ("index.html", "report.html", "embed.html"):
        assert (single / name).read_bytes() == (shared / name).read_bytes()
    marker = json.loads((shared / ".atlas-build.json").read_text("utf-8"))
    assert "assets/leaflet.js" in json.dumps(marker)


@pytest.mark.browser
def test_a_shared_asset_page_draws_offline(builds, chromium):
    _, shared = builds
    context = chromium.new_context(viewport={"width": 1200, "height": 800})
    blocked, errors = [], []
    block_network(context, blocked)
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((shared / "overview.html").as_uri())
    page.wait_for_selector("html[data-atlas-ready='1']", state="attached", timeout=5000)
    drawn = page.evaluate("() => document.querySelectorAll('.leaflet-overlay-pane path').length")
    version = page.evaluate("() => window.L && L.version")
    context.close()
    assert errors == [] and blocked == []
    assert version == "1.9.3" and drawn > 20
    assert re.search(r"\d", str(drawn))
