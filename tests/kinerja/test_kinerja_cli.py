"""`python manage.py kinerja close-period MONTH` against a real database: a month that is over is
closed by the terminal (an admin) and its lines lock; a month not over, or closed already, is
refused with the reason, writing nothing."""

from __future__ import annotations

import pytest
from kinerja_helpers import at, form
from sqlalchemy import select

from modules.kinerja import service
from modules.kinerja.models import KinerjaActivity, KinerjaPeriod


@pytest.fixture
def manage(database_urls, monkeypatch, tmp_path):
    import manage as cli

    monkeypatch.setattr(cli, "instance_folder", lambda: tmp_path / "instance")
    monkeypatch.setenv("PANTAU_DATABASE__URL", database_urls[0])
    monkeypatch.setenv("PANTAU_DATABASE__WAREHOUSE_URL", database_urls[1])
    monkeypatch.setenv("PANTAU_DEMO__LOAD_DEMO_DATA", "false")
    return lambda *args: cli.main(list(args))


def test_the_command_line_closes_a_month_that_is_over(manage, team, run, settings, databases, capsys):
    from datetime import date

    day = date(2026, 3, 31)
    activity_id = run(service.create_activity, team.staf_a.viewer, form(day=day), settings.kinerja,
                      now=at(day, 17)).id
    assert manage("kinerja", "close-period", "2026-03") == 0
    assert "2026-03 closed: 1 activities locked" in capsys.readouterr().out
    with databases.session() as session:
        assert session.get(KinerjaActivity, activity_id).locked
        assert session.scalar(select(KinerjaPeriod.closed_by).where(KinerjaPeriod.month == "2026-03")).startswith("cli:")
    assert manage("kinerja", "close-period", "2026-03") == 1
    assert "closed" in capsys.readouterr().err
    assert manage("kinerja", "close-period", "2999-01") == 1
    assert "not over" in capsys.readouterr().err
    assert manage("kinerja", "close-period", "March") == 1
    assert "no month" in capsys.readouterr().err
