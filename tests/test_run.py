"""Runners: worker processes and Dask give what the in-process run gives, in input order; a
document that hangs in compiled code or kills its process becomes a coded error, the run goes on."""

from __future__ import annotations

import io
import json
import sqlite3
import time
from pathlib import Path

import pytest

from communique.errors import SchedulerUnreachable, UsageError
from communique.run import WorkSpec, run_batch
from communique.run._work import make_batches
from communique.ingest import from_text
from communique.testing import HAZARD_EXTRACTORS

SPEC = WorkSpec(only=("hazards",), extractors=HAZARD_EXTRACTORS, batch_size=4)
OK = [
    "The Ministry of Transport met the Federation of Transport Workers in Oslo on Friday.",
    "Jonas Berg of the Oslo Port Authority said the talks were useful.",
    "Angela Merkel spoke with Emmanuel Macron about Ukraine.",
]
CRASH = "HAZARD:CRASH Greenpeace protested outside the European Commission in Brussels."
RAISE = "HAZARD:RAISE Oxfam urged the World Bank to act."
HANG = "HAZARD:HANG The United Nations said nothing for a very long time. " + "It waited. " * 25


def corpus(folder, texts):
    folder.mkdir()
    for i, text in enumerate(texts):
        (folder / f"doc{i:02d}.txt").write_text(text, encoding="utf-8")
    return folder


def records(buffer: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def hazard_run(tmp_path, texts, **kwargs):
    folder = corpus(tmp_path / "in", texts)
    out = io.StringIO()
    summary = run_batch([folder], spec=SPEC, json_out=out, db=tmp_path / "a.db", **kwargs)
    got = records(out)
    assert [r["source"] for r in got] == sorted(str(p) for p in folder.iterdir())  # input order
    codes = {int(r["source"][-6:-4]): r["error"]["code"] for r in got if "error" in r}
    # the healthy documents are exactly what an in-process run makes of them
    inline = io.StringIO()
    run_batch([corpus(tmp_path / "ok", [t for t in texts if "HAZARD" not in t])], spec=SPEC, json_out=inline)
    strip = lambda r: {k: v for k, v in r.items() if k != "source"}  # noqa: E731
    assert [strip(r) for r in got if "error" not in r] == [strip(r) for r in records(inline)]
    with sqlite3.connect(tmp_path / "a.db") as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == summary.analysed
        stored = dict(conn.execute("SELECT source, code FROM failures").fetchall())
    assert {int(s[-6:-4]): c for s, c in stored.items()} == codes
    return summary, codes


def test_a_crash_and_a_hang_in_c_fail_only_their_documents(tmp_path):
    # batch 1 [ok, RAISE, ok]: the extractor's exception fails its document only (CQ204);
    # CRASH and HANG are alone in their batches (over batch_chars): CRASH kills its process
    # (CQ602), HANG spins in the C regex engine until the time limit (CQ206); each is replaced.
    # (Batches that stall or die with healthy documents in them: the slow test below.)
    crash = CRASH + " It crashed. " * 20
    texts = [OK[0], RAISE, OK[1], crash, HANG]
    summary, codes = hazard_run(tmp_path, texts, workers=1, timeout=10, batch_chars=260)
    assert codes == {1: "CQ204", 3: "CQ602", 4: "CQ206"}
    assert summary.analysed == 2 and summary.failed == 3


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_hangs_and_crashes_inside_batches_on_two_workers(tmp_path):
    # [ok, HANG, ok, ok] stalls as a batch, then only HANG fails on its own; [CRASH, RAISE, ok] dies
    texts = [OK[0], HANG[:80], OK[1], OK[2], CRASH, RAISE, OK[0] + " Again."]
    started = time.perf_counter()
    summary, codes = hazard_run(tmp_path, texts, workers=2, timeout=10)
    assert codes == {1: "CQ206", 4: "CQ602", 5: "CQ204"}
    assert summary.analysed == 4 and time.perf_counter() - started < 240


def test_dask_cluster_gives_the_same_records_in_order(tmp_path):
    distributed = pytest.importorskip("distributed")
    folder = corpus(tmp_path / "in", OK * 2)
    spec = WorkSpec(only=("actors",), batch_size=2)
    inline, on_dask = io.StringIO(), io.StringIO()
    run_batch([folder], spec=spec, json_out=inline)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:  # fmt: skip
        summary = run_batch([folder], spec=spec, scheduler=client, timeout=60, json_out=on_dask)
        # the worker's analysis processes are stopped when the run ends
        assert not any(client.run(lambda: len(__import__("communique.run.dask").run.dask._PROCESSES)).values())
    assert summary.analysed == 6 and records(on_dask) == records(inline)


def test_dask_settings_name_settings_dask_has_and_travel_as_environment_variables():
    dask = pytest.importorskip("dask")
    pytest.importorskip("distributed")
    from communique.run.dask import DASK_SETTINGS, dask_settings_env

    for key in DASK_SETTINGS:  # a setting renamed by a Dask release fails here, not silently
        dask.config.get(key)
    read_back = dask.config.collect_env(dask_settings_env())  # as `dask worker` reads its environment
    assert {key: dask.config.get(key, config=read_back) for key in DASK_SETTINGS} == DASK_SETTINGS
    assert len(dask_settings_env()) == len(DASK_SETTINGS)
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    missing = [f"{name}={value}" for name, value in dask_settings_env().items() if f"{name}={value}" not in readme]
    assert not missing, f"the README's cluster commands lack {missing}"


def test_unreachable_scheduler_and_usage_errors(tmp_path, monkeypatch):
    from communique.run import dask as dask_runner

    monkeypatch.setattr(dask_runner, "CONNECT_SECONDS", 1)
    folder = corpus(tmp_path / "in", OK[:1])
    with pytest.raises(SchedulerUnreachable) as err:
        run_batch([folder], only=["actors"], scheduler="tcp://127.0.0.1:9")
    assert err.value.code == "CQ601"
    with pytest.raises(UsageError):
        run_batch([folder], only=["actors"], workers=0, timeout=5)


def test_batches_are_bounded_by_documents_and_characters():
    docs = [from_text("word " * n) for n in (10, 10, 10, 3000, 10, 10)]
    sizes = [[len(d.text) for d in batch] for batch in make_batches(docs, batch_size=2, batch_chars=1000)]
    assert sizes == [[50, 50], [50], [15000], [50, 50]]


@pytest.mark.slow
def test_analysis_process_is_replaced_after_many_documents(monkeypatch):
    from communique.run import worker

    monkeypatch.setattr(worker, "RECYCLE_AFTER", 1)
    proc = worker.AnalysisProcess(WorkSpec(only=("actors",)), timeout=60)
    try:
        first_pid = proc.pid
        (one,) = proc.analyse([from_text(OK[0])])
        (two,) = proc.analyse([from_text(OK[0])])
        assert proc.pid != first_pid and proc.restarts == 1
        assert one[0].to_dict() == two[0].to_dict() and one[1] == two[1]  # same record, same signature
    finally:
        proc.close()
    assert proc.pid is None


def test_work_spec_sets_the_characters_spacy_parses_at_once():
    from communique.pipeline import DEFAULT_BATCH_CHARS
    from communique.run import WorkSpec

    assert WorkSpec(only=("genre",)).build().batch_chars == DEFAULT_BATCH_CHARS
    assert WorkSpec(only=("genre",), parse_chars=12_345).build().batch_chars == 12_345  # not the default
