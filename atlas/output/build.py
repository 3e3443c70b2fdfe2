"""``atlas build``: every page, figure and the report, written all at once."""

import json
from dataclasses import dataclass, field
from pathlib import Path

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


def build(atlas, out_dir, basemap="none", lang="zh", figures=True, force=False):
    """Write the atlas into ``out_dir`` now, replacing it only if every step succeeds.

    Returns a ``Built`` listing the files written. ``build.json`` records,
    for each layer, how many features went in and how many each page drew.
    ``out_dir`` must be empty, missing or an earlier build (see outdir.check_build_target);
    ``force`` lets a build replace files of an earlier build that were edited since.
    """
    from atlas.render.docs import embed
    from atlas.render.docs import report
    from atlas.render.web import pages as webmap

    out_dir = Path(out_dir)
    check_build_target(out_dir, atlas.data_dir, atlas.seeds_dir or settings.seeds(), force=force)
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

        figure_paths = []
        if figures:
            from atlas.render.print import figure

            folder = stage / "figures"
            folder.mkdir()
            for other in ("zh", "en"):
                figure_paths += figure.render_all(atlas, folder, lang=other)
        pages = webmap.render_pages(
            atlas, basemap=basemap, lang=lang, downloads=_downloads(figure_paths)
        )
        for page in pages:
            put(page.filename, page.html)
            lines.append(page.filename)
        lines += [f"figures/{p.name}" for p in figure_paths]
        maps = [(p.filename, p.title_zh, p.title_en) for p in pages if p.name != "index"]
        put("report.html", report.render(atlas, [f"figures/{p.name}" for p in figure_paths], lang=lang))
        put("embed.html", embed.render(atlas, maps, lang=lang))
        lines += ["report.html", "embed.html"]
        manifest = manifest_of(atlas, pages)
        put("build.json", json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
        lines.append("build.json")
        for name in CARRIED:  # maps_out/README.md is committed and hand-written: keep it
            if (out_dir / name).is_file():
                put(name, (out_dir / name).read_bytes())
    lost = [f"{k}: {v['in']} in, {v['drawn']} drawn" for k, v in manifest["layers"].items()
            if v["in"] != v["drawn"]]
    return Built(out_dir, lines, lost)


def _downloads(figure_paths):
    """Home-page links to the report, the snippets and every static figure."""
    links = [
        ("report.html", "可打印报告（A4）", "printable report (A4)"),
        ("embed.html", "嵌入代码（iframe / Markdown / 图片）", "embed snippets (iframe / Markdown / image)"),
    ]
    for path in figure_paths:
        stem, lang, fmt = path.name.rsplit(".", 2)
        label = catalog.get(stem).label
        zh, en = label.zh, label.en
        links.append(
            (f"figures/{path.name}", f"静态图：{zh}（{lang}，{fmt.upper()}）",
             f"figure: {en} ({lang}, {fmt.upper()})")
        )
    return links


def manifest_of(atlas, pages):
    """Per layer: features loaded, and the most any page drew (the overview draws all)."""
    layers = {}
    for layer in schema.LAYERS:
        name = layer.name
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
