"""The atlas as an installed package: wheel, shipped data, overrides, --version, --help."""

import configparser
import filecmp
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

import atlas
from atlas.core import settings
from atlas.core import supported
from atlas.cli import main

ROOT = Path(__file__).resolve().parent.parent
# what a build needs from the checkout is everything but these
_NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "maps_out", "tests", "benchmarks",
    "__pycache__", ".pytest_cache", ".hypothesis", "_shipped",
)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _clean_env(**extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("ATLAS_DATA", "ATLAS_SEEDS", "PYTHONPATH", "PYTHONHOME")}
    env.update(extra)
    return env


def _site_dirs():
    """The running interpreter's site-packages folders: where the dependencies are."""
    return [p for p in sys.path if Path(p).name in ("site-packages", "dist-packages")
            and Path(p).is_dir()]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A wheel built from a copy of the checkout, installed into a fresh venv."""
    import setuptools

    if tuple(int(x) for x in setuptools.__version__.split(".")[:2]) < (70, 1):
        pytest.fail(
            f"setuptools {setuptools.__version__} cannot build a wheel by itself; "
            "run `bash scripts/setup.sh test` to install the pinned test extras"
        )
    base = tmp_path_factory.mktemp("install")
    src = base / "src"
    shutil.copytree(ROOT, src, ignore=_NOT_SOURCES)
    dist = base / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "--no-index", "-w", str(dist), str(src)],
        capture_output=True, text=True, env=_clean_env(),
    )
    assert build.returncode == 0, build.stdout + build.stderr
    (wheel,) = dist.glob("xixian_atlas-*.whl")

    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
         "--no-index", str(wheel)],
        capture_output=True, text=True, env=_clean_env(),
    )
    assert install.returncode == 0, install.stdout + install.stderr
    purelib = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip())
    # dependencies come from the running environment; the atlas itself only from the wheel.
    # A .pth line is a plain path: the editable install's own .pth files there are not run.
    (purelib / "zz_atlas_test_dependencies.pth").write_text(
        "".join(f"{p}\n" for p in _site_dirs() if not p.startswith(str(venv)))
    )
    work = base / "elsewhere"
    work.mkdir()
    return {"venv": venv, "python": python, "purelib": purelib, "work": work}


def _in(installed, *argv, script="atlas"):
    exe = installed["venv"] / "bin" / script
    return subprocess.run([str(exe), *argv], capture_output=True, text=True,
                          cwd=installed["work"], env=_clean_env())


def test_installed_atlas_comes_from_the_wheel_not_the_checkout(installed):
    out = _in(installed, "-c", "import atlas, atlas.core.settings as s; "
              "print(atlas.__file__); print(s.data_dir()); print(s.seeds())", script="python")
    assert out.returncode == 0, out.stderr
    module, data, seeds = (Path(line) for line in out.stdout.splitlines())
    for path in (module, data, seeds):
        assert installed["purelib"] in path.parents, path
        assert ROOT not in path.parents, path
    assert data.name == "geodata" and seeds.name == "seeds"


def test_the_wheel_ships_geodata_and_seeds_unchanged(installed):
    shipped = installed["purelib"] / "atlas" / "_shipped"
    for name in ("geodata", "seeds"):
        ours = sorted(p.relative_to(ROOT / name) for p in (ROOT / name).rglob("*") if p.is_file())
        theirs = sorted(p.relative_to(shipped / name) for p in (shipped / name).rglob("*")
                        if p.is_file())
        assert ours == theirs
        assert all(filecmp.cmp(ROOT / name / p, shipped / name / p, shallow=False) for p in ours)
    assert (shipped / "seeds" / "manifest.csv").is_file()
    assert (shipped / "seeds" / "reference" / "README.md").is_file()


def test_installed_version_and_python_m(installed):
    out = _in(installed, "--version")
    assert (out.returncode, out.stdout) == (0, f"atlas {atlas.__version__}\n")
    out = _in(installed, "-m", "atlas", "--version", script="python")
    assert (out.returncode, out.stdout) == (0, f"atlas {atlas.__version__}\n")


def test_installed_validate_and_build_from_another_folder(installed):
    out = _in(installed, "validate")
    assert out.returncode == 0, out.stderr
    assert f"ok: {installed['purelib'] / 'atlas' / '_shipped' / 'geodata'}:" in out.stdout
    assert "10 parks" in out.stdout

    out = _in(installed, "build", "--out", "X", "--html-only")
    assert out.returncode == 0, out.stderr
    made = installed["work"] / "X"
    for name in ("index.html", "overview.html", "parks.html", "output.html", "corridors.html"):
        assert (made / name).stat().st_size > 1000, name
    assert "西咸新区" in (made / "index.html").read_text(encoding="utf-8")


# --- in the checkout -------------------------------------------------------------------------


def test_python_m_atlas_in_the_checkout(tmp_path):
    out = subprocess.run([sys.executable, "-m", "atlas", "--version"], capture_output=True,
                         text=True, cwd=tmp_path, env=_clean_env(PYTHONPATH=str(ROOT)))
    assert (out.returncode, out.stdout, out.stderr) == (0, f"atlas {atlas.__version__}\n", "")


def test_version_is_not_a_usage_error(capsys):
    assert run(capsys, "--version") == (0, f"atlas {atlas.__version__}\n", "")


def test_help_is_plain_text_naming_every_command_and_shared_option(capsys):
    code, out, err = run(capsys, "--help")
    assert code == 0 and err == ""
    assert "``" not in out and "atlas" in out
    for command in ("validate", "parks", "export", "build", "map", "figure"):
        line = next((ln for ln in out.splitlines() if ln.split()[:1] == [command]), "")
        assert len(line.split()) > 2, f"no description for {command}: {line!r}"
    for option in ("--data DIR", "--seeds DIR", "--debug", "$ATLAS_DATA", "$ATLAS_SEEDS",
                   "--version"):
        assert option in out, option


def test_a_missing_shipped_data_folder_is_a_broken_installation(capsys, monkeypatch, tmp_path):
    missing = tmp_path / "site-packages" / "atlas" / "_shipped" / "geodata"
    monkeypatch.delenv("ATLAS_DATA", raising=False)
    monkeypatch.setattr(settings, "default_data_dir", missing)
    code, out, err = run(capsys, "validate")
    assert code == 3 and out == ""
    assert err == (f"atlas: the atlas installation has no shipped data at {missing}; "
                   "reinstall, or pass --data and --seeds\n")


def test_missing_shipped_seeds_is_a_broken_installation_and_the_advice_works(
        capsys, monkeypatch, tmp_path):
    monkeypatch.delenv("ATLAS_DATA", raising=False)
    monkeypatch.delenv("ATLAS_SEEDS", raising=False)
    data, seeds = settings.default_data_dir, settings.seeds_dir
    monkeypatch.setattr(settings, "default_data_dir", tmp_path / "gone" / "geodata")
    monkeypatch.setattr(settings, "seeds_dir", tmp_path / "gone" / "seeds")
    code, _, err = run(capsys, "validate", "--data", str(data))
    assert code == 3 and "no shipped seeds at" in err and "Traceback" not in err
    code, out, err = run(capsys, "validate", "--data", str(data), "--seeds", str(seeds))
    assert code == 0, err
    assert out.startswith(f"ok: {data}:")


@pytest.fixture
def empty_seeds(tmp_path):
    folder = tmp_path / "no-seeds"
    folder.mkdir()
    return folder


def test_seeds_option_is_honoured(capsys, monkeypatch, empty_seeds, tmp_path):
    monkeypatch.delenv("ATLAS_SEEDS", raising=False)
    code, _, err = run(capsys, "validate", "--seeds", str(empty_seeds))
    assert code == 1 and "not found in seeds/" in err
    copy = tmp_path / "seeds-copy"
    shutil.copytree(settings.seeds_dir, copy)
    assert run(capsys, "validate", "--seeds", str(copy))[0] == 0


def test_atlas_seeds_is_honoured_and_the_option_wins(capsys, monkeypatch, empty_seeds):
    monkeypatch.setenv("ATLAS_SEEDS", str(empty_seeds))
    code, _, err = run(capsys, "validate")
    assert code == 1 and "not found in seeds/" in err
    assert run(capsys, "validate", "--seeds", str(settings.seeds_dir))[0] == 0


def test_a_seeds_folder_that_does_not_exist_is_a_usage_error(capsys, monkeypatch, tmp_path):
    monkeypatch.delenv("ATLAS_SEEDS", raising=False)
    code, _, err = run(capsys, "validate", "--seeds", str(tmp_path / "nope"))
    assert code == 2
    assert err == f"atlas: seeds folder not found: {tmp_path / 'nope'} (given by --seeds)\n"
    monkeypatch.setenv("ATLAS_SEEDS", str(tmp_path / "nope"))
    code, _, err = run(capsys, "validate")
    assert code == 2 and "(given by $ATLAS_SEEDS)" in err


# --- dependencies and Python version --------------------------------------------------------


def _setup_cfg():
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    return cfg


def _requirements(value):
    return [Requirement(line) for line in value.splitlines()
            if line.strip() and not line.strip().startswith("#")]


def _constraints():
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            req = Requirement(line)
            (spec,) = req.specifier
            assert spec.operator == "==", line
            pins[_norm(req.name)] = spec.version
    return pins


def _norm(name):
    return name.lower().replace("_", "-").replace(".", "-")


# what ends up in the pages' bytes: Leaflet itself, the minifiers of the atlas's own JS/CSS,
# and scour, which compacts the report's charts
INLINED_JS = {"xstatic-leaflet", "xstatic-leaflet-markercluster", "rjsmin", "rcssmin", "scour"}


def test_install_requires_are_ranges_pinned_exactly_in_constraints():
    cfg = _setup_cfg()
    runtime = _requirements(cfg["options"]["install_requires"])
    test = _requirements(cfg["options.extras_require"]["test"])
    pins = _constraints()
    for req in runtime + test:
        assert _norm(req.name) in pins, f"{req.name} has no exact version in constraints.txt"
        assert req.specifier.contains(pins[_norm(req.name)]), (req, pins[_norm(req.name)])
        exact = [s for s in req.specifier if s.operator == "=="]
        if _norm(req.name) in INLINED_JS:
            # inlined into pages: one exact version keeps pages byte-identical
            assert [s.version for s in exact] == [pins[_norm(req.name)]]
        else:
            assert not exact, f"{req} is pinned in setup.cfg; pin it in constraints.txt"


def test_this_environment_runs_the_pinned_runtime_versions():
    pins = _constraints()
    for req in _requirements(_setup_cfg()["options"]["install_requires"]):
        assert metadata.version(req.name) == pins[_norm(req.name)], req.name


def test_python_requires_matches_the_runtime_check():
    required = _setup_cfg()["options"]["python_requires"].strip()
    assert required == ">=%d.%d" % supported.MIN_PYTHON
    supported.check_python((3, 11, 0))
    supported.check_python(sys.version_info)
    with pytest.raises(RuntimeError) as caught:
        supported.check_python((3, 10, 12))
    assert str(caught.value) == "the atlas needs Python 3.11 or newer; this is Python 3.10"


def test_an_old_python_is_stopped_before_the_atlas_imports(tmp_path):
    # simulate Python 3.9 in a child interpreter: the plain message, not a syntax error
    code = ("import sys; sys.version_info = (3, 9, 18, 'final', 0)\n"
            "try:\n    import atlas\nexcept RuntimeError as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, env=_clean_env(PYTHONPATH=str(ROOT)))
    assert out.stdout == "the atlas needs Python 3.11 or newer; this is Python 3.9\n", out.stderr


def test_a_data_folder_that_does_not_exist_is_a_usage_error(capsys, monkeypatch, tmp_path):
    monkeypatch.delenv("ATLAS_DATA", raising=False)
    code, _, err = run(capsys, "validate", "--data", str(tmp_path / "nope"))
    assert code == 2
    assert err == f"atlas: data folder not found: {tmp_path / 'nope'} (given by --data)\n"
    monkeypatch.setenv("ATLAS_DATA", str(tmp_path / "nope"))
    code, _, err = run(capsys, "build", "--out", str(tmp_path / "maps"), "--html-only")
    assert code == 2 and "(given by $ATLAS_DATA)" in err
    assert not (tmp_path / "maps").exists()
