"""Seeded synthetic enterprise lists for tests and benchmarks: NOT real data.

Names are "合成企业 000123" so that no one mistakes a list for a real one. Points
are drawn inside the new cities' bounding box (some fall in parks, some between),
a share outside the new area, and a few bad rows of each class; ``expected`` says
how many rows of each class were planted.
"""

import numpy as np
import pandas as pd

from atlas.model import crs

#: industry texts: sector names and synonyms inside longer phrases, and texts that match nothing
INDUSTRIES = ("光伏组件制造", "新能源汽车零部件", "集成电路设计", "生物医药研发", "软件开发",
              "餐饮服务", "3D打印设备", "无人机研发制造", "批发零售", "人工智能与大数据")
#: bad-row classes and how many of each per 1,000 rows (at least one each)
BAD = ("missing_coordinates", "non_numeric_coordinates", "swapped_coordinates",
       "outside_shaanxi", "duplicate_row", "unparseable_value", "looks_gcj02")


def make(n, seed=0, crs_name="wgs84"):
    """(DataFrame of text cells with Chinese headers, {class: count planted}).

    Columns: 企业名称, 经度, 纬度, 行业, 产值 (万元; about a tenth empty). The
    coordinates are in ``crs_name`` (the true points are drawn in WGS84).
    """
    rng = np.random.default_rng(seed)
    lon = rng.uniform(108.50, 109.00, n)
    lat = rng.uniform(34.13, 34.60, n)
    out = rng.random(n) < 0.1  # some well outside the new area, still in Shaanxi
    lon[out] = rng.uniform(107.2, 108.3, out.sum())
    if crs_name == "gcj02":
        lon, lat = crs.wgs_to_gcj(lon, lat)
    elif crs_name == "bd09":
        lon, lat = crs.gcj_to_bd(*crs.wgs_to_gcj(lon, lat))
    value = np.round(rng.gamma(2.0, 500.0, n), 1).astype(str)
    value[rng.random(n) < 0.1] = ""
    frame = pd.DataFrame({
        "企业名称": [f"合成企业 {i:06d}" for i in range(n)],
        "经度": [f"{v:.6f}" for v in lon],
        "纬度": [f"{v:.6f}" for v in lat],
        "行业": np.array(INDUSTRIES, dtype=object)[rng.integers(0, len(INDUSTRIES), n)],
        "产值": value,
    })
    per = max(1, n // 1000)
    # every third row at most, so that a planted row's neighbour (row i - 1) is always good
    picks = 3 * rng.choice(np.arange(1, max(2, n // 3)), size=min(n // 3 - 1, per * len(BAD)),
                           replace=False)
    expected = dict.fromkeys(BAD, 0)
    for k, i in enumerate(picks):
        kind = BAD[k % len(BAD)]
        if kind == "looks_gcj02" and crs_name != "wgs84":
            continue
        expected[kind] += 1
        if kind == "missing_coordinates":
            frame.loc[i, "经度"] = ""
        elif kind == "non_numeric_coordinates":
            frame.loc[i, "纬度"] = "34度20分"
        elif kind == "swapped_coordinates":
            frame.loc[i, ["经度", "纬度"]] = [frame.loc[i, "纬度"], frame.loc[i, "经度"]]
        elif kind == "outside_shaanxi":
            frame.loc[i, ["经度", "纬度"]] = ["116.397", "39.909"]
        elif kind == "duplicate_row":
            frame.loc[i] = frame.loc[i - 1]
        elif kind == "unparseable_value":
            frame.loc[i, "产值"] = "约1200"
        elif kind == "looks_gcj02":
            # the previous row's point, copied again from a Gaode map under the same name
            gx, gy = crs.wgs_to_gcj(float(frame.loc[i - 1, "经度"]),
                                    float(frame.loc[i - 1, "纬度"]))
            frame.loc[i, ["企业名称", "经度", "纬度"]] = [frame.loc[i - 1, "企业名称"],
                                                         f"{gx:.6f}", f"{gy:.6f}"]
    return frame, expected
