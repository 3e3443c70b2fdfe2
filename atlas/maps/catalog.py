"""Every map of the atlas, declared once, in the order the atlas shows them."""

from atlas.maps.spec import MapSpec, Words

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
    ),
)

NAMES = tuple(m.name for m in MAPS)
_BY_NAME = {m.name: m for m in MAPS}


def get(name):
    """The map declared as ``name``; ValueError naming the choices otherwise."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ValueError(f"unknown map '{name}'; choose one of {', '.join(NAMES)}") from None
