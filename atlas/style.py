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
