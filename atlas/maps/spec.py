"""What a map is: one declaration that the web, print and home-page renderers all read.

A map is a list of layers drawn in order. Each layer names the data it shows
(an atlas layer and, optionally, a named selection of its rows), how it is
symbolised, the colour rule of its fill, its label rule and its fixed legend
entries. The renderers know how to draw each symbol; they never ask which map
they are drawing.
"""

from dataclasses import dataclass

#: where a layer or label appears: the HTML maps, the printed figures, the home-page previews
MEDIA = ("web", "print", "preview")


@dataclass(frozen=True)
class Words:
    """A text in both languages."""

    zh: str
    en: str

    def __call__(self, lang="zh"):
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class LabelRule:
    """What a layer's labels say and where they sit.

    ``text``: name (full name), short (short park name), target (short name and the
    2025 target with its qualifier), total (name and the new city's total target).
    ``anchor`` (where a web label sits): centre, top (just inside the top), bottom
    (under the shape), right (beside a point), symbol (beside the graduated symbol).
    Print labels take the best free spot around their feature (cartography.LabelPlacer).
    """

    text: str = "name"
    anchor: str = "centre"
    on: tuple = MEDIA


@dataclass(frozen=True)
class LegendEntry:
    """A fixed legend entry; entries that follow the data (one per cluster, per new
    city, per target class) are made by the renderer from the layer's colour rule."""

    symbol: str  # fill, line, circle, point
    color: str  # a colour name of atlas.maps.style.COLORS
    words: Words
    edge: str = ""  # a colour name, or "" for none


@dataclass(frozen=True)
class LayerSpec:
    """One layer of a map.

    ``data``: the atlas layer (a key of ``Atlas.layers``, or a table with points such as
    ``carriers``). ``select``: a named row
    selection of atlas.maps.rules.SELECTIONS (window, belts, nodes, core_engines, located), or
    "" for every row. ``symbol``: fill (polygons, or dots for points), outline, line,
    band (a line widened into a band), marker (points, categorical colour),
    graduated (a symbol per stated target, sized by class). ``fill``: the colour rule
    of atlas.maps.rules.FILLS. ``opacity``: fill opacity, None for the style default.
    ``on``: the media that draw it.
    """

    id: str
    data: str
    symbol: str
    name: Words
    group: str = ""  # the web layer switcher's group
    select: str = ""
    fill: str = ""
    opacity: float = None
    popup: bool = True
    label: LabelRule = None
    legend: tuple = ()  # LegendEntry, replacing the entries made from the data
    note: Words = None  # a line under the legend
    on: tuple = MEDIA

    def shown_on(self, medium):
        return medium in self.on

    def labelled_on(self, medium):
        return self.label is not None and medium in self.label.on


@dataclass(frozen=True)
class Credit:
    """What a map's credit line names, in print and on the web: the seed files it draws
    on (shown by their short titles, words.SOURCE_TITLES), where its outlines come from,
    and how its own features were made. A map without one credits the atlas's plan, the
    Xixian district outlines and the hand-digitized boundaries."""

    sources: tuple = ()
    outlines: Words = None
    made: Words = None


@dataclass(frozen=True)
class MapSpec:
    """One map of the atlas, declared once.

    ``title`` heads the web page, ``figure_title`` the printed figure, ``label``
    names it in link lists (home page, report, snippets). ``extent``: the atlas
    layers the view fits, with ``pad`` degrees around them. ``panel``: the web side
    panel of atlas.render.web.panels (counts, places, filters, totals, members, or "" for
    none). ``filterable``: the map `atlas map` writes with only the parks a
    filter selects. ``points``: the layer a build with a planner's list (``atlas build
    --points``) fills with it, or None for a map that never shows the list.
    """

    name: str
    title: Words
    figure_title: Words
    label: Words
    description: Words
    layers: tuple = ()
    extent: tuple = ("new_cities", "parks")
    pad: float = 0.02
    panel: str = ""
    filterable: bool = False
    #: print: the Xi'an locator inset (off for maps far from it), and a subtitle replacing
    #: the line about which parks are shown (for maps without parks)
    inset: bool = True
    subtitle: Words = None
    #: print: a scale bar, true only near Xi'an (figures are drawn in UTM 49N)
    scale_bar: bool = True
    points: LayerSpec = None
    #: the credit line of the figure and the page (None: the plan and the district outlines)
    credit: Credit = None

    @property
    def filename(self):
        return f"{self.name}.html"

    def layers_on(self, medium):
        return [spec for spec in self.layers if spec.shown_on(medium)]
