"""The output folder belongs to the atlas only where the atlas made it (issue 9)."""

import errno
import json
import pathlib
import shutil

import pytest

from atlas.core import settings
from atlas.cli import main
from atlas.output.outdir import MARKER, RefusedError, check_build_target, sha256, write_marker


def _tree(root):
    """Every entry below ``root`` (hidden ones too), files with their bytes."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() and not p.is_symlink()
                                          else "<dir>" if p.is_dir() else "<link>")
        for p in sorted(root.rglob("*"))
    }


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# --- folders a build must refuse -------------------------------------------------------------


def _data(root):
    return root / "geodata"


def _parent_of_data(root):
    (root / "notes.txt").write_text("beside the data")
    return root


def _draft_folder(root):
    (root / "docs").mkdir()
    (root / "docs" / "draft.docx").write_bytes(b"my report draft")
    return root / "docs"


def _existing_file(root):
    (root / "report.docx").write_bytes(b"a report")
    return root / "report.docx"


def _home(root):
    (root / "home").mkdir()
    (root / "home" / "letters.txt").write_text("personal")
    return root / "home"


def _checkout(root):
    (root / "repo" / ".git").mkdir(parents=True)
    (root / "repo" / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / "repo" / "plan.md").write_text("work in progress")
    return root / "repo"


def _link_to_data(root):
    (root / "shortcut").symlink_to(root / "geodata", target_is_directory=True)
    return root / "shortcut"


def _marked_build_plus_user_file(root):
    out = root / "maps"
    out.mkdir()
    (out / "index.html").write_text("an earlier build")
    write_marker(out, "0")
    (out / "mine.txt").write_text("the planner's notes")
    return out


def _marked_build_plus_user_folder(root):
    out = root / "maps"
    (out / "figures").mkdir(parents=True)
    (out / "figures" / "a.png").write_bytes(b"png")
    write_marker(out, "0")
    (out / "drafts").mkdir()  # empty, but not the atlas's
    return out


REFUSED = [
    # name, layout, extra options, words the message must hold
    ("data folder", _data, [], ["it is the data folder", "--out maps_out"]),
    ("data folder --force", _data, ["--force"], ["it is the data folder"]),
    ("parent of the data folder", _parent_of_data, [], ["it holds the data folder"]),
    ("parent of the data folder --force", _parent_of_data, ["--force"],
     ["it holds the data folder"]),
    ("link to the data folder", _link_to_data, [], ["it is the data folder"]),
    ("folder with a report draft", _draft_folder, [], ["did not write (draft.docx)",
                                                       "atlas-maps"]),
    ("folder with a report draft --force", _draft_folder, ["--force"], ["draft.docx"]),
    ("existing file", _existing_file, [], ["it is an existing file"]),
    ("home folder", _home, [], ["it is your home folder"]),
    ("home folder --force", _home, ["--force"], ["it is your home folder"]),
    ("checkout", _checkout, [], ["working folder of a git checkout"]),
    ("checkout --force", _checkout, ["--force"], ["working folder of a git checkout"]),
    ("marked build plus a user file", _marked_build_plus_user_file, ["--force"], ["mine.txt"]),
    ("marked build plus a user folder", _marked_build_plus_user_folder, [], ["drafts/"]),
]


@pytest.mark.parametrize("layout,extra,needles", [r[1:] for r in REFUSED],
                         ids=[r[0] for r in REFUSED])
def test_build_refuses_a_folder_it_does_not_own(tmp_path, data_copy, monkeypatch, capsys,
                                                layout, extra, needles):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    out = layout(tmp_path)
    before = _tree(tmp_path)
    code, stdout, err = run(capsys, "build", "--data", data_copy, "--out", out, "--html-only",
                            *extra)
    assert code == 2, err
    assert err.startswith("atlas: refusing to build into "), err
    for needle in needles:
        assert needle in err, err
    assert "Traceback" not in err and stdout == ""
    assert _tree(tmp_path) == before, "a refused build changed or left something"


def test_the_seeds_folder_and_its_parent_are_refused(tmp_path, data_copy, monkeypatch, capsys):
    seeds = tmp_path / "sources" / "seeds"
    shutil.copytree(settings.seeds_dir, seeds)
    monkeypatch.setenv("ATLAS_SEEDS", str(seeds))
    before = _tree(tmp_path)
    for out, needle in ((seeds, "it is the seeds folder"), (seeds.parent, "it holds the seeds")):
        code, _, err = run(capsys, "build", "--data", data_copy, "--out", out, "--html-only",
                           "--force")
        assert code == 2 and needle in err, err
    assert _tree(tmp_path) == before


def test_a_parent_of_the_current_checkout_is_refused(tmp_path, data_copy, monkeypatch, capsys):
    repo = _checkout(tmp_path / "projects")
    (repo / "src").mkdir()
    monkeypatch.chdir(repo / "src")
    before = _tree(tmp_path)
    code, _, err = run(capsys, "build", "--data", data_copy, "--out", tmp_path / "projects",
                       "--html-only")
    assert code == 2 and "it holds a git checkout" in err, err
    assert _tree(tmp_path) == before


@pytest.mark.parametrize("out", ["/", "/.", "//"])
def test_the_root_is_refused(tmp_path, out):
    with pytest.raises(RefusedError, match="file-system root"):
        check_build_target(out, tmp_path / "geodata", tmp_path / "seeds", force=True)


def test_refusals_come_before_any_work(tmp_path, capsys):
    broken = tmp_path / "broken"  # not a data folder at all: loading it would fail with exit 1
    broken.mkdir()
    out = _draft_folder(tmp_path)
    code, _, err = run(capsys, "build", "--data", broken, "--out", out, "--html-only")
    assert code == 2 and "draft.docx" in err, err


# --- folders a build may fill ----------------------------------------------------------------


def _marker(folder):
    return json.loads((folder / MARKER).read_text(encoding="utf-8"))


def test_a_fresh_maps_out_with_its_readme_builds_and_rebuilds(tmp_path, capsys):
    out = tmp_path / "maps_out"
    out.mkdir()
    readme = (settings.root / "maps_out" / "README.md").read_bytes()
    (out / "README.md").write_bytes(readme)
    assert run(capsys, "build", "--out", out, "--html-only")[0] == 0
    assert (out / "README.md").read_bytes() == readme
    listed = _marker(out)["files"]
    assert listed["README.md"] == sha256(out / "README.md")
    assert listed["index.html"] == sha256(out / "index.html")
    assert sorted(listed) == sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                                    if p.is_file() and p.name != MARKER)
    first = _tree(out)
    code, _, err = run(capsys, "build", "--out", out, "--html-only")
    assert code == 0, err
    assert _tree(out) == first, "a rebuild of the same data must give the same bytes"
    assert [p.name for p in tmp_path.iterdir()] == ["maps_out"], "temporary folder left behind"


def test_an_edited_readme_is_carried_over_not_refused(tmp_path, warm_cache, capsys):
    out = tmp_path / "maps_out"
    assert run(capsys, "build", "--out", out, "--html-only")[0] == 0
    (out / "README.md").write_text("notes the planner added later")
    code, _, err = run(capsys, "build", "--out", out, "--html-only")
    assert code == 0, err
    assert (out / "README.md").read_text() == "notes the planner added later"


def test_a_rebuild_removes_stale_files_its_marker_listed(tmp_path, warm_cache, capsys):
    out = tmp_path / "maps"
    assert run(capsys, "build", "--out", out, "--html-only")[0] == 0
    (out / "figures").mkdir()
    (out / "figures" / "old.zh.png").write_bytes(b"a figure from an older build")
    (out / "retired.html").write_text("a page an older build wrote")
    write_marker(out, "0")  # as the older build would have listed them
    code, _, err = run(capsys, "build", "--out", out, "--html-only")
    assert code == 0, err
    assert not (out / "retired.html").exists() and not (out / "figures").exists()
    assert (out / "index.html").is_file()


def test_an_edited_build_is_refused_by_name_unless_forced(tmp_path, warm_cache, capsys):
    out = tmp_path / "maps"
    assert run(capsys, "build", "--out", out, "--html-only")[0] == 0
    fresh = (out / "report.html").read_bytes()
    (out / "report.html").write_bytes(fresh + b"<!-- my edits -->")
    before = _tree(tmp_path)
    code, _, err = run(capsys, "build", "--out", out, "--html-only")
    assert code == 2 and "were edited since (report.html)" in err and "--force" in err, err
    assert _tree(tmp_path) == before
    code, _, err = run(capsys, "build", "--out", out, "--html-only", "--force")
    assert code == 0, err
    assert (out / "report.html").read_bytes() == fresh


def test_an_unreadable_marker_is_refused(tmp_path, capsys):
    out = tmp_path / "maps"
    out.mkdir()
    (out / MARKER).write_text("{not json")
    code, _, err = run(capsys, "build", "--out", out, "--html-only", "--force")
    assert code == 2 and f"its {MARKER} cannot be read" in err, err
    assert (out / MARKER).read_text() == "{not json"


def test_a_sub_folder_it_cannot_list_is_refused(tmp_path, monkeypatch, capsys):
    from atlas.output import outdir

    out = tmp_path / "maps"
    (out / "private").mkdir(parents=True)
    real = outdir.os.walk

    def walk(top, onerror=None, **kwargs):  # as os.walk meets a folder it may not read
        for item in real(top, onerror=onerror, **kwargs):
            if item[0].endswith("private"):
                onerror(PermissionError(13, "Permission denied", item[0]))
                return
            yield item

    monkeypatch.setattr(outdir.os, "walk", walk)
    code, _, err = run(capsys, "build", "--out", out, "--html-only")
    assert code == 2 and "cannot read" in err and "private" in err, err
    assert (out / "private").is_dir()


def test_a_file_added_during_the_build_is_kept(tmp_path, warm_cache, monkeypatch, capsys):
    from atlas.output import build as build_mod

    out = tmp_path / "maps"
    assert run(capsys, "build", "--out", out, "--html-only")[0] == 0
    real = build_mod.manifest_of

    def meanwhile(*args, **kwargs):  # the planner saves a file while the build runs
        (out / "saved-meanwhile.txt").write_text("keep me")
        return real(*args, **kwargs)

    monkeypatch.setattr(build_mod, "manifest_of", meanwhile)
    # --no-cache: the pages are made again, so the hook runs while this build is under way
    code, _, err = run(capsys, "build", "--out", out, "--html-only", "--no-cache")
    assert code == 2 and "saved-meanwhile.txt" in err, err
    assert (out / "saved-meanwhile.txt").read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["maps"]


# --- single files: map, figure -----------------------------------------------------------------


def test_map_never_replaces_a_file_it_did_not_write(tmp_path, capsys):
    target = tmp_path / "parks.html"
    target.write_text("<html>the planner's own page</html>")
    code, _, err = run(capsys, "map", "parks", "--sector", "光伏", "--out", target)
    assert code == 2 and "refusing to replace" in err and "--force" in err, err
    assert target.read_text() == "<html>the planner's own page</html>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["parks.html"]
    code, _, err = run(capsys, "map", "parks", "--sector", "光伏", "--out", target, "--force")
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    assert '<meta name="generator" content="xixian-atlas">' in html[:500]
    code, _, err = run(capsys, "map", "parks", "--sector", "新能源", "--out", target)
    assert code == 0, err  # its own earlier output: no --force needed
    assert target.read_text(encoding="utf-8") != html


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_figure_never_replaces_a_file_it_did_not_write(tmp_path, capsys, fmt):
    target = tmp_path / f"parks.{fmt}"
    target.write_bytes(b"a figure drawn by hand")
    argv = ["figure", "parks", "--dpi", "40", "--out", target]
    code, _, err = run(capsys, *argv)
    assert code == 2 and "refusing to replace" in err, err
    assert target.read_bytes() == b"a figure drawn by hand"
    assert run(capsys, *argv, "--force")[0] == 0
    forced = target.read_bytes()
    assert forced != b"a figure drawn by hand"
    code, _, err = run(capsys, *argv)
    assert code == 0, err  # its own earlier output
    assert target.read_bytes() == forced
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


# --- export ------------------------------------------------------------------------------------


def test_export_keeps_other_files_and_replaces_only_its_own(tmp_path, data_copy, capsys):
    out = tmp_path / "exports"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    assert run(capsys, "export", "--format", "csv", "--out", out)[0] == 0
    assert (out / "notes.txt").read_text() == "mine"
    assert run(capsys, "export", "--format", "csv", "--out", out)[0] == 0  # its own files
    assert run(capsys, "export", "--format", "geojson", "--out", out)[0] == 0
    (out / "parks.csv").write_text("edited by hand")
    code, _, err = run(capsys, "export", "--format", "csv", "--out", out)
    assert code == 2 and "parks.csv" in err and "--force" in err, err
    assert (out / "parks.csv").read_text() == "edited by hand"
    assert run(capsys, "export", "--format", "csv", "--out", out, "--force")[0] == 0
    assert (out / "parks.csv").read_text(encoding="utf-8").startswith("id,")


def test_export_never_writes_into_the_data_folder(data_copy, capsys):
    before = _tree(data_copy)
    code, _, err = run(capsys, "export", "--format", "csv", "--data", data_copy,
                       "--out", data_copy, "--force")
    assert code == 2 and "it is the data folder" in err, err
    assert _tree(data_copy) == before


# --- a full disk names the file ------------------------------------------------------------------


def _full_disk_on(monkeypatch, name):
    # text or bytes: a page taken from the build cache is written as bytes
    for method in ("write_text", "write_bytes"):
        real = getattr(pathlib.Path, method)

        def write(self, *args, real=real, **kwargs):
            if self.name == name or (self.name.startswith(f".{name}.") and self.suffix == ".tmp"):
                raise OSError(errno.ENOSPC, "No space left on device")  # as write() gives it
            return real(self, *args, **kwargs)

        monkeypatch.setattr(pathlib.Path, method, write)


def test_a_full_disk_during_build_names_the_file(tmp_path, warm_cache, monkeypatch, capsys):
    out = tmp_path / "maps"
    assert run(capsys, "build", "--out", out, "--html-only")[0] == 0
    before = _tree(tmp_path)
    _full_disk_on(monkeypatch, "report.html")
    code, _, err = run(capsys, "build", "--out", out, "--html-only")
    assert code == 2, err
    assert "No space left on device" in err and str(out / "report.html") in err, err
    assert _tree(tmp_path) == before


def test_a_full_disk_during_map_and_export_names_the_file(tmp_path, monkeypatch, capsys):
    _full_disk_on(monkeypatch, "parks.html")
    code, _, err = run(capsys, "map", "parks", "--out", tmp_path / "parks.html")
    assert code == 2 and f"No space left on device: '{tmp_path / 'parks.html'}'" in err, err
    _full_disk_on(monkeypatch, "parks.geojson")
    code, _, err = run(capsys, "export", "--format", "geojson", "--out", tmp_path / "x")
    assert code == 2 and str(tmp_path / "x" / "parks.geojson") in err, err
    assert list(tmp_path.iterdir()) == [], "a failed write left something behind"


def test_a_full_disk_during_figure_names_the_file(tmp_path, monkeypatch, capsys):
    from matplotlib.figure import Figure

    def savefig(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Figure, "savefig", savefig)
    code, _, err = run(capsys, "figure", "parks", "--dpi", "40", "--out", tmp_path / "p.png")
    assert code == 2 and f"No space left on device: '{tmp_path / 'p.png'}'" in err, err
    assert list(tmp_path.iterdir()) == []
