"""The one colour table of the atlas: HTML maps, page CSS, previews and static figures.

Park colours come from their cluster's ``color`` in sectors.csv; every other
colour is here, so a web map and its printed figure always agree. No other
module of the package writes a colour literal (tests/test_architecture.py).
"""

#: new cities: light fills that keep the parks readable on top
NEW_CITY = {
    "fengdong": "#c6dbef",
    "fengxi": "#c7e9c0",
    "qinhan": "#fdd0a2",
    "konggang": "#fde0ef",  # not the lilac of 沣东's blue or the districts' grey
    "jinghe": "#fcbba1",
    "energy_trade_zone": "#fff7bc",
}
NEW_CITY_DEFAULT = "#e0e0e0"
NEW_CITY_EDGE = "#525252"

BELT = {"sci_tech_belt": "#2171b5", "adv_manufacturing_belt": "#cb181d"}
BELT_DEFAULT = "#6a51a3"
#: the window and its core engine: teals no park cluster or platform kind uses
WINDOW = "#01665e"
WINDOW_CORE = "#35978f"
NODE = "#54278f"

PLATFORM = "#08306b"
#: a planner's own points (atlas build --points): single dots and the print hexbin's ramp
POINT = "#d94801"
POINT_EDGE = "#ffffff"
DENSITY_CMAP = "Oranges"
RIVER = "#4292c6"
DISTRICT_EDGE = "#969696"
DISTRICT_FILL = "#f7f7f7"
CITY_EDGE = "#636363"

PARK_EDGE = "#252525"
PARK_OPACITY = 0.75
NEW_CITY_OPACITY = 0.45

#: graduated symbol classes for 2025 output targets (亿元): upper bounds
TARGET_BREAKS = (100, 200, 500, 1000)
TARGET_COLORS = ("#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15")


def new_city_color(city_id):
    return NEW_CITY.get(city_id, NEW_CITY_DEFAULT)


def belt_color(belt_id):
    return BELT.get(belt_id, BELT_DEFAULT)


def target_class(value):
    """Index of the class a target falls in (0 = smallest), or None if unstated."""
    if value is None or value != value:
        return None
    for i, upper in enumerate(TARGET_BREAKS):
        if value <= upper:
            return i
    return len(TARGET_BREAKS)


def target_class_labels(lang="zh"):
    """Legend labels for TARGET_BREAKS, e.g. '≤ 100 亿元', '100–200 亿元', '> 1000 亿元'."""
    unit = "亿元" if lang == "zh" else "100 M CNY"
    labels, lower = [], None
    for upper in TARGET_BREAKS:
        labels.append(f"≤ {upper} {unit}" if lower is None else f"{lower}–{upper} {unit}")
        lower = upper
    labels.append(f"> {lower} {unit}")
    return labels


# --- added for the static figures (atlas.render.print.figure); the HTML maps may use them too ---

#: parks whose 2025 target the plan does not state
TARGET_NONE = "#d9d9d9"
#: the new area highlighted in the inset locator
INSET_AREA = "#cb181d"
#: label text: parks and nodes, new-city names, belts, rivers
LABEL_TEXT = "#1a1a1a"
CITY_LABEL = "#3a3a3a"
RIVER_LABEL = "#2b6ca3"
#: platform marker edge, so the dark dots stay visible on dark parks
PLATFORM_EDGE = "#ffffff"


# --- additions for the web maps (atlas.render.web.pages); the entries above are unchanged --------

#: platforms by kind (platforms.csv ``kind``)
PLATFORM_KIND = {
    "carrier": "#08306b",
    "three_engines_base": "#d94801",
    "pilot_platform": "#6a51a3",
    "concept_verification": "#8c510a",
}
PLATFORM_DEFAULT = PLATFORM
#: marker shapes of the platform kinds in the printed figures (matplotlib markers)
PLATFORM_MARKER = {
    "carrier": "o",
    "three_engines_base": "^",
    "pilot_platform": "s",
    "concept_verification": "D",
}

#: radius in pixels of the graduated target symbols, one per TARGET_COLORS class
TARGET_RADII = (7, 10, 14, 19, 25)

#: half-width of the belts drawn as bands on the web maps (km either side of the axis)
BELT_BAND_KM = 2.5
BELT_BAND_OPACITY = 0.22


#: the carriers the plan places within a park (drawn at the park's schematic block)
CARRIER = "#e7298a"


def platform_color(kind):
    return PLATFORM_KIND.get(kind, PLATFORM_DEFAULT)


# --- shared by every renderer ----------------------------------------------------------------

#: white: new cities under the target symbols or in no belt, marker edges, paper
BLANK = "#ffffff"
MARKER_EDGE = "#ffffff"
#: edge and label colour of the graduated target symbols
TARGET_EDGE = "#67000d"
#: a layer swatch with no colour of its own
SWATCH_DEFAULT = "#888888"
#: the sea-grey behind a map with no tiles, and behind the home-page previews
NO_TILES = "#e8eef2"

#: the outline of each data layer's shapes, where it has one of its own
EDGES = {
    "context_districts": DISTRICT_EDGE,
    "new_cities": NEW_CITY_EDGE,
    "parks": PARK_EDGE,
}

# --- the printed figures: frame, furniture, titles -------------------------------------------

MAP_FRAME = "#636363"
FURNITURE = "#252525"  # scale bar, north arrow, inset frame
FURNITURE_TEXT = "#404040"  # inset labels, callout leaders, the credit line
INSET_EDGE = "#969696"
TITLE = "#1a1a1a"
SUBTITLE = "#525252"
LEGEND_EDGE = "#525252"

# --- the HTML pages: CSS custom properties (``var(--atlas-NAME)``) ------------------------------

#: written into each page's CSS as ``:root { --atlas-NAME: colour }`` at build time
PAGE = {
    "ink": "#222222",
    "label": "#333333",
    "current": "#111111",
    "muted": "#555555",
    "note": "#666666",
    "faint": "#6b6b6b",  # greyed text still readable: ≥ 4.5:1 on "button" (WCAG AA)
    "card-text": "#444444",
    "paper": "#ffffff",
    "accent": "#2b5d8a",
    "focus": "#d97a00",
    "error": "#aa1122",
    "caveat": "#8a4b00",
    "rule": "#e3e6e9",
    "border": "#c8ccd0",
    "list-rule": "#eef0f2",
    "table-rule": "#eceef0",
    "hover": "#f0f5fa",
    "button": "#f6f7f8",
    "button-edge": "#c4c8cc",
    "button-hover": "#eaf1f7",
    "input-edge": "#aaaabb",
    "banner": "#fff6d6",
    "banner-edge": "#e8d48a",
    "quote": "#f6f8fa",
    "quote-edge": "#c9d3dc",
    "no-tiles": NO_TILES,
    "label-city": CITY_LABEL,
    "label-district": "#8a8f94",
    "label-river": RIVER_LABEL,
    "label-node": "#3d2270",
    "label-target": TARGET_EDGE,
    # the home page
    "home-head": "#1f4e79",
    "home-head-sub": "#d6e4f0",
    "home-background": "#f4f6f8",
    "home-rule": "#e3e8ee",
    "home-card-edge": "#d5dbe1",
    "home-table-rule": "#e6e9ec",
    "home-table-head": "#f0f3f6",
}


#: the printable report and the snippets page (``var(--atlas-NAME)`` in their CSS)
DOCUMENT = {
    "doc-ink": "#1a1a1a",
    "doc-lead": "#444444",
    "doc-caption": "#333333",
    "doc-muted": "#555555",
    "doc-note": "#666666",
    "doc-rule": "#cccccc",
    "doc-rule-strong": "#999999",
    "doc-cell-edge": "#bbbbbb",
    "doc-head": "#eeeeee",
    "doc-group": "#f6f6f6",
    "doc-total": "#fafafa",
    "doc-link": "#1f5a99",
    "doc-link-text": "#ffffff",
    "doc-focus": "#f0a000",
}


def css_variables(table=None, used_in=None):
    """A colour table (PAGE unless given) as a CSS rule, for the top of a style sheet;
    with ``used_in`` (a style sheet's text), only the colours it uses."""
    table = PAGE if table is None else table
    lines = "".join(f"  --atlas-{name}: {value};\n" for name, value in table.items()
                    if used_in is None or f"var(--atlas-{name})" in used_in)
    return ":root {\n" + lines + "}\n"

# --- the approvals timeline (national context, issue 14) ---
TIMELINE_AXIS = "#737373"
TIMELINE_DOT = "#2171b5"
TIMELINE_RECENT = "#cb181d"  # approvals the seed singles out ("去年以来")

# --- the national and Shanghai maps (issue 14) ---
PROVINCE_FILL = "#f4f4f4"
PROVINCE_EDGE = "#9e9e9e"
#: a zone's fill says how its extent is known: quoted, read from its name, whole province
ZONE_BASIS_COLORS = {"quote": "#08519c", "name_reading": "#4292c6", "whole_province": "#c6dbef"}
CENTRE_COLORS = {"international": "#6a51a3", "regional_candidate": "#e6550d", "argued": "#cb181d"}
SHANGHAI_PLACE = "#cb181d"
