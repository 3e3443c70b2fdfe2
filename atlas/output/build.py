"""``atlas build``: every page, figure and the report, written all at once."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from atlas.core.builddate import build_day
from atlas.core.version import VERSION
from atlas.core import schema
from atlas.maps import catalog
from atlas.core import settings
from atlas.output.outdir import (CARRIED, check_build_target, check_owned, confined, path_in_errors,
                          staged_dir, write_marker)


@dataclass
class Built:
    """What one build wrote: the folder, the files in it, and any layer not fully drawn."""

    out_dir: Path
    files: list = field(default_factory=list)  # paths relative to out_dir
    not_drawn: list = field(default_factory=list)  # "layer: N in, M drawn"

    @property
    def paths(self):
        return [self.out_dir / name for name in self.files]

    @property
    def summary(self):
        lost = f"; NOT DRAWN: {self.not_drawn}" if self.not_drawn else ""
        return f"built {len(self.files)} files into {self.out_dir}{lost}"


#: what ``figures=`` may say: which languages and formats of static figures a build writes
FIGURE_SETS = ("default", "all", "none")
ALL_FORMATS = ("png", "svg", "pdf")
#: a report in Word or slides takes the 300 dpi PNG; print shops and vector use take the PDF
DEFAULT_FORMATS = ("png", "pdf")
LANGS = ("zh", "en")


def figure_jobs(figures, lang):
    """[(map, lang, formats)]: one job per figure to draw, in the order pages list them."""
    if figures is True:
        figures = "default"
    if figures is False or figures is None:
        figures = "none"
    if figures not in FIGURE_SETS:
        raise ValueError(f"--figures {figures}: choose one of {', '.join(FIGURE_SETS)}")
    if figures == "none":
        return []
    langs, formats = ((lang,), DEFAULT_FORMATS) if figures == "default" else (LANGS, ALL_FORMATS)
    return [(name, other, formats) for other in langs for name in catalog.NAMES]


def build(atlas, out_dir, basemap="none", lang="zh", figures="default", force=False, jobs=None,
          cache=True, shared_assets=False, points=None):
    """Write the atlas into ``out_dir`` now, replacing it only if every step succeeds.

    Returns a ``Built`` listing the files written. ``build.json`` records,
    for each layer, how many features went in and how many each page drew.
    ``out_dir`` must be empty, missing or an earlier build (see outdir.check_build_target);
    ``force`` lets a build replace files of an earlier build that were edited since.
    ``figures`` is "default" (PNG and PDF in ``lang``), "all" (every format and language)
    or "none"; True and False mean "default" and "none". ``jobs`` processes draw the
    figures (default: one per core; 1 draws them here). With ``cache``, figures and pages
    whose inputs, code and options are unchanged are copied from the build cache
    (atlas.output.buildcache), which lives outside ``out_dir``. With ``shared_assets``,
    Leaflet and the atlas's CSS and JS are written once into ``assets/`` and the pages link
    them; by default every page is a single file. ``points`` (atlas.model.points.Points, see
    atlas.output.points.load) adds a planner's joined list to the maps that declare a points
    layer: clustered on their pages, a hexbin density on their figures; its digest is an
    input of those pages' and figures' cache keys.
    """
    from atlas.output import buildcache

    out_dir = Path(out_dir)
    todo = figure_jobs(figures, lang)
    day = build_day()  # the parks page prints it: a key input of the pages
    check_build_target(out_dir, atlas.data_dir, atlas.seeds_dir or settings.seeds(), force=force)
    store = buildcache.Cache(atlas) if cache else None
    lines = []

    def recheck(stage):  # the folder may have changed during a long build
        check_owned(out_dir, force=force)
        write_marker(stage, VERSION)

    with staged_dir(out_dir, replace=True, before_swap=recheck) as stage:

        def put(name, content):  # a full disk is reported with the file's own name
            with path_in_errors(out_dir / name):
                path = confined(stage, name)
                if isinstance(content, bytes):
                    path.write_bytes(content)
                else:
                    path.write_text(content, encoding="utf-8")

        figure_names = [name for job in todo for name in _names(job)]
        figure_links = [f"figures/{name}" for name in figure_names]

        def make_pages():
            # the set: home, report, embed and build.json, and the key of each map page
            key = (store.key("pages", basemap, lang, figure_links, _digest(points), day) if store
                   else None)
            hit = _cached_pages(store, key) if store else None
            if hit is not None:
                made, found = hit
                atlas.warnings.extend(w for w in found if w not in atlas.warnings)
                return made
            known = len(atlas.warnings)
            made = _pages(atlas, basemap, lang, figure_names, store, points, day)
            found = list(atlas.warnings[known:])  # e.g. a page over its weight budget
            if store:
                store.put(key, {name: _bytes(content) for name, content in made["files"]
                                if name not in made["keys"]},
                          {"names": [n for n, _ in made["files"]], "warnings": found,
                           "not_drawn": made["not_drawn"], "pages": made["keys"]})
            return made

        if todo:  # the pages need only the figures' names: made while the workers draw
            (stage / "figures").mkdir()
            made = _figures(atlas, stage / "figures", todo, jobs, store, points,
                            meanwhile=make_pages)
        else:
            made = make_pages()
        pages_done = [name for name, _ in made["files"]]
        linked = set()
        for name, content in made["files"]:
            if shared_assets and name.endswith(".html"):
                content, used = _link_shared(_bytes(content).decode("utf-8"))
                linked.update(used)
            put(name, content)
        lines += pages_done[:-3] + figure_links + pages_done[-3:]
        if linked:
            from atlas.render.web import assets

            (stage / assets.SHARED_FOLDER).mkdir()
            for name, content, _, _ in assets.shared_assets():
                if name in linked:
                    put(f"{assets.SHARED_FOLDER}/{name}", content)
                    lines.append(f"{assets.SHARED_FOLDER}/{name}")
        for name in CARRIED:  # maps_out/README.md is committed and hand-written: keep it
            if (out_dir / name).is_file():
                put(name, (out_dir / name).read_bytes())
    return Built(out_dir, lines, made["not_drawn"])


def _link_shared(page):
    from atlas.render.web import assets

    return assets.link_shared(page)


def _bytes(content):
    return content if isinstance(content, bytes) else content.encode("utf-8")


def _digest(points):
    return points.digest if points is not None else ""


def _shows_points(name, points):
    spec = catalog.get(name).points
    return points is not None and spec is not None and spec.shown_on("print")


def _cached_pages(store, key):
    """(made, warnings) of an unchanged build from the cache: the set's own files and each
    map page from its own entry; None if any is missing."""
    hit = store.get(key)
    if hit is None:
        return None
    files, meta = hit
    try:
        for name, page_key in meta["pages"].items():
            page = store.get(page_key)
            if page is None or name not in page[0]:
                return None
            files[name] = page[0][name]
        made = {"files": [(name, files[name]) for name in meta["names"]],
                "not_drawn": meta["not_drawn"], "keys": meta["pages"]}
    except (KeyError, AttributeError, TypeError):
        return None
    return made, meta["warnings"]


def _page_cache(atlas, store, basemap, lang, keys, points=None, day=""):
    """render_pages' ``cached``: each map page from its own entry, keyed on the tables it
    reads (buildcache.page_tables), else made and stored; ``keys`` collects {file: key}."""
    from atlas.render.web.document import Page

    def cached(spec, make):
        # a planner's list is an input of the pages that draw it
        shown = _digest(points) if spec.points is not None else ""
        key = store.page_key(spec.name, basemap, lang, shown, day)
        keys[spec.filename] = key
        hit = store.get(key)
        if hit is not None:
            files, meta = hit
            atlas.warnings.extend(w for w in meta["warnings"] if w not in atlas.warnings)
            return Page(meta["name"], spec.filename, meta["title"][0], meta["title"][1],
                        files[spec.filename].decode("utf-8"), meta["drawn"])
        known = len(atlas.warnings)
        page = make()
        store.put(key, {page.filename: page.html.encode("utf-8")},
                  {"name": page.name, "title": [page.title_zh, page.title_en],
                   "drawn": page.drawn, "warnings": list(atlas.warnings[known:])})
        return page

    return cached


def _pages(atlas, basemap, lang, figure_names, store=None, points=None, day=""):
    """{"files": [(name, text)], "not_drawn": [...], "keys": {map page: cache key}}: the
    pages, report, embed and build.json (in that order, the last three last)."""
    from atlas.render.docs import embed
    from atlas.render.docs import report
    from atlas.render.web import pages as webmap

    links = [f"figures/{name}" for name in figure_names]
    keys = {}
    cached = _page_cache(atlas, store, basemap, lang, keys, points, day) if store else None
    pages = webmap.render_pages(atlas, basemap=basemap, lang=lang,
                                downloads=_downloads(figure_names), points=points,
                                cached=cached)
    files = [(page.filename, page.html) for page in pages]
    maps = [(p.filename, p.title_zh, p.title_en) for p in pages if p.name != "index"]
    files.append(("report.html", report.render(atlas, links, lang=lang)))
    files.append(("embed.html", embed.render(atlas, maps, lang=lang, figures=links)))
    manifest = manifest_of(atlas, pages)
    if points is not None:  # counts only: the list's rows stay out of build.json
        manifest["points"] = {k: points.result.counts[k] for k in ("rows_in", "joined",
                                                                   "rejected", "by_reason")}
    files.append(("build.json", json.dumps(manifest, ensure_ascii=False, indent=1,
                                           sort_keys=True) + "\n"))
    lost = [f"{k}: {v['in']} in, {v['drawn']} drawn" for k, v in manifest["layers"].items()
            if v["in"] != v["drawn"]]
    return {"files": files, "not_drawn": lost, "keys": keys}


# --- figures: cached, else drawn in worker processes ------------------------------------------

_WORKER = {}  # the atlas and folder a worker process draws with (set by _start_worker)


def _figures(atlas, folder, todo, jobs, store, points=None, meanwhile=None):
    """Write every job's files into ``folder``, from the cache or drawn, and return what
    ``meanwhile()`` returns, called here while worker processes draw. Each figure is drawn
    whole by one process, so the bytes are the same whichever process draws it and however
    many there are."""
    if meanwhile is None:
        meanwhile = lambda: None  # noqa: E731
    missing = []
    for job in todo:
        key, hit = _cached_figure(store, job, points) if store else (None, None)
        if hit is None:
            missing.append((job, key))
            continue
        for name, content in hit[0].items():
            with path_in_errors(folder / name):
                confined(folder, name).write_bytes(content)
    if not missing:
        return meanwhile()
    result = _draw([job for job, _ in missing], atlas, folder, jobs, points, meanwhile)
    for job, key in missing:
        if store:
            names = _names(job)
            store.put(key, {name: (folder / name).read_bytes() for name in names},
                      {"names": names})
    return result


def _cached_figure(store, job, points=None):
    """(figure key, cached files or None). A key of the whole build's inputs points at the
    figure key when nothing changed, so an unchanged rebuild need not compute the figure key
    (whose PDF characters import matplotlib)."""
    shown = _digest(points) if _shows_points(job[0], points) else ""
    whole = store.key("figure", *job, shown)
    hit = store.get(whole)
    key = hit[1].get("alias") if hit else None
    if not (isinstance(key, str) and len(key) == 64 and key.isalnum()):
        key = store.figure_key(*job, shown)
    store.put(whole, {}, {"alias": key})  # kept if it exists already
    return key, store.get(key)


def _names(job):
    name, lang, formats = job
    return [f"{name}.{lang}.{fmt}" for fmt in formats]


def _draw(todo, atlas, folder, jobs, points, meanwhile):
    """Draw ``todo``; returns ``meanwhile()``, run in this process while the workers draw."""
    import os

    from atlas.render import fonts
    from atlas.render.print import figure

    pdf = any("pdf" in job[2] for job in todo)
    workers = min(len(todo), jobs or os.cpu_count() or 1)
    if workers <= 1:
        if pdf:
            fonts.pdf_fonts(figure.charset(atlas))  # the PDF font, made once for all figures
        _start_worker(atlas, folder, points)
        for job in todo:
            _draw_one(job)
        return meanwhile()
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    # the workers first make the PDF font, one installed file each, into the cache (where
    # a worker finds it: none writes a PDF before it is ready), then draw; this process
    # makes the pages meanwhile
    font_ready = context.Event()
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                               initargs=(atlas, folder, points, font_ready))
    try:
        making = [pool.submit(fonts.make_pdf_font, *job)
                  for job in (fonts.pdf_font_jobs(figure.charset(atlas)) if pdf else [])]
        left = [len(making)]
        lock = threading.Lock()

        def made(_):  # called in this process as each font is done (or has failed)
            with lock:
                left[0] -= 1
                if left[0] == 0:
                    font_ready.set()

        for future in making:
            future.add_done_callback(made)
        if not making:
            font_ready.set()
        drawing = [pool.submit(_draw_one, job) for job in todo]
        result = meanwhile()
        for done in making + drawing:  # raises the first error here, in job order
            done.result()
    except BaseException:
        font_ready.set()  # no worker waits for a font that will not come
        pool.shutdown(wait=True, cancel_futures=True)  # no worker writes into a removed stage
        raise
    pool.shutdown(wait=True)
    return result


def _start_worker(atlas, folder, points=None, font_ready=None):
    _WORKER.update(atlas=atlas, folder=folder, points=points, font_ready=font_ready)


def _draw_one(job):
    from atlas.render.print import figure

    name, lang, formats = job
    points = _WORKER.get("points")
    mapfig = figure.build(_WORKER["atlas"], name, lang=lang,
                          points=points if _shows_points(name, points) else None)
    try:
        for fmt in formats:
            if fmt == "pdf" and _WORKER.get("font_ready") is not None:
                _WORKER["font_ready"].wait()  # the main process is making the PDF font
            figure.save(mapfig, _WORKER["folder"] / f"{name}.{lang}.{fmt}", fmt)
    finally:
        figure.close(mapfig)
    return job


def _downloads(figure_names):
    """Home-page links to the report, the snippets and every static figure."""
    links = [
        ("report.html", "可打印报告（A4）", "printable report (A4)"),
        ("embed.html", "嵌入代码（iframe / Markdown / 图片）", "embed snippets (iframe / Markdown / image)"),
    ]
    for filename in figure_names:
        stem, lang, fmt = filename.rsplit(".", 2)
        label = catalog.get(stem).label
        zh, en = label.zh, label.en
        links.append(
            (f"figures/{filename}", f"静态图：{zh}（{lang}，{fmt.upper()}）",
             f"figure: {en} ({lang}, {fmt.upper()})")
        )
    return links


def manifest_of(atlas, pages):
    """Per layer: features loaded, and the most any page drew (the overview draws all)."""
    layers = {}
    # every layer the atlas holds, derived ones (the zones' areas) included
    for name in sorted({layer.name for layer in schema.LAYERS} | set(atlas.layers)):
        drawn = {p.name: p.drawn[name] for p in pages if name in p.drawn}
        layers[name] = {
            "in": int(len(atlas.layers[name])),
            "drawn": max(drawn.values(), default=0),
            "drawn_by_page": dict(sorted(drawn.items())),
        }
    return {
        "layers": layers,
        "pages": sorted(p.filename for p in pages),
        "warnings": list(atlas.warnings),
    }
