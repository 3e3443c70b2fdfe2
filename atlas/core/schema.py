"""What each data file must contain (see geodata/README.md)."""

from dataclasses import dataclass, field

POLYGONAL = frozenset({"Polygon", "MultiPolygon"})
LINEAR = frozenset({"LineString", "MultiLineString"})
POINT = frozenset({"Point"})

GEOMETRY_PROPERTIES = ("id", "geocode_method", "precision_m", "digitized_from")
GEOCODE_METHODS = frozenset(
    {
        "hand_digitized_from_description",
        "hand_placed_schematic",
        "hand_placed_point",
        "extracted_cnmaps_simplified",
    }
)
#: qualifiers of a 2025 target; their words are in atlas.maps.words.QUALIFIERS
TARGET_QUALIFIERS = ("about", "reach", "strive_to_exceed")


@dataclass(frozen=True)
class Table:
    """A CSV table: its columns and how to read them."""

    name: str
    required: tuple  # columns that must exist and be filled
    optional: tuple = ()  # columns that must exist and may be empty
    lists: tuple = ()  # ';'-separated list columns
    numbers: tuple = ()  # non-negative numbers, empty allowed
    key: str = "id"
    provenance: bool = True  # each row must have a source
    text: tuple = ("name_zh", "name_en")  # length-checked names

    @property
    def filename(self):
        return f"{self.name}.csv"

    @property
    def columns(self):
        return self.required + self.optional


@dataclass(frozen=True)
class Layer:
    """A geometry layer joined to its attribute table on ``id``."""

    table: Table
    geom_types: frozenset
    envelope: str = "new_area"  # or "context"
    # kind -> allowed geometry types, where the table has a 'kind' column
    geom_types_by_kind: dict = field(default_factory=dict)

    @property
    def name(self):
        return self.table.name

    @property
    def filename(self):
        return f"{self.name}.geojson"


NEW_CITIES = Table(
    "new_cities",
    required=("id", "name_zh", "name_en", "short_zh", "short_en", "zone_type"),
    optional=(
        "business_forms_zh",
        "focus_industries_zh",
        "positioning_zh",
        "sectors",
        "three_engines_role",
        "three_engines_role_en",
        "belt",
        "official_area_km2",
        "official_area_source",
    ),
    lists=("business_forms_zh", "focus_industries_zh", "sectors"),
    numbers=("official_area_km2",),
)
PARKS = Table(
    "parks",
    required=("id", "name_zh", "short_name_zh", "name_en", "short_name_en", "new_city", "sectors"),
    optional=(
        "sector_wording_zh",
        "anchor_projects_zh",
        "output_target_2025",
        "target_qualifier",
        "target_wording_zh",
        "aliases_zh",
        "official_area_km2",
        "official_area_source",
    ),
    lists=("sectors", "sector_wording_zh", "anchor_projects_zh", "aliases_zh"),
    numbers=("output_target_2025", "official_area_km2"),
    text=("name_zh", "name_en", "short_name_zh", "short_name_en"),
)
SECTORS = Table(
    "sectors",
    required=("key", "name_zh", "name_en", "color"),
    optional=("cluster", "origin", "synonyms"),
    lists=("synonyms",),
    key="key",
)
#: one row per park–sector tag (see atlas.model.tags); read and checked by atlas.model.tags
PARK_SECTORS = Table(
    "park_sectors",
    required=("park", "sector", "basis", "file", "locator", "quote"),
    key="",
    provenance=False,
    text=(),
)
CORRIDORS = Table(
    "corridors",
    required=("id", "kind", "name_zh", "name_en"),
    optional=("belt", "members", "role_zh", "role_en"),
    lists=("members",),
)
PLATFORMS = Table(
    "platforms",
    required=("id", "name_zh", "name_en", "new_city", "kind"),
    optional=("role_zh", "role_en"),
)
INDICATORS = Table(
    "indicators",
    required=("id", "seq", "name_zh", "name_en", "unit"),
    optional=("value_2020", "value_2025"),
    numbers=("seq", "value_2020", "value_2025"),
)
DISCREPANCIES = Table(
    "discrepancies",
    required=("id", "subject_table", "kind", "description_zh", "description_en"),
    optional=("subject_id",),
    text=(),
)
CONTEXT_DISTRICTS = Table(
    "context_districts",
    required=("id", "name_zh", "name_en"),
    optional=("city_zh", "city_en"),
    provenance=False,
)
CONTEXT_CITIES = Table("context_cities", required=("id", "name_zh", "name_en"), provenance=False)
RIVERS = Table("rivers", required=("id", "name_zh", "name_en"), provenance=False)
PROVENANCE = Table(
    "provenance",
    required=("table", "id", "file", "locator", "quote"),
    optional=("field",),
    key="",
    provenance=False,
    text=(),
)

LAYERS = (
    Layer(NEW_CITIES, POLYGONAL),
    Layer(PARKS, POLYGONAL | POINT),
    Layer(
        CORRIDORS,
        POLYGONAL | LINEAR | POINT,
        envelope="context",
        geom_types_by_kind={"window": POLYGONAL, "belt": LINEAR | POLYGONAL, "node": POINT},
    ),
    Layer(PLATFORMS, POINT),
    Layer(CONTEXT_DISTRICTS, POLYGONAL, envelope="context"),
    Layer(CONTEXT_CITIES, POLYGONAL, envelope="context"),
    Layer(RIVERS, LINEAR, envelope="context"),
)
#: places the plan names: located within a park (its schematic block), only to a new city,
#: or not at all (see geodata/README.md)
CARRIERS = Table(
    "carriers",
    required=("id", "name_zh", "name_en", "location_level", "role"),
    optional=("new_city", "park", "role_en"),
)
LOCATION_LEVELS = ("park", "new_city", "unlocated")
#: quantified targets for places (carriers, parks, clusters), with their qualifier
PLACE_TARGETS = Table(
    "place_targets",
    required=("id", "subject", "name_zh", "name_en", "value_min", "unit", "qualifier", "wording_zh"),
    optional=("value_max", "year"),
    numbers=("value_min", "value_max", "year"),
)
PLACE_QUALIFIERS = {
    "at_least": ("以上", "at least"),
    "range": ("区间", "between"),
    "reach": ("建成", "reach"),
}
TABLES = (SECTORS, INDICATORS, DISCREPANCIES, CARRIERS, PLACE_TARGETS)

#: layers written by ``atlas export`` (the context cities serve the inset only)
EXPORT_FORMATS = ("geojson", "gpkg", "csv")
EXPORT_LAYERS = ("new_cities", "parks", "corridors", "platforms", "context_districts", "rivers")
