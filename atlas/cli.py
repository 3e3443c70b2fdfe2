"""The ``atlas`` command: validate, list, export, build maps and figures.

Exit codes: 0 success, 1 invalid input data, 2 usage error (bad option, unknown
name, unwritable path), 3 the atlas itself is broken (an internal error: please
report it with --debug output; or an installation without its shipped data),
130 interrupted.
"""

import argparse
import json
import os
import sys
import traceback
from pathlib import Path

from atlas.core.version import VERSION

from atlas.model import query
from atlas.data.problems import ValidationError
from atlas.maps.words import target_label, target_total_text
from atlas.core import schema
from atlas.maps import catalog
from atlas.core.shipped import InstallationError
from atlas.model.tags import reason_text
from atlas.render.table import render

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

DESCRIPTION = "Xixian Innovation Atlas: validate the data, list parks, export layers, build maps."

# plain text for --help: argparse does not render reStructuredText
EPILOG = """\
options every command takes:
  --data DIR    data folder (default: $ATLAS_DATA, else the shipped geodata/)
  --seeds DIR   source documents that quotes are checked against
                (default: $ATLAS_SEEDS, else the shipped seeds/)
  --debug       show a traceback on error

exit codes: 0 ok, 1 invalid data, 2 usage error, 3 broken atlas or
installation, 130 interrupted. Run "atlas COMMAND --help" for a command's options.
"""


JOIN_HELP = """\
Join your own list (enterprises, signed projects) to the new cities, parks, belts
and sectors. Each row gets its new city (or 新区外, outside the new area), the park
it falls in, the belt, the distance to the nearest park edge in metres and the
sectors matched from its industry text, with the reason. The parks are schematic
(precision_m, ±3 km): a point-in-park result is only as good as that.

Enterprise lists are often confidential: only the columns you name (or that are
guessed from common headers: 经度/纬度, lng/lat, x/y, 企业名称/名称, 行业, 产值)
go into the outputs. No other column of your file is copied anywhere.

Bad rows are never dropped silently: each is listed with its row number and
reason, and rows in = joined + rejected. Exit 1 if the file cannot be read at
all or no row could be joined.
"""


class UsageError(Exception):
    """A bad option or path, reported with exit code 2."""


#: rejected rows listed on screen when the error report is also written to a file
SHOWN_REJECTS = 20


class ListError(Exception):
    """A planner's list that cannot be used at all, reported with exit code 1."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        raise UsageError(f"{self.prog}: {message}")


def _shared():
    """Options every subcommand takes."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--data", metavar="DIR", help="data folder (default: $ATLAS_DATA or the shipped geodata/)"
    )
    parent.add_argument(
        "--seeds", metavar="DIR", help="seeds folder (default: $ATLAS_SEEDS or the shipped seeds/)"
    )
    parent.add_argument("--debug", action="store_true", help="show tracebacks")
    return parent


def _jobs(text):
    """--jobs N: a whole number of processes, at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1 or value > 256:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of processes (1–256)")
    return value


def _lang(parser):
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="label language")


def _filters(parser, cluster=False):
    parser.add_argument("--sector", metavar="Q", help="sector or cluster, Chinese/English/synonym")
    if cluster:
        parser.add_argument("--cluster", metavar="Q", help="sector cluster, e.g. 新能源")
    parser.add_argument("--new-city", metavar="Q", help="new city, e.g. 泾河新城 or jinghe")
    parser.add_argument("--belt", metavar="Q", help="belt, e.g. 秦创原先进制造示范带")


def _force(parser):
    parser.add_argument("--force", action="store_true",
                        help="replace an existing file even if the atlas did not write it")


def _bom(parser):
    parser.add_argument(
        "--bom", action="store_true", help="CSV only: start with a UTF-8 BOM, for Excel on Windows"
    )


def _check_bom(args):
    if args.bom and args.format != "csv":
        raise UsageError(f"atlas {args.command}: --bom applies to --format csv only")


def _list_options(parser, shown=""):
    """The options naming a planner's list's columns and coordinates: `atlas join` and
    `atlas build --points` share them."""
    for role, text in (("lon", "longitude"), ("lat", "latitude"), ("name", "name"),
                       ("sector-text", "industry text"), ("value", "value (a plain number)")):
        extra = shown if role in ("name", "value") else ""
        parser.add_argument(f"--{role}", metavar="COLUMN", help=f"column holding the {text}{extra}")
    parser.add_argument("--crs", choices=("wgs84", "gcj02", "bd09"), default="wgs84",
                        help="where the coordinates come from: wgs84 (GPS), gcj02 "
                             "(Gaode/Tencent), bd09 (Baidu); default wgs84")
    parser.add_argument("--fix-swapped", action="store_true",
                        help="swap longitude and latitude where they are plainly swapped "
                             "(default: reject those rows)")


def _list_names(args):
    """role -> header from the list options (None where not given)."""
    return {"name": args.name, "lon": args.lon, "lat": args.lat,
            "sector_text": args.sector_text, "value": args.value}


POINTS_HELP = """--points FILE adds your own list (enterprises, signed projects) to the overview and
parks maps: clustered at low zoom, single points at high zoom, filtered by the parks
page's sector filter, counted per park in the side panel; the printed figures show it
as a hexbin density. It is read and joined exactly as `atlas join` does (same column
and --crs options, same summary of rejected rows).

Enterprise lists are often confidential: the pages hold only the coordinates and the
matched sectors of each row, plus its name or value if (and only if) you name that
column with --name or --value. No other column of your file goes into the pages,
figures or build.json; a guessed name column is used for the join, never shown.
"""


def _write_bytes(text):
    """Print ``text`` as UTF-8 whatever the console's encoding, as a BOM in it claims."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def build_parser():
    shared = _shared()
    parser = _Parser(
        prog="atlas",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"atlas {VERSION}")
    sub = parser.add_subparsers(
        dest="command", required=True, parser_class=_Parser, title="commands", metavar="COMMAND"
    )

    def command(name, text):
        # the short help shows in "atlas --help", and heads "atlas NAME --help"
        return sub.add_parser(name, parents=[shared], help=text, description=text)

    command("validate", text="check the data; list every problem")

    p = command("parks", text="list parks, filtered")
    _filters(p)
    p.add_argument("--format", choices=("table", "csv", "json", "geojson"), default="table")
    _bom(p)
    p.add_argument(
        "--direct", action="store_true",
        help="with --sector: only parks whose 重点发展 list names it (basis 'named')",
    )
    p.add_argument("--search", metavar="TEXT",
                   help="words as in the parks page's search box (names, aliases, sectors, "
                        "anchor projects, new cities); several words must all match")
    p.add_argument("--summary", action="store_true",
                   help="csv: end with a 'total' row (the sum and its qualifiers); json: print "
                        "{\"parks\": [...], \"summary\": {the total}} instead of the plain array "
                        "(the table always ends with the total)")
    _lang(p)

    p = command("export", text="write every layer to files")
    p.add_argument("--format", choices=schema.EXPORT_FORMATS, required=True)
    p.add_argument("--out", metavar="DIR", required=True)
    _force(p)
    _bom(p)

    p = sub.add_parser("build", parents=[shared], help="build the HTML atlas, figures and report",
                       description="build the HTML atlas, figures and report\n\n" + POINTS_HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", metavar="DIR", default="maps_out")
    p.add_argument("--points", metavar="FILE",
                   help="your own list to draw on the overview and parks maps (.csv, .xlsx, "
                        ".geojson, .gpkg); only the columns you name go into the pages")
    _list_options(p, shown=" (with --points: shown in the pages only if named here)")
    p.add_argument("--basemap", default="none", help="initial basemap (default: none, offline)")
    p.add_argument("--figures", choices=("default", "all", "none"), default=None,
                   help="static figures: default = PNG (300 dpi) and PDF in the build language; "
                        "all = PNG, SVG and PDF in Chinese and English; none = no figures")
    p.add_argument("--html-only", action="store_true", help="the same as --figures none")
    p.add_argument("--jobs", type=_jobs, default=None, metavar="N",
                   help="processes drawing figures (default: one per core; 1: no extra process)")
    p.add_argument("--shared-assets", action="store_true",
                   help="write Leaflet and the atlas's CSS and JS once into assets/ and link "
                        "them from the pages (for a web server); default: single-file pages")
    p.add_argument("--no-cache", action="store_true",
                   help="draw everything again instead of reusing unchanged figures and pages "
                        "from the build cache ($ATLAS_CACHE, else ~/.cache/xixian-atlas)")
    p.add_argument("--force", action="store_true",
                   help="replace an earlier build even if its files were edited since "
                        "(never anything the atlas did not write)")
    _lang(p)

    p = command("map", text="write one interactive map")
    p.add_argument("map", choices=("parks",))
    _filters(p, cluster=True)
    p.add_argument("--out", metavar="FILE.html", required=True)
    _force(p)
    p.add_argument("--basemap", default="none")
    _lang(p)

    p = command("figure", text="write one static figure")
    p.add_argument("map", choices=catalog.NAMES)
    _filters(p, cluster=True)
    p.add_argument("--format", choices=("png", "svg", "pdf"), default=None)
    p.add_argument("--dpi", type=int, default=300)
    p.add_argument("--size", default="a4", help="a4, a4-landscape or WxH in mm")
    p.add_argument("--out", metavar="FILE")
    _force(p)
    _lang(p)

    p = sub.add_parser(
        "join", parents=[shared], help="join your own list of enterprises or projects",
        description=JOIN_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="FILE", help=".csv (UTF-8 or GBK), .xlsx, .geojson or .gpkg")
    _list_options(p)
    p.add_argument("--out", metavar="DIR",
                   help="write joined.FORMAT, joined_summary.csv and joined_errors.csv here "
                        "(default: print the summary only)")
    p.add_argument("--format", choices=("csv", "geojson", "gpkg"), default="csv")
    _force(p)
    _bom(p)
    return parser


def _warn_summary(atlas_obj):
    for w in atlas_obj.warnings:
        print(f"warning: {w}", file=sys.stderr)
    if atlas_obj.warnings:
        print(f"{len(atlas_obj.warnings)} warning(s)", file=sys.stderr)


def _load(args):
    from atlas.data.load import load  # geopandas: only for commands that read the data

    return load(args.data, seeds_dir=args.seeds)


def cmd_validate(args):
    a = _load(args)
    _warn_summary(a)
    counts = ", ".join(f"{len(f)} {name.replace('_', ' ')}" for name, f in a.layers.items())
    print(
        f"ok: {a.data_dir}: {counts}; {len(a.sectors)} sectors, {len(a.indicators)} indicators, "
        f"{len(a.discrepancies)} recorded discrepancies"
    )


def cmd_parks(args):
    from atlas.output import export as export_mod

    _check_bom(args)
    a = _load(args)
    _warn_summary(a)
    if args.direct and args.sector is None:
        raise UsageError("atlas parks: --direct needs --sector")
    if args.summary and args.format not in ("json", "csv"):
        raise UsageError("atlas parks: --summary applies to --format csv or json only")
    parks = query.parks(
        a, sector=args.sector, new_city=args.new_city, belt=args.belt, direct=args.direct,
        q=args.search, lang=args.lang,
    )
    total = query.target_total(parks)
    total_text = target_total_text(total, args.lang)
    if args.format == "json":
        records = export_mod.park_records(parks)
        if args.summary:
            records = {"parks": records, "summary": {**total, "text": total_text}}
        print(json.dumps(records, ensure_ascii=False, indent=1))
    elif args.format == "geojson":
        print(json.dumps(export_mod.feature_collection(parks), ensure_ascii=False, indent=1))
    elif args.format == "csv":
        frame = parks.copy()
        if "match_reasons" in frame:
            frame["match_reasons"] = frame["match_reasons"].map(
                lambda rs: " | ".join(reason_text(r, "zh") for r in rs)
            )
        if "search_matches" in frame:
            frame["search_matches"] = frame["search_matches"].map(
                lambda hs: " | ".join(f"{h[0]}: {h[2]}" for h in hs))
        text = export_mod.csv_text(frame, bom=args.bom)
        # the plain CSV stays the exported parks.csv, row for row
        _write_bytes(text + (_total_row(text, total, total_text) if args.summary else ""))
    else:
        zh = args.lang == "zh"
        headers = (
            ["园区", "新城", "产业", "2025 产值目标"]
            if zh
            else ["park", "new city", "sectors", "2025 output target"]
        )
        if "match_reasons" in parks:
            headers.append("匹配依据" if zh else "why it matched")
        if "search_matches" in parks:
            headers.append("搜索命中" if zh else "search matched")
        rows = []
        for r in parks.itertuples():
            row = [
                r.short_name_zh if zh else r.short_name_en,
                r.new_city if zh else r.new_city_en,
                "、".join(r.sectors_zh) if zh else ", ".join(r.sectors_en),
                target_label(r.output_target_2025, r.target_qualifier, args.lang),
            ]
            if "match_reasons" in parks:
                row.append("; ".join(reason_text(x, args.lang, quote=False) for x in r.match_reasons))
            if "search_matches" in parks:
                row.append("; ".join(f"{h[0]}: {h[2]}" for h in r.search_matches))
            rows.append(row)
        print(render(headers, rows))
        n = len(parks)
        print(f"\n{n} / {len(a.parks)} 个园区" if zh else f"\n{n} / {len(a.parks)} parks")
        print(total_text)
    if not len(parks):
        print("no park matches these filters", file=sys.stderr)


def _total_row(table_text, total, text):
    """The CSV's last line: 'total' in the first column, the sum under output_target_2025
    and the sentence with its qualifiers under target_wording_zh."""
    import csv
    import io

    columns = next(csv.reader(io.StringIO(table_text.lstrip("\ufeff"))))
    row = {c: "" for c in columns}
    row[columns[0]] = "total"
    if "output_target_2025" in row and total["total"] is not None:
        row["output_target_2025"] = f"{total['total']:g}"
    if "target_wording_zh" in row:
        row["target_wording_zh"] = text
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([row[c] for c in columns])
    return out.getvalue()


def cmd_export(args):
    from atlas.output import export as export_mod

    _check_bom(args)
    a = _load(args)
    _warn_summary(a)
    for path in export_mod.write(a, args.format, Path(args.out), bom=args.bom, force=args.force):
        print(path)


def cmd_build(args):
    from atlas.output import build
    from atlas.core import settings
    from atlas.output.outdir import check_build_target

    # refuse a dangerous --out before any work (build.build checks again)
    check_build_target(Path(args.out), settings.data_dir(args.data), settings.seeds(args.seeds),
                       force=args.force)
    if args.html_only and args.figures not in (None, "none"):
        raise UsageError(f"atlas build: --html-only and --figures {args.figures} contradict each other; "
                         "give one of them")
    figures = "none" if args.html_only else (args.figures or "default")
    given = {k: v for k, v in _list_names(args).items() if v}
    if args.points is None and (given or args.crs != "wgs84" or args.fix_swapped):
        raise UsageError("atlas build: the column, --crs and --fix-swapped options describe "
                         "a list: give it with --points FILE")
    a = _load(args)
    _warn_summary(a)
    points, line = None, None
    if args.points is not None:
        from atlas.output import points as points_out

        points = _read_list("build", args.points, lambda: points_out.load(
            Path(args.points), a, crs=args.crs, fix_swapped=args.fix_swapped, **given))
        line = _report_list("build", points.result, Path(args.points).name, SHOWN_REJECTS)
        if not points.result.counts["joined"]:
            print(line, file=sys.stderr)
        _check_joined("build", points.result, Path(args.points).name)
    known = len(a.warnings)
    built = build.build(
        a, Path(args.out), basemap=args.basemap, lang=args.lang, figures=figures,
        force=args.force, jobs=args.jobs, cache=not args.no_cache,
        shared_assets=args.shared_assets, points=points,
    )
    for w in a.warnings[known:]:  # found while rendering, e.g. a page over its weight budget
        print(f"warning: {w}", file=sys.stderr)
    for path in built.paths:
        print(path)
    print(built.summary)
    if line:
        print(f"{Path(args.points).name}: {line}", file=sys.stderr)


def cmd_map(args):
    from atlas.output import files

    a = _load(args)
    _warn_summary(a)
    path = files.write_filtered_parks_map(
        a,
        Path(args.out),
        sector=args.sector,
        cluster=args.cluster,
        new_city=args.new_city,
        belt=args.belt,
        basemap=args.basemap,
        lang=args.lang,
        force=args.force,
    )
    print(path)


def cmd_figure(args):
    from atlas.output import files

    a = _load(args)
    _warn_summary(a)
    path = files.write_figure(
        a,
        args.map,
        out=Path(args.out) if args.out else None,
        fmt=args.format,
        dpi=args.dpi,
        size=args.size,
        lang=args.lang,
        sector=args.sector,
        cluster=args.cluster,
        new_city=args.new_city,
        belt=args.belt,
        force=args.force,
    )
    print(path)


def _read_list(command, path, read):
    """``read()`` a planner's list, its faults as usage (a column) or list errors (exit 1)."""
    from atlas.data.userlist import ColumnError

    try:
        return read()
    except ColumnError as exc:
        raise UsageError(f"atlas {command}: {exc}") from None
    except ValidationError as exc:  # the list, not the atlas data: say so
        raise ListError(f"atlas {command}: cannot read your list:\n"
                        + "\n".join(f"  - {p}" for p in exc.problems)) from exc


def _report_list(command, result, name, shown=None):
    """Print the rejected rows (the first ``shown`` of them, or all) and return the count line:
    `atlas join` and `atlas build --points` report alike."""
    from atlas.model.join import REASONS

    c = result.counts
    why = ", ".join(f"{REASONS[k]} {n}" for k, n in c["by_reason"].items())
    listed = result.rejected if shown is None else result.rejected.head(shown)
    for r in listed.itertuples():
        print(f"{name}: row {r.row}: {REASONS[r.reason]}: {r.detail}", file=sys.stderr)
    if len(listed) < len(result.rejected):
        print(f"… and {len(result.rejected) - len(listed)} more rejected rows: every one is in "
              "joined_errors.csv" if command == "join" else
              f"… and {len(result.rejected) - len(listed)} more rejected rows: `atlas join "
              f"{name} --out DIR` writes every one to joined_errors.csv", file=sys.stderr)
    line = (f"rows in {c['rows_in']} = joined {c['joined']} + rejected {c['rejected']}"
            + (f" ({why})" if why else "")
            + (f"; {c['fixed']} fixed (swapped lon/lat)" if c["fixed"] else ""))
    return line


def _check_joined(command, result, name):
    c = result.counts
    if c["rows_in"] and not c["joined"]:
        raise ListError(f"atlas {command}: {name}: no row could be joined; every row is listed "
                        "above with its reason")


def cmd_join(args):
    from atlas.output import joined as joined_out

    if args.bom and (args.out is None or args.format != "csv"):
        raise UsageError("atlas join: --bom applies to --format csv with --out only")
    a = _load(args)
    name = Path(args.file).name
    result = _read_list("join", args.file, lambda: joined_out.join(
        Path(args.file), a, crs=args.crs, fix_swapped=args.fix_swapped, **_list_names(args)))
    # with --out every rejected row is in joined_errors.csv; the screen shows the first ones
    line = _report_list("join", result, name, SHOWN_REJECTS if args.out else None)
    if args.out:
        for path in joined_out.write(result, result.columns, args.format, Path(args.out),
                                     data_dir=a.data_dir, seeds_dir=a.seeds_dir, bom=args.bom,
                                     force=args.force):
            print(path)
    else:
        _write_bytes(joined_out.summary(result).to_csv(index=False, lineterminator="\n"))
    print(line, file=sys.stderr)
    _check_joined("join", result, name)


COMMANDS = {
    "validate": cmd_validate,
    "parks": cmd_parks,
    "export": cmd_export,
    "build": cmd_build,
    "map": cmd_map,
    "figure": cmd_figure,
    "join": cmd_join,
}


def main(argv=None):
    """Run the command line; returns the exit code (see the module docstring)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    debug = "--debug" in argv
    try:
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as exc:  # --help and --version: printed, nothing more to do
            return exc.code or EXIT_OK
        COMMANDS[args.command](args)
        return EXIT_OK
    except BrokenPipeError:
        # output piped into `head` and closed early: not an error worth a message
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return EXIT_OK
    except ValidationError as exc:
        error, code, message = exc, EXIT_DATA, str(exc)
    except ListError as exc:
        error, code, message = exc, EXIT_DATA, str(exc)
    except InstallationError as exc:  # not the user's data: the atlas's own files are missing
        error, code, message = exc, EXIT_INTERNAL, f"atlas: {exc}"
    except UsageError as exc:  # already names the subcommand, e.g. "atlas figure: ..."
        error, code, message = exc, EXIT_USAGE, str(exc)
    except (query.QueryError, ValueError, OSError) as exc:
        error, code, message = exc, EXIT_USAGE, f"atlas: {exc}"
    except KeyboardInterrupt as exc:
        error, code, message = exc, 130, "atlas: interrupted; nothing was written"
    except Exception as exc:  # noqa: BLE001 - last resort, so users never see a traceback
        error, code = exc, EXIT_INTERNAL
        message = (
            f"atlas: internal error: {type(exc).__name__}: {exc}\n"
            "rerun with --debug and report the traceback"
        )
    print(message, file=sys.stderr)
    if debug:
        traceback.print_exception(error, file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
