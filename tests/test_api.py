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
