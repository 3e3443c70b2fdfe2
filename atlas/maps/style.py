"""One styling table for the HTML maps and the static figures.

Park colours come from their cluster's ``color`` in sectors.csv; everything
else is fixed here, so a web map and its printed figure always agree.
"""

#: new cities: light fills that keep the parks readable on top
NEW_CITY = {
    "fengdong": "#c6dbef",
    "fengxi": "#c7e9c0",
    "qinhan": "#fdd0a2",
    "konggang": "#dadaeb",
    "jinghe": "#fcbba1",
    "energy_trade_zone": "#fff7bc",
}
NEW_CITY_DEFAULT = "#e0e0e0"
NEW_CITY_EDGE = "#525252"

BELT = {"sci_tech_belt": "#2171b5", "adv_manufacturing_belt": "#cb181d"}
BELT_DEFAULT = "#6a51a3"
WINDOW = "#238b45"
NODE = "#54278f"

PLATFORM = "#08306b"
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
    "concept_verification": "#238b45",
}
PLATFORM_DEFAULT = PLATFORM

#: radius in pixels of the graduated target symbols, one per TARGET_COLORS class
TARGET_RADII = (7, 10, 14, 19, 25)

#: half-width of the belts drawn as bands on the web maps (km either side of the axis)
BELT_BAND_KM = 2.5
BELT_BAND_OPACITY = 0.22


def platform_color(kind):
    return PLATFORM_KIND.get(kind, PLATFORM_DEFAULT)
