"""The report's national and Shanghai section, and the approvals timeline (issue 14)."""

import re
from html.parser import HTMLParser

import pytest

import atlas
from atlas.maps.words import CONTEXT
from atlas.render import bilingual, timeline
from atlas.render.docs import report


class _Tables(HTMLParser):
    """Rows of the cells of each table with an id, and the img sources."""

    def __init__(self):
        super().__init__()
        self.tables, self.imgs, self._table, self._cell = {}, {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id"):
            self._table = self.tables.setdefault(attrs["id"], [])
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []
        elif tag == "figure":
            self._figure = attrs.get("id")
        elif tag == "img":
            self.imgs[getattr(self, "_figure", None)] = attrs["src"]

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag in ("td", "th") and self._cell is not None:
            self._table[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture(scope="module")
def data():
    return atlas.load()


@pytest.fixture(scope="module", params=["zh", "en"])
def parsed(request, data):
    p = _Tables()
    p.page = bilingual.single(report.render(data, [], request.param), request.param)
    p.feed(p.page)
    return request.param, p


def _svg(page, figure):
    """The inline chart of the figure with id ``figure``."""
    m = re.search(rf'<figure class="chart" id="{figure}">(<svg .*?</svg>)', page, re.S)
    assert m, figure
    return m.group(1)


def test_zone_table_has_every_zone_with_members_and_basis(parsed, data):
    lang, p = parsed
    rows = p.tables["context-zones"][1:]  # the head row first
    assert len(rows) == 12
    zones = data.demo_zones.sort_values("seq")
    for cells, (_, zone) in zip(rows, zones.iterrows()):
        assert cells[0] == str(zone["seq"]) and cells[3] == zone["approved"]
        assert cells[2] == zone["coverage_zh"] and cells[7] == zone["positioning_zh"]
    jqy = rows[3]
    assert jqy[4] == ("济南市、青岛市、烟台市" if lang == "zh" else "Jinan, Qingdao, Yantai")
    assert jqy[5] == ("据名称推读（非原文）" if lang == "zh" else "read from the name (not a quote)")
    assert rows[0][4] == ("河北省" if lang == "zh" else "Hebei")


def test_centre_table_says_not_stated_where_the_table_has_a_slash(parsed, data):
    lang, p = parsed
    rows = p.tables["context-centres"][1:]
    assert len(rows) == len(data.innovation_centres) == 9
    marker = "未说明（原表为“/”）" if lang == "zh" else "not stated (the table has “/”)"
    slashes = sum(len(v) for v in data.innovation_centres["not_stated"])
    assert sum(cell == marker for row in rows for cell in row) == slashes == 5
    argued = rows[-1]
    assert "西北第一个国家科技成果转移转化示范区" in argued[4]


def test_shanghai_table_quotes_every_figure_and_says_when_xixian_has_none(parsed, data):
    lang, p = parsed
    rows = p.tables["context-shanghai"][1:]
    assert len(rows) == len(data.shanghai_benchmark)
    none = CONTEXT[lang]["no_comparable"]
    assert "002" not in none
    for cells, (_, row) in zip(rows, data.shanghai_benchmark.sort_values("seq").iterrows()):
        quote = next(s["quote"] for s in row["sources"] if s["field"] == "figure_zh")
        assert quote in cells[3]
        assert cells[4] == none if not row["xixian_zh"] else row["xixian_zh"] in cells[4]


def test_timeline_draws_one_dot_per_approval(parsed, data):
    _, p = parsed
    svg = _svg(p.page, "chart-approvals")
    dots = re.findall(r'<circle class="event"[^>]*fill="([^"]+)"', svg)
    assert len(dots) == 12
    from atlas.maps import style
    assert dots.count(style.TIMELINE_RECENT) == 3  # 2021-07-15 and twice 2022-01-08
    for year in range(2016, 2023):
        assert f">{year}</text>" in svg


def test_timeline_is_deterministic_escaped_and_stacks_same_days():
    events = [("2022-01-08", "a<b"), ("2016-09-19", "c"), ("2022-01-08", "d")]
    one = timeline.svg(events, "t&t")
    assert one == timeline.svg(list(reversed(events)), "t&t")
    assert "a&lt;b" in one and "t&amp;t" in one and "<b" not in one.replace("<b>", "")
    ys = re.findall(r'cx="([\d.]+)" cy="([\d.]+)"', one)
    same_day = [y for x, y in ys if x == ys[-1][0]]
    assert len(same_day) == 2 and same_day[0] != same_day[1]
    assert timeline.svg([], "t") == ""
