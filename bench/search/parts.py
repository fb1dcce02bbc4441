"""Where a search's time goes: the bench's query set through the search service, each part timed.

    flock /tmp/bench.lock env BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/floor_search_bench \
        .venv/bin/python -m bench.search.parts --backend postgres
    flock /tmp/bench.lock .venv/bin/python -m bench.search.parts --backend whoosh

Uses the index the last `bench.search.run` built (no reindex). Prints median/p95 of each part and
the slowest searches with their parts (ms).
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import time

from bench.search.run import make_app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--backend", default="postgres")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--slowest", type=int, default=15)
    args = parser.parse_args()
    app = make_app(args.size, args.backend, os.environ.get("BENCH_DATABASE_URL"))
    with app.app_context():
        from bench.search.queries import query_set
        from trading_floor.search import get_backend, service

        backend = get_backend()
        communes = backend.search(service.SearchQuery(limit=0)).facets.commune
        commune = str(max(communes, key=communes.get)) if communes else ""
        queries = [{k: (commune if v == "__commune__" else v) for k, v in q.items()}
                   for q in query_set()]
        spent: dict[str, float] = {}

        def timed(owner, name: str) -> None:
            original = getattr(owner, name, None)
            if original is None:
                return

            @functools.wraps(original)
            def wrapper(*a, **k):
                began = time.perf_counter()
                try:
                    return original(*a, **k)
                finally:
                    spent[name] = spent.get(name, 0.0) + time.perf_counter() - began

            setattr(owner, name, wrapper)

        for name in ("_search", "_count_and_facets", "search"):
            timed(backend, name)
        for name in ("_load_hits", "_facets", "_categories"):
            timed(service, name)
        service.search(service.parse_params({"q": "warm up"}))
        parts: dict[str, list[float]] = {}
        rows = []
        for params in queries * args.rounds:
            spent.clear()
            began = time.perf_counter()
            service.search(service.parse_params(params))
            spent["total"] = time.perf_counter() - began
            for name, seconds in spent.items():
                parts.setdefault(name, []).append(seconds)
            rows.append((spent["total"], dict(spent), params))
        for name, samples in parts.items():
            samples.sort()
            print(f"{name:18s} n {len(samples):4d}  mean {statistics.fmean(samples) * 1e3:6.2f}"
                  f"  p50 {samples[len(samples) // 2] * 1e3:6.2f}"
                  f"  p95 {samples[int(0.95 * (len(samples) - 1))] * 1e3:6.2f} ms")
        rows.sort(key=lambda row: -row[0])
        for total, spent_by, params in rows[:args.slowest]:
            shown = {k: round(v * 1e3, 1) for k, v in spent_by.items() if k != "total"}
            print(f"{total * 1e3:6.1f}  {shown}  {params}")


if __name__ == "__main__":
    main()
