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
# the new area in context (issue 14): national zones and centres, the Shanghai benchmark
CONTEXT_PROVINCES = Table("context_provinces", required=("id", "name_zh", "name_en"), provenance=False)
CONTEXT_PREFECTURES = Table(
    "context_prefectures",
    required=("id", "name_zh", "name_en"),
    optional=("province_zh",),
    provenance=False,
)
SHANGHAI_DISTRICTS = Table("shanghai_districts", required=("id", "name_zh", "name_en"), provenance=False)
SHANGHAI_PLACES = Table(
    "shanghai_places",
    required=("id", "name_zh", "name_en"),
    optional=("district", "role_zh", "role_en"),
)
#: 附件2 of seed 001; ``members`` are context_provinces / context_prefectures /
#: shanghai_districts ids, ``members_basis`` says where they come from
DEMO_ZONES = Table(
    "demo_zones",
    required=(
        "id", "seq", "name_zh", "name_en", "coverage_zh", "coverage", "approved",
        "positioning_zh", "tasks_zh", "members", "members_basis",
    ),
    optional=("members_note_zh", "members_note_en"),
    lists=("members",),
    numbers=("seq",),
)
ZONE_COVERAGES = {
    "city": "市域", "province": "省域", "cross_provincial": "跨省区域",
    "integrated_region": "一体化区域", "part_of_city": "部分市域", "part_of_province": "部分省域",
    "city_cluster": "城市群", "metropolitan_area": "都市圈",
}
#: quote: the table's coverage settles the members; name_reading: read from the zone's
#: name, not quoted; whole_province: the name does not settle them (see the note)
MEMBERS_BASES = ("quote", "name_reading", "whole_province")
#: 附件1 of seed 001, plus the candidacy the seed argues for; ``not_stated`` lists the
#: fields the table gives as "/"
INNOVATION_CENTRES = Table(
    "innovation_centres",
    required=("id", "seq", "kind", "name_zh", "name_en", "members"),
    optional=(
        "coverage_zh", "proposed_zh", "positioning_zh", "tasks_zh", "not_stated", "note_zh", "note_en",
    ),
    lists=("members", "not_stated"),
    numbers=("seq",),
)
CENTRE_KINDS = ("international", "regional_candidate", "argued")
SHANGHAI_BENCHMARK = Table(
    "shanghai_benchmark",
    required=("id", "seq", "topic", "place", "figure_zh"),
    optional=("xixian_zh",),
    numbers=("seq",),
    text=(),
)
BENCHMARK_TOPICS = ("platforms", "policies", "targets", "inputs", "takeaways")
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
    Layer(CONTEXT_PROVINCES, POLYGONAL, envelope="national"),
    Layer(CONTEXT_PREFECTURES, POLYGONAL, envelope="national"),
    Layer(SHANGHAI_DISTRICTS, POLYGONAL, envelope="shanghai"),
    Layer(SHANGHAI_PLACES, POINT, envelope="shanghai"),
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
TABLES = (SECTORS, INDICATORS, DISCREPANCIES, CARRIERS, PLACE_TARGETS, DEMO_ZONES, INNOVATION_CENTRES,
          SHANGHAI_BENCHMARK)

#: layers written by ``atlas export`` (the context cities serve the inset only)
EXPORT_FORMATS = ("geojson", "gpkg", "csv")
EXPORT_LAYERS = ("new_cities", "parks", "corridors", "platforms", "context_districts", "rivers")
