"""``atlas build``: every page, figure and the report, written all at once."""

import json

from atlas.core import schema
from atlas.maps import catalog
from atlas.output.outdir import confined, staged_dir


def build(atlas, out_dir, basemap="none", lang="zh", figures=True):
    """Write the atlas into ``out_dir``, replacing it only if every step succeeds.

    Yields one line per file written, then a summary. ``build.json`` records,
    for each layer, how many features went in and how many each page drew.
    """
    from atlas.render.docs import embed
    from atlas.render.docs import report
    from atlas.render.web import pages as webmap

    lines = []
    with staged_dir(out_dir, replace=True) as stage:
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
            confined(stage, page.filename).write_text(page.html, encoding="utf-8")
            lines.append(page.filename)
        lines += [f"figures/{p.name}" for p in figure_paths]
        maps = [(p.filename, p.title_zh, p.title_en) for p in pages if p.name != "index"]
        confined(stage, "report.html").write_text(
            report.render(atlas, [f"figures/{p.name}" for p in figure_paths], lang=lang),
            encoding="utf-8",
        )
        confined(stage, "embed.html").write_text(embed.render(atlas, maps, lang=lang), encoding="utf-8")
        lines += ["report.html", "embed.html"]
        manifest = manifest_of(atlas, pages)
        confined(stage, "build.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        lines.append("build.json")
        readme = out_dir / "README.md"  # the one hand-written file in maps_out/
        if readme.exists():
            confined(stage, "README.md").write_bytes(readme.read_bytes())
    lost = [f"{k}: {v['in']} in, {v['drawn']} drawn" for k, v in manifest["layers"].items()
            if v["in"] != v["drawn"]]
    for line in lines:
        yield f"{out_dir}/{line}"
    yield f"built {len(lines)} files into {out_dir}" + (f"; NOT DRAWN: {lost}" if lost else "")


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
