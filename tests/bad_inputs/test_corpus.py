"""Every class of bad input gets a clear answer from validate, build and figure."""

import pytest

from atlas.core import settings
from atlas.cli import main
from atlas.output.outdir import write_marker
from tests.bad_inputs.corpus import CASES, FIGURE_CASES, PAYLOAD_CASES


def _snapshot(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def broken(request, data_copy):
    case = request.param
    case.mutate(data_copy)
    return case, data_copy


COMMANDS = {
    "validate": lambda data, out: ["validate", "--data", str(data)],
    "build": lambda data, out: ["build", "--data", str(data), "--out", str(out / "maps"),
                                "--html-only"],
    "figure": lambda data, out: ["figure", "parks", "--data", str(data), "--dpi", "40",
                                 "--out", str(out / "fig.png")],
}


RUNS = [(c, cmd) for c in CASES for cmd in COMMANDS if cmd != "figure" or c in FIGURE_CASES]


@pytest.mark.parametrize(("broken", "command"), RUNS, ids=[f"{c.name}-{cmd}" for c, cmd in RUNS],
                         indirect=["broken"])
def test_bad_input(broken, command, capsys, tmp_path):
    case, data = broken
    out = tmp_path / "out"
    (out / "maps").mkdir(parents=True)
    (out / "maps" / "previous.html").write_text("the previous build")
    write_marker(out / "maps", "0")  # an earlier build: the atlas may replace it, but only whole
    before = _snapshot(out)
    code = main(COMMANDS[command](data, out))
    stdout, stderr = capsys.readouterr()
    assert code == case.code, stderr
    assert "Traceback" not in stderr
    for needle in case.needles:
        assert needle in stderr, f"{needle!r} missing from:\n{stderr}"
    for wrong in case.absent:
        assert wrong not in stderr, f"misleading {wrong!r} in:\n{stderr}"
    if case.warning:
        assert "warning(s)" in stderr
    if code != 0:
        assert _snapshot(out) == before, "a failed run changed the output folder"
        leftovers = [p.name for p in out.iterdir() if p.name.startswith(".")]
        assert not leftovers, leftovers


@pytest.mark.parametrize("broken", PAYLOAD_CASES, ids=[c.name for c in PAYLOAD_CASES],
                         indirect=True)
def test_payload_names_are_accepted_and_escaped(broken, capsys, tmp_path):
    case, data = broken
    assert main(["validate", "--data", str(data)]) == 0
    out = tmp_path / "maps"
    assert main(["build", "--data", str(data), "--out", str(out), "--html-only"]) == 0
    capsys.readouterr()
    payload = case.extra["payload"]
    pages = {p.name: p.read_text(encoding="utf-8") for p in sorted(out.glob("*.html"))}
    assert "parks.html" in pages
    if "<" in payload:
        for name, html in pages.items():
            assert payload not in html, f"{name} carries the raw markup"
    else:  # a template payload must survive as literal text, not be evaluated
        assert any(payload in html for html in pages.values())


def test_debug_shows_the_traceback(capsys, data_copy):
    (data_copy / "parks.csv").write_bytes(b"")
    assert main(["validate", "--data", str(data_copy), "--debug"]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_validate_finds_what_build_rejects():
    """validate and build agree on every case: both fail as data errors, or both succeed.
    test_bad_input runs both commands on every case and holds each to the case's exit code,
    so they agree when that code is 0 or 1 (rather than running both again here)."""
    for case in CASES:
        assert case.code in (0, 1), case.name
        assert (case, "validate") in RUNS and (case, "build") in RUNS, case.name


def test_corpus_covers_every_class():
    names = [c.name for c in CASES]
    assert len(set(names)) == len(names), "two cases share a name"
    assert len(names) >= 60
    data_files = {p.name for p in settings.default_data_dir.iterdir()}
    for case in CASES:
        assert case.code in (0, 1, 2), case.name  # never 3, the internal-error code
        named = [n for n in case.needles if n in data_files]
        assert named, f"{case.name}: no needle names the file"
        assert len(case.needles) > len(named), f"{case.name}: nothing checks the message"
        assert (case.code == 0) == case.warning, f"{case.name}: a case that passes must warn"
