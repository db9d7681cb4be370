"""The e-Kinerja / e-Office city seeders (simulator/kinerja_city.py, simulator/office_city.py) at a
small count, and the benchmark family (bench/kinerja.py) at smoke size, on SQLite and PostgreSQL:
the seeders write about what they promise, rows the modules' own reads and extract accept, change-log
snapshots equal to the extract's (what the ETL's incremental run and full refresh build from), and
the ETL takes them without a reject; the family's full refresh, its INSERT ... SELECT baseline
(checked equal to the mart inside the run, which fails otherwise) and the pages' rows are written.
No timing is asserted: smoke numbers mean nothing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

import bench.env
from bench.results import Results
from core.changelog import ChangeLogEntry
from core.clock import city_today

ACTIVITIES, LETTERS = 3000, 1500


@pytest.fixture
def kinerja_bench_env(request, bench_installation):
    """A throw-away installation (bench/env.py) with the staff domain only: nothing seeded yet."""
    with bench_installation(request.param, 2000, domains=("staff",)) as env:
        yield env


def latest_payloads(connection, entities: tuple[str, ...]) -> dict[tuple[str, str], dict]:
    log = ChangeLogEntry.__table__
    found = {}
    for entity, entity_id, payload in connection.execute(select(log.c.entity, log.c.entity_id, log.c.payload)
                                                         .where(log.c.entity.in_(entities))
                                                         .order_by(log.c.position)):
        found[(entity, entity_id)] = payload
    return found


def seed_both(env) -> tuple[int, int]:
    from simulator import kinerja_city, office_city

    settings = env.settings()
    lines = kinerja_city.city_seed(env.databases, settings, count=ACTIVITIES, now=env.now, progress=False)
    letters = office_city.city_seed(env.databases, settings, count=LETTERS, now=env.now, progress=False)
    return lines, letters


@pytest.mark.parametrize("kinerja_bench_env", ["sqlite", "postgresql"], indirect=True)
def test_the_city_seeders_write_what_they_promise_and_the_etl_takes_it(kinerja_bench_env):
    from etl.runner import EtlRunner
    from etl.state import Reject
    from modules.kinerja import extract as kinerja_extract
    from modules.kinerja import reads
    from modules.kinerja.models import KinerjaActivity, KinerjaPeriod
    from modules.kinerja.snapshot import ENTITIES as KINERJA_ENTITIES
    from modules.office import extract as office_extract
    from modules.office.models import OfficeDisposition, OfficeLetter
    from modules.office.snapshot import DISPOSITION, LETTER
    from modules.office.workflow import DONE
    from modules.staff.models import Staff

    env = kinerja_bench_env
    lines, letters = seed_both(env)
    assert abs(lines - ACTIVITIES) < ACTIVITIES * 0.15 and abs(letters - LETTERS) < LETTERS * 0.1
    with env.databases.session() as session:
        assert session.scalar(select(func.count()).select_from(Staff)) == 400  # written once, by the first seeder
        assert session.scalar(select(func.count()).select_from(KinerjaActivity)) == lines
        statuses = dict(session.execute(select(KinerjaActivity.status, func.count())
                                         .group_by(KinerjaActivity.status)).all())
        assert statuses["approved"] > 0.8 * lines and statuses.get("submitted", 0) > 0
        assert session.scalar(select(func.count()).where(KinerjaActivity.return_note.is_not(None))) > 0
        closed = {period.month: period for period in session.scalars(select(KinerjaPeriod))}
        assert closed, "the quarter's months that are over are closed"
        for month, period in closed.items():  # the lock is the month's, as close_period sets it
            days = session.scalars(select(KinerjaActivity.day).where(KinerjaActivity.locked.is_(True))).all()
            assert period.activities_locked == sum(1 for day in days if day.strftime("%Y-%m") == month)
        assert not session.scalar(select(func.count()).where(
            KinerjaActivity.locked.is_(True), KinerjaActivity.day >= city_today(env.now).replace(day=1)))
        sample = session.scalars(select(KinerjaActivity).order_by(KinerjaActivity.id).limit(50)).all()
        views = reads.views(session, sample)  # the module's own read of a line
        assert [view["id"] for view in views] == [a.id for a in sample] and all(view["minutes"] > 0 for view in views)
        assert session.scalar(select(func.count()).select_from(OfficeLetter)) == letters
        assert session.scalar(select(func.count()).select_from(OfficeDisposition)) > letters // 3
        overdue = session.scalar(select(func.count()).where(
            OfficeLetter.due_date < city_today(env.now) - timedelta(days=7),
            OfficeLetter.status.not_in(DONE["incoming"] + DONE["outgoing"])))
        assert overdue > 0, "some letters wait past their due date"
    with env.databases.engine.connect() as connection:
        logged = latest_payloads(connection, (*KINERJA_ENTITIES, LETTER, DISPOSITION))
        assert dict(kinerja_extract.snapshots_by_entity(connection)) == {
            key: value for key, value in logged.items() if key[0] in KINERJA_ENTITIES}
        assert office_extract.snapshots_by_entity(connection) == {
            key: value for key, value in logged.items() if key[0] in (LETTER, DISPOSITION)}
    summary = EtlRunner(env.databases).run_once()
    assert summary.read >= lines + letters
    with env.databases.warehouse.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Reject)) == 0


@pytest.mark.parametrize("kinerja_bench_env", ["sqlite", "postgresql"], indirect=True)
def test_the_kinerja_family_runs_against_its_baseline(kinerja_bench_env, tmp_path):
    from bench import kinerja

    env = kinerja_bench_env
    seed_both(env)
    results = Results("pytest", env.scale, [env.backend])
    kinerja.run(env, results, smoke=True)
    out = tmp_path / "RESULTS.md"
    results.write(str(out))
    text = out.read_text()
    assert "benchmark failed" not in text and "differ" not in text
    assert "differs from Pantau" not in text  # both baselines of the pages answer as Pantau does
    etl = re.search(r"\| e-Kinerja full refresh: ([\d,]+) rows .*? \| [\d.,]+ (?:ms|s) \(([\d,]+) rows/s\) \| "
                    r"[\d.,]+ (?:ms|s) \([\d,]+ rows/s; ([\d,]+) facts and [\d,]+ daily rows checked equal to the "
                    r"mart's\) \| ×[\d.,]+ \|", text)
    assert etl, text
    assert int(etl.group(1).replace(",", "")) > int(etl.group(3).replace(",", "")) > 0
    assert re.search(r"\| e-Office full refresh: [\d,]+ rows \(letters, dispositions\) \| — \| ", text), text
    names = [figure.name for figure in kinerja.figures()]
    assert names == [figure.name for figure in kinerja.DOMAIN_PARTS]  # the pages' figures are found at run time
    for figure in kinerja.DOMAIN_PARTS:  # each domain's own KPI cards: a row of its own, with both baselines
        row = next(line for line in text.splitlines() if line.startswith(f"| {figure.name} |"))
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert all(re.fullmatch(r"[\d,.]+ ms", cell) for cell in cells[1:8] + cells[9:10]), cells
    assert "no baseline: the domain's own headline figures" not in text
    for page, title in kinerja.PAGES.items():
        rows = [line for line in text.splitlines() if line.startswith(f"| {title} ")]
        assert rows, f"{page}: no row"
        if "page not registered" not in rows[0]:
            for row in rows:  # warm, after commit, cold
                cells = [cell.strip() for cell in row.strip("|").split("|")]
                assert all(re.fullmatch(r"[\d,.]+ ms", cell) for cell in cells[1:7]), cells
                if not cells[0].startswith("Surat · surat-") or cells[0].split("-")[1].split(".")[0] in (
                        "title", "caption"):  # every mart chart's row has both baselines' times (not the desk's)
                    assert re.fullmatch(r"[\d,.]+ ms", cells[7]) and re.fullmatch(r"[\d,.]+ ms", cells[9]), cells


def test_the_same_seed_and_clock_give_the_same_rows():
    from modules.kinerja.models import KinerjaActivity
    from modules.office.models import OfficeDisposition, OfficeLetter

    now = None
    tables = (KinerjaActivity.__table__, OfficeLetter.__table__, OfficeDisposition.__table__)
    seen = []
    for _ in range(2):
        with bench.env.BenchEnvironment("sqlite", 2000, domains=("staff",), progress=False) as env:
            env.install()
            now = now or env.now
            env.now = now
            seed_both(env)
            with env.databases.engine.connect() as connection:
                seen.append([connection.execute(select(table).order_by(table.c.id)).all() for table in tables])
    assert all(seen[0]) and seen[0] == seen[1]
