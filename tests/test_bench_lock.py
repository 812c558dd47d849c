"""The benchmark-only lock (textacy and its dependencies) must not move any runtime pin."""

from __future__ import annotations

import re

from .conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s\\;]+)", re.M)


def pins(name: str) -> dict[str, str]:
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    return {k.lower().replace("_", "-"): v for k, v in PIN.findall(text)}


def test_bench_lock_keeps_every_runtime_pin():
    runtime, bench = pins("lock.txt"), pins("bench-lock.txt")
    assert runtime, "no pins read from requirements/lock.txt"
    moved = {k: (v, bench.get(k)) for k, v in runtime.items() if bench.get(k) != v}
    assert not moved, f"bench-lock.txt changes runtime pins (lock, bench): {moved}; run `make bench-lock`"
    assert "textacy" in bench and "textacy" not in runtime


def test_bench_lock_is_hashed():
    text = (ROOT / "requirements" / "bench-lock.txt").read_text(encoding="utf-8")
    assert "--hash=sha256:" in text
    blocks = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", text)
    assert all("--hash=sha256:" in b for b in blocks if PIN.match(b))
