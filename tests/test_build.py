"""atlas build: all or nothing, nothing lost, nothing written outside --out."""

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from atlas.output import build as build_mod
from atlas.cli import main
from atlas.core import settings
from atlas.maps import catalog
from atlas.output.outdir import confined, write_marker


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory, shipped_html_cache):
    out = tmp_path_factory.mktemp("build") / "maps_out"
    with pytest.MonkeyPatch.context() as mp:  # the pages from the warm cache (conftest)
        mp.setenv("ATLAS_CACHE", str(shipped_html_cache))
        assert main(["build", "--out", str(out), "--html-only"]) == 0
    return out


def test_build_writes_the_pages_and_a_manifest(built):
    for name in ("index.html", "overview.html", "parks.html", "output.html", "corridors.html",
                 "report.html", "embed.html", "build.json"):
        assert (built / name).is_file(), name


def test_output_folder_is_readable_by_others(built):
    assert built.stat().st_mode & 0o005 == 0o005


def test_no_feature_is_lost(built, real_atlas):
    manifest = json.loads((built / "build.json").read_text(encoding="utf-8"))
    for name, frame in real_atlas.layers.items():
        entry = manifest["layers"][name]
        assert entry["in"] == len(frame), name
        assert entry["drawn"] == entry["in"], f"{name}: {entry}"


@pytest.mark.parametrize("exc", [RuntimeError("disk full"), KeyboardInterrupt()])
def test_failure_in_the_last_step_leaves_the_previous_output(tmp_path, monkeypatch, exc, capsys):
    out = tmp_path / "maps_out"
    out.mkdir()
    (out / "index.html").write_text("previous build")
    (out / "README.md").write_text("readme")
    write_marker(out, "0")  # an earlier build, so the atlas may replace it
    before = _snapshot(out)

    def boom(*args, **kwargs):
        raise exc

    monkeypatch.setattr(build_mod, "manifest_of", boom)
    code = main(["build", "--out", str(out), "--html-only"])
    assert code in (3, 130)
    assert _snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["maps_out"], "temporary folder left behind"
    assert "Traceback" not in capsys.readouterr().err


def test_a_successful_build_replaces_old_files_and_keeps_the_readme(tmp_path, warm_cache):
    out = tmp_path / "maps_out"
    out.mkdir()
    (out / "stale.html").write_text("from an older build")
    (out / "README.md").write_text("readme")
    write_marker(out, "0")
    assert main(["build", "--out", str(out), "--html-only"]) == 0
    assert not (out / "stale.html").exists()
    assert (out / "README.md").read_text() == "readme"


@pytest.mark.parametrize("name", ["../x.html", "../../etc/x", "/etc/passwd"])
def test_output_paths_are_confined(tmp_path, name):
    with pytest.raises(ValueError, match="outside"):
        confined(tmp_path, name)


@pytest.fixture(scope="module")
def full_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("full") / "maps_out"
    assert main(["build", "--out", str(out), "--figures", "all"]) == 0
    return out


@pytest.fixture(scope="module")
def default_english(tmp_path_factory):
    """An English default build (PNG and PDF) of a copy of the shipped data, drawn by two
    processes into a cache of its own: (out, data, cache). The default-build tests read it;
    the rebuild test starts from it."""
    base = tmp_path_factory.mktemp("default")
    data, cache, out = base / "geodata", base / "cache", base / "maps_out"
    shutil.copytree(settings.default_data_dir, data)
    cache.mkdir()
    fonts = Path(os.environ["ATLAS_CACHE"]) / "fonts"  # the session's PDF font, made once
    if fonts.is_dir():
        (cache / "fonts").symlink_to(fonts)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ATLAS_CACHE", str(cache))
        assert main(["build", "--data", str(data), "--out", str(out), "--lang", "en",
                     "--jobs", "2"]) == 0
    return out, data, cache


@pytest.fixture(scope="module")
def default_build(default_english):
    return default_english[0]


def test_default_build_writes_png_and_pdf_in_its_language_and_links_only_those(default_build):
    figures = sorted(p.name for p in (default_build / "figures").iterdir())
    assert figures == sorted(f"{m}.en.{fmt}" for m in catalog.NAMES
                             for fmt in ("png", "pdf"))
    index = (default_build / "index.html").read_text(encoding="utf-8")
    report = (default_build / "report.html").read_text(encoding="utf-8")
    for name in figures:
        assert f'href="figures/{name}"' in index and f'href="figures/{name}"' in report, name
    for html in (index, report):
        assert ".zh." not in html and ".svg" not in html
    embed = (default_build / "embed.html").read_text(encoding="utf-8")
    for src in re.findall(r"figures/[\w.]+\.png", embed):
        assert (default_build / src).is_file(), src


@pytest.mark.parametrize("which", ["full_build", "default_build"])
def test_every_link_of_each_build_resolves(request, which):
    out = request.getfixturevalue(which)
    for page in out.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        for href in re.findall(r'(?:href|src)="([^"#:]+\.(?:html|png|svg|pdf|css|js))"', html):
            assert (out / href).is_file(), f"{page.name} links missing {href}"


def test_figures_none_and_html_only_write_no_figures(tmp_path, warm_cache):
    assert main(["build", "--out", str(tmp_path / "a"), "--figures", "none"]) == 0
    assert not (tmp_path / "a" / "figures").exists()
    assert main(["build", "--out", str(tmp_path / "b"), "--html-only"]) == 0
    assert _snapshot(tmp_path / "a") == _snapshot(tmp_path / "b")


@pytest.mark.parametrize("argv,message", [
    (["--html-only", "--figures", "all"], "contradict"),
    (["--jobs", "0"], "number of processes"),
    (["--jobs", "x"], "number of processes"),
    (["--figures", "some"], "invalid choice"),
])
def test_bad_build_options_are_usage_errors(tmp_path, capsys, argv, message):
    assert main(["build", "--out", str(tmp_path / "o"), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_full_build_writes_every_figure_and_links_it(full_build):
    figures = sorted(p.name for p in (full_build / "figures").iterdir())
    expected = sorted(f"{m}.{lang}.{fmt}" for m in catalog.NAMES
                      for lang in ("zh", "en") for fmt in ("png", "svg", "pdf"))
    assert figures == expected
    index = (full_build / "index.html").read_text(encoding="utf-8")
    for name in figures + ["report.html", "embed.html"]:
        assert f'href="{name}"' in index or f'href="figures/{name}"' in index, name


def test_built_files_are_readable_by_others(full_build):
    for path in [full_build / "index.html", *sorted((full_build / "figures").iterdir())]:
        assert path.stat().st_mode & 0o044 == 0o044, path.name


def test_a_failed_swap_puts_the_previous_output_back(tmp_path, monkeypatch):
    import os

    from atlas.output import outdir

    target = tmp_path / "maps_out"
    target.mkdir()
    (target / "index.html").write_text("previous build")
    real_replace = os.replace

    def flaky(src, dst):
        if ".tmp-" in str(src):
            raise OSError("device busy")
        return real_replace(src, dst)

    monkeypatch.setattr(outdir.os, "replace", flaky)
    with pytest.raises(OSError):
        with outdir.staged_dir(target, replace=True) as stage:
            (stage / "index.html").write_text("new build")
    assert (target / "index.html").read_text() == "previous build"
    assert [p.name for p in tmp_path.iterdir()] == ["maps_out"]


def test_rebuilds_reuse_the_cache_and_match_clean_serial_builds(default_english, tmp_path,
                                                                monkeypatch):
    """The one end-to-end rebuild (the keys themselves: test_cache_keys.py). From the default
    build drawn by two processes: an unchanged rebuild draws nothing and gives its bytes; an
    edited platform redraws only the figures of the maps that draw platforms (overview and
    corridors), the parks and output figures come from the cache unchanged, and the cached
    build equals a clean serial one byte for byte."""
    from atlas.data.load import load
    from atlas.output.buildcache import figure_tables
    from atlas.render.print import figure
    from tests.edit import set_cell

    first_out, data, cache = default_english
    first = _snapshot(first_out)
    data_copy = tmp_path / "geodata"  # the fixture's data stays as built
    shutil.copytree(data, data_copy)
    fresh = os.environ["ATLAS_CACHE"]  # this test's own empty cache (conftest)

    def build(out, *extra):
        argv = ["build", "--data", str(data_copy), "--out", str(tmp_path / out), "--lang", "en",
                "--jobs", "1"]
        assert main(argv + list(extra)) == 0
        return _snapshot(tmp_path / out)

    drawing = sorted(s.name for s in catalog.MAPS if "platforms" in {l.data for l in s.layers})
    assert drawing and set(drawing) != set(catalog.NAMES)  # the edit must split the maps
    monkeypatch.setenv("ATLAS_CACHE", str(cache))
    drawn = []
    real = figure.build
    monkeypatch.setattr(figure, "build", lambda *a, **k: drawn.append(a[1]) or real(*a, **k))
    assert build("again") == first  # unchanged, serial: all from the parallel build's cache
    assert drawn == []
    set_cell(data_copy / "platforms.csv", "aoxiang_town", "kind", "pilot_platform")
    edited = build("edited")
    assert sorted(drawn) == drawing
    monkeypatch.setenv("ATLAS_CACHE", fresh)
    clean = build("clean", "--no-cache")
    assert edited == clean  # cached == clean and serial
    changed = {name for name in first if first[name] != clean[name]}
    assert "build.json" not in changed  # feature counts did not change
    assert not any(name.endswith(".zh.png") for name in clean)
    for name in catalog.NAMES:
        figures = {f"figures/{name}.en.png", f"figures/{name}.en.pdf"}
        assert figures <= set(clean)
        if name == "overview":  # it shows every platform: the marker's colour changed
            assert figures <= changed, name
        elif name not in drawing:  # drawn by two processes, then by one: the same bytes
            assert not figures & changed, name
            assert "platforms" not in figure_tables(load(data_copy), catalog.get(name))


def test_figure_table_digests_do_not_depend_on_the_hash_seed():
    """Sets (the taxonomy's name index) are hashed in sorted order, so every process, whatever
    its PYTHONHASHSEED, names the same cache entry; and a changed cell changes the digest."""
    from tests.procs import python_outputs

    code = ("import pandas as pd, shapely\n"
            "from atlas.output.buildcache import _table_digest\n"
            "class T:\n"
            "    def __init__(self, v): self.names = {'a': {'x', 'y', 'z', 'w', v}}\n"
            "f = pd.DataFrame({'id': ['b', 'a'], 'g': [shapely.Point(1, 2), None]})\n"
            "print(_table_digest(T('v')), _table_digest(T('u')), _table_digest(f))\n")
    root = str(Path(__file__).resolve().parents[1])
    outs = [out.split() for out in python_outputs(code, [
        {"env": dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=root)} for seed in ("1", "2")])]
    assert outs[0] == outs[1]
    assert outs[0][0] != outs[0][1] and len(set(outs[0])) == 3


def test_pages_are_made_while_the_workers_make_the_font_and_draw(tmp_path, real_atlas,
                                                                 monkeypatch):
    from atlas.render import fonts

    monkeypatch.setenv("ATLAS_CACHE", str(tmp_path / "cache"))  # no PDF font yet
    log = tmp_path / "converted.log"
    real = fonts._convert

    def convert(source, chars, dest):  # in the workers (forked with this patch)
        with log.open("a") as f:
            f.write(f"{source[0]}\n")
        return real(source, chars, dest)

    monkeypatch.setattr(fonts, "_convert", convert)
    out = tmp_path / "figures"
    out.mkdir()
    seen = []

    def pages():  # what the build does while the workers work
        seen.extend(sorted(p.name for p in out.iterdir()))
        return "pages"

    todo = [("shanghai", "zh", ("png", "pdf")), ("national", "zh", ("png",))]
    assert build_mod._figures(real_atlas, out, todo, 2, None, meanwhile=pages) == "pages"
    assert sorted(p.name for p in out.iterdir()) == [
        "national.zh.png", "shanghai.zh.pdf", "shanghai.zh.png"]
    assert "shanghai.zh.pdf" not in seen
    # the workers made each font subset once, and the PDF was written after them, with them
    made = sorted((tmp_path / "cache" / "fonts").glob("*.ttf"))
    sources = [source[0] for source, _ in fonts.pdf_font_jobs("")]
    assert len(made) == len(sources) >= 1
    assert sorted(log.read_text().splitlines()) == sorted(sources)
    pdf = out / "shanghai.zh.pdf"
    assert all(pdf.stat().st_mtime_ns >= font.stat().st_mtime_ns for font in made)
    assert b"XixianAtlasCJK-" in pdf.read_bytes()


def test_a_failure_while_the_workers_draw_stops_them_before_it_is_raised(tmp_path, real_atlas):
    import multiprocessing

    def pages():
        raise RuntimeError("the pages failed")

    # two workers take two jobs and the pool queues one more; the rest are cancelled
    todo = [(name, "zh", ("png",)) for name in ("shanghai", "national", "corridors",
                                                 "overview", "parks")]
    with pytest.raises(RuntimeError, match="the pages failed"):
        build_mod._figures(real_atlas, tmp_path, todo, 2, None, meanwhile=pages)
    assert multiprocessing.active_children() == []  # nothing writes into the folder later
    drawn = [p.name for p in tmp_path.iterdir()]
    assert "parks.zh.png" not in drawn and len(drawn) <= 3
