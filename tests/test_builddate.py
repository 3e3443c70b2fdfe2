"""The date a build carries (the parks page prints it under its table): SOURCE_DATE_EPOCH's
day when set, else the day of the build in UTC; a bad value is a usage error."""

from datetime import datetime, timedelta, timezone

import pytest

from atlas.cli import main
from atlas.core.builddate import build_day, source_date
from tests.conftest import BUILD_DAY


def test_source_date_epoch_sets_the_day(monkeypatch):
    assert build_day() == BUILD_DAY  # conftest pins it for every test
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert source_date() == datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1700000000 + 2 * 3600))  # past midnight UTC
    assert build_day() == "2023-11-15"


def test_without_source_date_epoch_the_day_is_todays_in_utc(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert source_date() is None
    before = datetime.now(timezone.utc)
    got = build_day()
    after = datetime.now(timezone.utc)
    assert got in {before.strftime("%Y-%m-%d"), after.strftime("%Y-%m-%d")}
    assert got != (before - timedelta(days=2)).strftime("%Y-%m-%d")


@pytest.mark.parametrize("value", ["yesterday", "1.5e9", "99999999999999999999"])
def test_a_bad_source_date_epoch_is_named(monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        build_day()


def test_a_bad_source_date_epoch_stops_the_build_before_it_writes(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    assert main(["build", "--out", str(tmp_path / "out"), "--html-only"]) == 2
    err = capsys.readouterr().err
    assert "SOURCE_DATE_EPOCH='yesterday'" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()
