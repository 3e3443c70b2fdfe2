"""The Python API a planner uses in a notebook."""

import atlas
from atlas.core import schema


def test_layers_are_discoverable_attributes(real_atlas):
    names = dir(real_atlas)
    for layer in schema.LAYERS:
        assert layer.name in names
        assert getattr(real_atlas, layer.name) is real_atlas.layers[layer.name]
    assert "10" in repr(real_atlas) and "parks" in repr(real_atlas)


def test_layer_attributes_follow_the_layers(real_atlas):
    import dataclasses

    fewer = dataclasses.replace(real_atlas, layers={**real_atlas.layers,
                                                    "parks": real_atlas.parks.head(2)})
    assert len(fewer.parks) == 2 and len(real_atlas.parks) == 10


def test_public_names():
    for name in ("load", "Atlas", "ValidationError", "QueryError"):
        assert name in atlas.__all__ and hasattr(atlas, name)


def test_build_does_its_work_when_called(tmp_path, real_atlas):
    out = tmp_path / "maps"
    built = atlas.build(out, atlas=real_atlas, figures=False)
    assert (out / "parks.html").is_file() and (out / "index.html").is_file()
    assert set(built.paths) >= {out / "parks.html", out / "report.html", out / "build.json"}
    assert all(p.is_file() for p in built.paths)
    assert built.not_drawn == [] and built.summary.startswith(f"built {len(built.files)} files")


def test_importing_atlas_loads_no_heavy_library():
    import subprocess
    import sys

    code = ("import sys, atlas; heavy = [m for m in ('geopandas', 'pandas', 'matplotlib', "
            "'folium', 'pyproj') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert "Atlas" in dir(atlas) and atlas.Atlas.__name__ == "Atlas"


def test_web_map_is_a_folium_map_that_works_offline(real_atlas):
    import folium

    from atlas.render.web import assets

    m = atlas.web_map("parks", atlas=real_atlas, sector="光伏", map_kwds={"height": "480px"})
    assert isinstance(m, folium.Map)
    page = m.get_root().render()
    assert assets.remote_urls(page) == []
    assert "L.map(" in page and '"id":"jinghe_pv"' in page and '"id":"fengxi_ai"' not in page
    assert "480.0px" in page or "480px" in page
    assert "<iframe" in m._repr_html_()  # what Jupyter shows


def test_web_map_adds_to_a_map_of_the_callers(real_atlas):
    import folium

    mine = folium.Map(location=[34.35, 108.8], zoom_start=9, tiles=None)
    back = atlas.web_map("overview", atlas=real_atlas, m=mine)
    assert back is mine
    page = mine.get_root().render()
    assert page.count("leaflet.js") == 1  # the caller's Leaflet, not a second copy
    assert "AtlasMap.boot" in page and "atlas-data" in page


def test_web_map_names_an_empty_filter(real_atlas):
    import pytest

    with pytest.raises(atlas.QueryError, match="no park matches"):
        atlas.web_map("parks", atlas=real_atlas, sector="光伏", new_city="沣东新城")
    with pytest.raises(ValueError, match="unknown map"):
        atlas.web_map("nowhere", atlas=real_atlas)


def test_figure_returns_a_matplotlib_figure_and_keeps_the_backend(real_atlas):
    import subprocess
    import sys

    from matplotlib.figure import Figure

    fig = atlas.figure("output", atlas=real_atlas, lang="en")
    assert isinstance(fig, Figure)
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    assert any("2025" in t for t in texts)
    code = ("import matplotlib; matplotlib.use('pdf'); import atlas; "
            "atlas.figure('parks', lang='en'); print(matplotlib.get_backend())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "pdf", out.stderr


def test_the_readme_example_runs(tmp_path, monkeypatch):
    """The README's Python section, executed as a planner would paste it."""
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Use it from Python (Jupyter)", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert blocks, "the README has no Python example"
    monkeypatch.chdir(tmp_path)
    for code in blocks:
        exec(compile(code, "README.md", "exec"), {})
    assert (tmp_path / "parks-pv.html").is_file() and (tmp_path / "output.png").is_file()
    assert (tmp_path / "my-maps" / "index.html").is_file()
