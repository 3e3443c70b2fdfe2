"""The ``atlas`` command: validate, list, export, build maps and figures.

Exit codes: 0 success, 1 invalid input data, 2 usage error (bad option, unknown
name, unwritable path), 3 internal error (a bug: please report it with --debug
output), 130 interrupted.
"""

import argparse
import json
import os
import sys
import traceback
from pathlib import Path

from atlas.output import export as export_mod
from atlas.model import query
from atlas.data.problems import ValidationError
from atlas.maps.words import target_label
from atlas.data.load import load
from atlas.render.table import render

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class UsageError(Exception):
    """A bad option or path, reported with exit code 2."""


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
    parent.add_argument("--debug", action="store_true", help="show tracebacks")
    return parent


def _lang(parser):
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="label language")


def _filters(parser, cluster=False):
    parser.add_argument("--sector", metavar="Q", help="sector or cluster, Chinese/English/synonym")
    if cluster:
        parser.add_argument("--cluster", metavar="Q", help="sector cluster, e.g. 新能源")
    parser.add_argument("--new-city", metavar="Q", help="new city, e.g. 泾河新城 or jinghe")
    parser.add_argument("--belt", metavar="Q", help="belt, e.g. 秦创原先进制造示范带")


def build_parser():
    shared = _shared()
    parser = _Parser(prog="atlas", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    sub.add_parser("validate", parents=[shared], help="check the data; list every problem")

    p = sub.add_parser("parks", parents=[shared], help="list parks, filtered")
    _filters(p)
    p.add_argument("--format", choices=("table", "csv", "json", "geojson"), default="table")
    _lang(p)

    p = sub.add_parser("export", parents=[shared], help="write every layer to files")
    p.add_argument("--format", choices=export_mod.FORMATS, required=True)
    p.add_argument("--out", metavar="DIR", required=True)

    p = sub.add_parser("build", parents=[shared], help="build the HTML atlas, figures and report")
    p.add_argument("--out", metavar="DIR", default="maps_out")
    p.add_argument("--basemap", default="none", help="initial basemap (default: none, offline)")
    p.add_argument("--html-only", action="store_true", help="skip the static figures (faster)")
    _lang(p)

    p = sub.add_parser("map", parents=[shared], help="write one interactive map")
    p.add_argument("map", choices=("parks",))
    _filters(p, cluster=True)
    p.add_argument("--out", metavar="FILE.html", required=True)
    p.add_argument("--basemap", default="none")
    _lang(p)

    p = sub.add_parser("figure", parents=[shared], help="write one static figure")
    p.add_argument("map", choices=("overview", "parks", "output", "corridors"))
    _filters(p, cluster=True)
    p.add_argument("--format", choices=("png", "svg", "pdf"), default=None)
    p.add_argument("--dpi", type=int, default=300)
    p.add_argument("--size", default="a4", help="a4, a4-landscape or WxH in mm")
    p.add_argument("--out", metavar="FILE")
    _lang(p)
    return parser


def _warn_summary(atlas_obj):
    for w in atlas_obj.warnings:
        print(f"warning: {w}", file=sys.stderr)
    if atlas_obj.warnings:
        print(f"{len(atlas_obj.warnings)} warning(s)", file=sys.stderr)


def cmd_validate(args):
    a = load(args.data)
    _warn_summary(a)
    counts = ", ".join(f"{len(f)} {name.replace('_', ' ')}" for name, f in a.layers.items())
    print(
        f"ok: {a.data_dir}: {counts}; {len(a.sectors)} sectors, {len(a.indicators)} indicators, "
        f"{len(a.discrepancies)} recorded discrepancies"
    )


def cmd_parks(args):
    a = load(args.data)
    _warn_summary(a)
    parks = query.parks(a, sector=args.sector, new_city=args.new_city, belt=args.belt)
    if args.format == "json":
        print(json.dumps(export_mod.park_records(parks), ensure_ascii=False, indent=1))
    elif args.format == "geojson":
        print(json.dumps(export_mod.feature_collection(parks), ensure_ascii=False, indent=1))
    elif args.format == "csv":
        export_mod.flat(parks).drop(columns="geometry").to_csv(sys.stdout, index=False)
    else:
        zh = args.lang == "zh"
        headers = (
            ["园区", "新城", "产业", "2025 产值目标", "面积 km²"]
            if zh
            else ["park", "new city", "sectors", "2025 output target", "area km²"]
        )
        rows = [
            [
                r.short_name_zh if zh else r.short_name_en,
                r.new_city if zh else r.new_city_en,
                "、".join(r.sectors_zh) if zh else ", ".join(r.sectors_en),
                target_label(r.output_target_2025, r.target_qualifier, args.lang),
                f"{r.area_km2:.1f}" if r.area_km2 == r.area_km2 else "",
            ]
            for r in parks.itertuples()
        ]
        print(render(headers, rows, numeric=headers[-1:]))
        n = len(parks)
        print(f"\n{n} / {len(a.parks)} 个园区" if zh else f"\n{n} / {len(a.parks)} parks")
    if not len(parks):
        print("no park matches these filters", file=sys.stderr)


def cmd_export(args):
    a = load(args.data)
    _warn_summary(a)
    for path in export_mod.write(a, args.format, Path(args.out)):
        print(path)


def cmd_build(args):
    from atlas.output import build

    a = load(args.data)
    _warn_summary(a)
    lines = build.build(
        a, Path(args.out), basemap=args.basemap, lang=args.lang, figures=not args.html_only
    )
    for line in lines:
        print(line)


def cmd_map(args):
    from atlas.output import files

    a = load(args.data)
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
    )
    print(path)


def cmd_figure(args):
    from atlas.output import files

    a = load(args.data)
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
    )
    print(path)


COMMANDS = {
    "validate": cmd_validate,
    "parks": cmd_parks,
    "export": cmd_export,
    "build": cmd_build,
    "map": cmd_map,
    "figure": cmd_figure,
}


def main(argv=None):
    """Run the command line; returns the exit code (see the module docstring)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    debug = "--debug" in argv
    try:
        args = build_parser().parse_args(argv)
        COMMANDS[args.command](args)
        return EXIT_OK
    except BrokenPipeError:
        # output piped into `head` and closed early: not an error worth a message
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return EXIT_OK
    except ValidationError as exc:
        error, code, message = exc, EXIT_DATA, str(exc)
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
