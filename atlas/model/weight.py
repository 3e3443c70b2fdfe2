"""How heavy geometry and pages may get before the atlas says so.

The budgets are set from the shipped data (measured 2026-12 on geodata/):
- the heaviest feature is the Xianyang city outline (context_cities c610400), 638
  vertices; 5,000 vertices per feature leaves about eight times that, yet a
  feature at the budget costs only ~100 KB in a page;
- the heaviest page is overview.html, 362,728 bytes (354 KiB); 1.5 MiB per page
  leaves about four times that and still opens quickly from disk on an office PC.
"""

import shapely

#: vertices one feature may have before validate and build warn
vertex_budget = 5_000

#: bytes one HTML page may have before build warns
page_budget_bytes = 3 * 512 * 1024  # 1.5 MiB

#: metres in one degree of latitude, for stating a tolerance in metres
_METRES_PER_DEGREE = 111_320

#: tolerances tried, in degrees: about 0.1 m up to about 5.6 km
_TOLERANCES = [k * 10.0 ** e for e in range(-6, -1) for k in (1, 2, 5)]


def vertices(geom):
    return 0 if geom is None else int(shapely.get_num_coordinates(geom))


def tolerance_for(geom, budget=None):
    """(degrees, vertices left) of the smallest tried tolerance that brings geom under budget.

    None if even the largest one does not.
    """
    budget = vertex_budget if budget is None else budget
    for tol in _TOLERANCES:
        left = vertices(shapely.simplify(geom, tol, preserve_topology=True))
        if left <= budget:
            return tol, left
    return None


def feature_warning(geom, budget=None):
    """Why a feature is too heavy and what to do, or None if it is within budget."""
    budget = vertex_budget if budget is None else budget
    count = vertices(geom)
    if count <= budget:
        return None
    found = tolerance_for(geom, budget)
    if found is None:
        advice = "simplify it by hand: even a 0.05° (about 5.6 km) tolerance leaves too many"
    else:
        tol, left = found
        metres = tol * _METRES_PER_DEGREE
        about = f"{metres:,.0f}" if metres >= 10 else f"{metres:.1f}"
        advice = (
            f"simplify it with a tolerance of {_degrees(tol)}° (about {about} m), "
            f"which leaves {left:,} vertices (QGIS: Vector › Geometry Tools › Simplify)"
        )
    return f"has {count:,} vertices, over the budget of {budget:,} per feature; {advice}"


def _degrees(tol):
    """0.0005, not 5e-04: planners type this into QGIS."""
    return f"{tol:.6f}".rstrip("0")


def page_warnings(pages, atlas, budget=None):
    """One warning per page heavier than the budget, naming the heaviest features it
    draws (every layer's for a page that draws none, such as the home page)."""
    budget = page_budget_bytes if budget is None else budget
    out = []
    for p in pages:
        size = len(p.html.encode("utf-8"))
        if size <= budget:
            continue
        names = [n for n in atlas.layers if n in (getattr(p, "drawn", None) or atlas.layers)]
        ranked = sorted(
            ((vertices(g), name, fid) for name in names
             for fid, g in zip(atlas.layers[name]["id"], atlas.layers[name].geometry)),
            reverse=True,
        )[:3]
        top = ", ".join(f"{name}.geojson {fid} ({n:,} vertices)" for n, name, fid in ranked)
        out.append(f"{p.filename}: page is {size / 1048576:.1f} MiB, over the budget of "
                   f"{budget / 1048576:.1f} MiB; the heaviest features are {top}: simplify them")
    return out
