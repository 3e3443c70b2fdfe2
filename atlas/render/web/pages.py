"""The interactive atlas: offline, single-file HTML maps built with folium.

``render_pages`` returns every page as a :class:`Page`; ``atlas build`` writes
them. Each map page is a folium figure whose CDN links are replaced by Leaflet
inlined from the pinned ``xstatic-leaflet`` package (see :mod:`atlas.render.web.assets`),
so it opens from disk with no network. The data travel as one JSON island that
the page script (``atlas/render/web/js/``) draws; all text in it is set as text.

Pages: ``index.html`` (home) and one page per map of atlas.maps.catalog, whose
layers come from payload.build_layer and whose side panel from panels.side.
"""

import html

from folium.template import Template

from atlas.maps import catalog
from atlas.model import query, weight
from atlas.render import bilingual
from atlas.render.web import assets as webassets
from atlas.render.web import home as webindex
from atlas.render.web import panels
from atlas.render.web import payload as webdata
from atlas.render.web import points as webpoints
from atlas.render.web.document import Page
from atlas.render.web.payload import TEXT

LANGS = ("zh", "en")

__all__ = ["LANGS", "Page", "filtered_parks_page", "map_page", "render_pages"]


def _check_lang(lang):
    if lang not in LANGS:
        raise ValueError(f"unknown language '{lang}'; choose zh or en")
    return lang


def render_pages(atlas, basemap="none", lang="zh", downloads=None, points=None, cached=None):
    """Every page of the interactive atlas, home page first: one per map of the catalog.

    ``downloads``: what else the build wrote for reports, linked from the home
    page: a list of (href, label_zh, label_en) with hrefs relative to it. ``points``: a
    planner's joined list (atlas.model.points.Points), drawn on the maps that declare a
    points layer.
    ``cached``: f(spec, make) -> Page, which may give a stored page instead of calling
    ``make()`` (the build cache keeps map pages one by one).
    """
    _check_lang(lang)
    webdata.check_basemap(basemap, lang)
    if cached is None:
        cached = lambda spec, make: make()  # noqa: E731
    with webdata.same_data():  # the pages read each frame once
        maps = [cached(spec, lambda spec=spec: map_page(atlas, spec, basemap, lang,
                                                              points=points))
                for spec in catalog.MAPS]
        pages = [webindex.render(atlas, maps, lang, downloads=downloads)] + maps
    # a page over the budget is reported with the build (and in build.json), never silent
    for warning in weight.page_warnings(pages, atlas):
        if warning not in atlas.warnings:
            atlas.warnings.append(warning)
    return pages


#: the signature outdir.check_replace_file looks for (no version or date: builds stay identical)
GENERATOR = '<meta name="generator" content="xixian-atlas">'


def filtered_parks_page(atlas, sector=None, cluster=None, new_city=None, belt=None,
                        basemap="none", lang="zh"):
    """The filterable map holding only the parks that match, as a Page.

    Raises QueryError for an unknown name or when nothing matches.
    """
    _check_lang(lang)
    webdata.check_basemap(basemap, lang)
    parks = query.parks(atlas, sector=sector, cluster=cluster, new_city=new_city, belt=belt)
    given = [(k, v) for k, v in (("sector", sector), ("cluster", cluster),
                                  ("new-city", new_city), ("belt", belt)) if v]
    what = "; ".join(f"{k}={v}" for k, v in given)
    if not len(parks):
        raise query.QueryError(f"no park matches {what}; nothing was written")
    return map_page(atlas, catalog.filterable(), basemap, lang, parks=parks,
                    filtered=what or None, standalone=True, term=sector or cluster,
                    base=dict(given))


# --- page scaffold ----------------------------------------------------------------------


class _Boot(webassets.RenderedMacro):
    """Starts the page script once folium has created the map."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        AtlasMap.boot({{ this._parent.get_name() }}, "atlas-data");
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "AtlasBoot"


def map_page(atlas, spec, basemap, lang, parks=None, filtered=None, standalone=False, term=None,
             base=None, points=None):
    """The HTML page of one map spec; ``parks`` replaces the parks it shows (a filter), and
    ``term``, the sector or cluster that chose them, is what their match reasons explain.
    ``base``: that filter ({"sector": …, "new-city": …}), for the page's `atlas figure` line.

    The page carries both languages and opens in ``lang`` (see atlas.render.bilingual)."""
    with webdata.same_data():  # the two renders read each frame once
        both = {code: _parts(atlas, spec, basemap, code, parks, filtered, standalone, term,
                             base, points)
                for code in LANGS}
    m = _folium(spec, lang, basemap, *both[lang], both=both)
    return _page(spec, lang, m, both[lang][0])


def folium_map(atlas, spec, basemap="none", lang="zh", parks=None, filtered=None, m=None,
               map_kwds=None, term=None):
    """One map spec as a ``folium.Map`` (for notebooks); works offline.

    ``parks`` replaces the parks it shows (a filter). ``m`` adds the atlas's layers,
    legend and panel to a map of the caller's, which keeps its own Leaflet and tiles;
    ``map_kwds`` go to ``folium.Map`` when the atlas makes the map (width, height, …).
    """
    parts = _parts(atlas, spec, basemap, lang, parks, filtered, parks is not None, term)
    return _folium(spec, lang, basemap, *parts, m=m, map_kwds=map_kwds)


def _parts(atlas, spec, basemap, lang, parks, filtered, standalone, term=None, base=None,
           points=None):
    """(layers, view, side panel, scripts, title, extra payload) of a map spec."""
    frames = {} if parks is None else {"parks": parks}
    layers = []
    for layer_spec in spec.layers_on("web"):
        built = webdata.build_layer(atlas, layer_spec, lang, frames.get(layer_spec.data))
        if built is not None:
            layers.append(built)
    if standalone:  # around the parks of a filtered map
        view = webdata.bounds([parks], pad=0.05)
    else:
        view = webdata.bounds([atlas.layers[name] for name in spec.extent], pad=spec.pad)
    shown = atlas.parks if parks is None else parks
    title = None
    if filtered:
        title = (f"{spec.title.zh}：{filtered}" if lang == "zh" else f"{spec.title.en}: {filtered}")
    side = panels.side(atlas, spec, lang, shown, title=title, filtered=filtered,
                       standalone=standalone)
    extra, scripts = {}, ()
    if spec.filterable:
        extra["parks"] = webdata.parks_filter_data(atlas, shown, len(shown), lang, term, base)
        scripts = (webassets.own_min("parks.js"),)
    if points is not None and spec.points is not None and spec.points.shown_on("web"):
        # before parks.js, whose filter then filters the points too
        scripts = webpoints.scripts() + scripts
        side = (webpoints.into_side(side, points, atlas, lang)
                + webpoints.data_block(points, atlas, lang))
    return layers, view, side, scripts, title, extra


def _groups(lang):
    t = TEXT[lang]
    return [{"id": g, "name": t[f"g_{g}"]}
            for g in ("new_cities", "parks", "targets", "corridors", "platforms", "zones", "centres",
                      "places", "base")]


def _payload(page, lang, basemap, layers, view, **extra):
    t = TEXT[lang]
    data = {
        "page": page,
        "lang": lang,
        # srcLabel: one heading for every popup's quotes, not one per feature
        "t": {**{k: t[k] for k in ("layers", "legend", "tiles", "noSector", "noCluster", "noCity",
                                    "noBelt", "noneMatch", "tilesOffline", "callouts")},
              "srcLabel": t["src_label"]},
        "basemapNote": t["basemapNote"],
        "basemaps": webdata.basemaps(lang),
        "basemap": basemap,
        "groups": _groups(lang),
        "layers": layers,
        "view": {"bounds": view},
    }
    data.update(extra)
    return data


def _drawn(layers):
    """Features embedded per schema layer (a schema layer may be split over several)."""
    out = {}
    for spec in layers:
        if spec.get("schema"):
            out.setdefault(spec["schema"], set()).update(f["id"] for f in spec["features"])
    return {k: len(v) for k, v in sorted(out.items())}


def _bilingual(spec, lang, basemap, both, payload):
    """(side panel in both languages with the switch, the data island of what differs)."""
    zh, en = ({**_payload(spec.name, code, basemap, both[code][0], both[code][1],
                          **both[code][5]), "lang": ""} for code in LANGS)
    side = bilingual.merge(both["zh"][2], both["en"][2], default=lang)
    at = side.index(">", side.index("<aside")) + 1
    side = side[:at] + '\n<div class="atlas-lang-bar">' + bilingual.switch() + "</div>" + side[at:]
    titles = [webdata.plain(both[code][4] or spec.title(code)) for code in LANGS]
    # the default language is in the page's data already: only the other one's values
    island = {"default": lang, **bilingual.payload_patch(zh, en, lang), "title": titles}
    return side, webassets.json_block("atlas-l10n", island)


def _folium(spec, lang, basemap, layers, view, side, scripts, title, extra, m=None,
            map_kwds=None, both=None):
    payload = _payload(spec.name, lang, basemap, layers, view, **extra)
    island = ""
    if both is not None:  # a page of the atlas: both languages, and the switch
        side, island = _bilingual(spec, lang, basemap, both, payload)
        scripts = (bilingual.asset("bilingual.js"),) + tuple(scripts)
    (s, w), (n, e) = view
    if m is None:
        kwds = dict(location=[(s + n) / 2, (w + e) / 2], zoom_start=10, zoom_control=True,
                    control_scale=False, zoom_snap=0.25, zoom_delta=0.5)
        kwds.update(map_kwds or {})
        m = webassets.OfflineMap(scripts=scripts, **kwds)
    else:
        m.add_child(webassets.InlineAssets(scripts, leaflet=False), name="atlas_assets")
    figure = m.get_root()
    figure.title = html.escape(webdata.plain(title or spec.title(lang)), quote=True)
    figure.html.add_child(webassets.Markup(side + webassets.json_block("atlas-data", payload)
                                           + island, name="AtlasSide"), name="atlas_side")
    if both is not None:
        figure.header.add_child(webassets.Markup(webassets.inline_style(
            bilingual.asset("bilingual.css")), name="AtlasL10nStyle"), name="atlas_l10n_style")
    m.add_child(_Boot(), name="atlas_boot")
    return m


def _page(spec, lang, m, layers):
    figure = m.get_root()
    webassets.stabilize(figure)
    page = webassets.allow_zoom(figure.render())
    page = page.replace("<html>", f'<html lang="{webassets.html_lang(lang)}">', 1)
    page = page.replace("<head>", "<head>\n    " + GENERATOR, 1)  # lets `atlas map` know its own files
    remote = webassets.remote_urls(page)
    if remote:  # never ship a page that needs the network
        raise RuntimeError(f"{spec.filename} would load {remote}")
    return Page(spec.name, spec.filename, spec.title.zh, spec.title.en, page, _drawn(layers))
