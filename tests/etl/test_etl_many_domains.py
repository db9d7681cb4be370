"""The runner with several jobs of several domains: complaints and a minimal probe job."""

from __future__ import annotations

from dataclasses import replace

import pytest
from probe_job import PROBE_JOB, probe_values, write_readings
from sqlalchemy import select
from synthetic_complaints import snapshot, write_snapshots

from core.changelog import last_position, record_change
from etl.complaints.job import JOB as COMPLAINTS_JOB
from etl.jobs import Job
from etl.runner import EtlRunner
from etl.state import Reject, read_watermark


def recorded(job, commits: list):
    """The job, noting its name in `commits` as each batch is applied (the runner applies and
    commits one batch at a time, so this is the order of the commits)."""
    def apply_changes(connection, staged, dimensions):
        result = job.apply_changes(connection, staged, dimensions)
        commits.append(job.name)
        return result

    return replace(job, apply_changes=apply_changes)


def test_a_flood_of_one_domain_holds_another_back_by_at_most_one_batch(probe_mart):
    write_snapshots(probe_mart, [snapshot(i) for i in range(1, 41)])  # 8 batches of complaints
    write_readings(probe_mart, {7: 21.5})  # one probe reading, after the whole backlog
    commits = []
    runner = EtlRunner(probe_mart, jobs=[recorded(COMPLAINTS_JOB, commits), recorded(PROBE_JOB, commits)],
                       batch_size=5)
    summary = runner.run_once()
    assert commits.index("probes") <= 1, commits
    assert commits.count("complaints") == 8 and summary.read == 41
    assert probe_values(probe_mart) == {7: 21.5}


def test_each_job_keeps_its_own_watermark(probe_mart):
    runner = EtlRunner(probe_mart, jobs=[COMPLAINTS_JOB, PROBE_JOB], batch_size=3)
    write_readings(probe_mart, {1: 1.0, 2: 2.0})
    write_snapshots(probe_mart, [snapshot(1)])
    write_readings(probe_mart, {1: 1.5})
    assert runner.run_once().read == 3  # a complaint and two probes (probe 1's two readings count once)
    assert probe_values(probe_mart) == {1: 1.5, 2: 2.0}
    write_readings(probe_mart, {2: 2.5})
    again = runner.run_once()
    assert again.read == 1 and again.marts_changed == {"probes"}


def test_a_job_reads_the_entities_of_one_domain_only():
    # positions are in commit order only within a domain (core.changelog)
    with pytest.raises(ValueError, match="several domains"):
        replace(PROBE_JOB, entities=("probe", "complaint"))
    assert Job(name="rules", entities=("complaint", "complaint_routing_rule"), marts=(),
               apply_changes=None, full_refresh=None).entities


def test_a_payload_version_a_job_cannot_read_is_rejected_with_its_reason(probe_mart):
    write_readings(probe_mart, {1: 1.0})
    write_readings(probe_mart, {2: 2.0}, schema_version=2)  # a newer module's shape
    write_readings(probe_mart, {3: 3.0})
    with probe_mart.transaction() as session:
        record_change(session, "complaint", 9, "test", snapshot(9), schema_version=99)
    summary = EtlRunner(probe_mart, jobs=[COMPLAINTS_JOB, PROBE_JOB], batch_size=2).run_once()
    assert probe_values(probe_mart) == {1: 1.0, 3: 3.0}
    assert (summary.read, summary.rejected) == (4, 2)
    with probe_mart.warehouse.connect() as connection:
        rejects = {(r.job, r.entity_id): (r.reason, r.payload) for r in connection.execute(select(Reject.__table__))}
        watermarks = {job: read_watermark(connection, job) for job in ("complaints", "probes")}
    assert rejects == {
        ("probes", "2"): ("unknown payload schema version 2 (the job reads 1)", {"id": 2, "value": 2.0}),
        ("complaints", "9"): ("unknown payload schema version 99 (the job reads 1, 2)", snapshot(9)),
    }
    with probe_mart.session() as session:
        assert watermarks == {"complaints": last_position(session), "probes": last_position(session) - 1}
