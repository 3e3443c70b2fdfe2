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
