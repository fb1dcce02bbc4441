"""Dependencies point one way: every import inside trading_floor/ (at module level or inside a
function) goes along ALLOWED, and the domains import each other without a circle.

ALLOWED is the one place where the direction between the parts of the floor is written down.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "trading_floor"

SHARED = {"config", "extensions", "i18n", "policy", "core", "jobs", "imports"}
# the top of the package: the app factory and the wiring that composes the domains
TOP = {"__init__", "wiring", "setup", "demo", "cli", "healthz", "models", "tasks", "backups"}
DOMAINS = {"accounts", "registry", "catalog", "search", "trade", "payments", "monitoring",
           "content", "legal", "complaints", "authority", "reporting", "privacy", "feeds",
           "webhooks", "crosslisting", "outreach", "partners", "alerts"}

# part -> the parts it may import (besides itself)
ALLOWED: dict[str, set[str]] = {
    "config": set(),
    "extensions": set(),
    "i18n": set(),
    "policy": {"extensions"},
    "core": {"config", "extensions", "i18n"},  # a leaf: no domain
    "jobs": {"config", "extensions", "i18n", "core", "policy"},  # the outbox and queue; tasks are wiring
    # import runs: the stored file, the job, the report; the importers are wired in tasks.py
    "imports": {"config", "extensions", "i18n", "core", "policy", "jobs"},
    "accounts": SHARED,
    "registry": SHARED | {"accounts"},
    "catalog": SHARED | {"accounts", "registry"},
    "search": SHARED | {"catalog", "registry"},
    "trade": SHARED | {"accounts", "registry", "catalog"},
    "payments": SHARED | {"accounts", "registry", "catalog", "trade"},
    "monitoring": SHARED | {"accounts", "registry", "catalog", "crosslisting"},
    "content": SHARED | {"accounts", "registry"},
    "legal": SHARED | {"accounts", "trade"},  # trade: the on-floor notifications
    "complaints": SHARED | {"accounts", "registry", "catalog", "trade"},
    "authority": SHARED | {"accounts", "registry", "catalog", "trade"},
    "privacy": SHARED | {"accounts", "trade", "complaints", "legal", "alerts"},
    # the annual report reads every part it reports on (and the dashboard's own figures)
    "reporting": SHARED | {"accounts", "registry", "catalog", "trade", "monitoring",
                           "complaints", "authority"},
    "feeds": SHARED | {"registry", "catalog", "trade"},  # reads public listings and open RFQs
    "crosslisting": SHARED | {"accounts", "registry"},  # an enterprise's shops elsewhere
    "webhooks": SHARED | {"registry", "catalog", "trade"},  # tells partners of their changes
    # campaigns: the outreach list's groups, registry claims, the funnel's listing/access events
    "outreach": SHARED | {"accounts", "registry", "catalog", "monitoring"},
    # the partner and seller APIs read and write through the catalogue's services
    "partners": SHARED | {"accounts", "registry", "catalog", "trade"},
    # e-mails members asked for: RFQs (trade), saved searches (search), the owners' summary
    # (catalog views, outreach's demand records); the unsubscribe link is signed as outreach's
    "alerts": SHARED | {"accounts", "registry", "catalog", "search", "trade", "outreach"},
    **{top: SHARED | DOMAINS | TOP for top in TOP},
}


def _part(module: str) -> str | None:
    """trading_floor.catalog.views -> 'catalog'; trading_floor -> '__init__'; others -> None."""
    names = module.split(".")
    if names[0] != "trading_floor":
        return None
    return names[1] if len(names) > 1 else "__init__"


def _imports() -> list[tuple[str, str, str]]:
    """(importing part, imported part, where) for every import of the package by itself."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        names = list(relative.parts)
        package = names[:-1] if names[-1] != "__init__" else names[:-1]
        module_names = names[:-1] if names[-1] == "__init__" else names
        source = _part(".".join(module_names))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
                # `from trading_floor import policy` imports the module policy, not the package
                targets = [f"{base}.{a.name}" for a in node.names] if base == "trading_floor" \
                    else [base]
            else:
                continue
            for target in targets:
                part = _part(target)
                if part is not None and part != source:
                    found.append((source, part, f"{relative}.py:{node.lineno} imports {target}"))
    return found


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        path.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_every_part_of_the_package_is_placed_in_the_allowed_graph():
    parts = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()
             if (p.suffix == ".py" or (p / "__init__.py").exists())}
    assert parts == set(ALLOWED)


def test_the_allowed_graph_between_domains_has_no_circle():
    assert _cycle({d: ALLOWED[d] & DOMAINS for d in DOMAINS}) is None


def test_imports_follow_the_allowed_direction():
    wrong = [where for source, target, where in _imports() if target not in ALLOWED[source]]
    assert wrong == []


def test_core_imports_no_domain():
    assert not [w for s, t, w in _imports() if s == "core" and (t in DOMAINS or t in TOP)]


def test_the_domains_import_each_other_without_a_circle():
    graph: dict[str, set[str]] = defaultdict(set)
    for source, target, _where in _imports():
        if source in DOMAINS and target in DOMAINS:
            graph[source].add(target)
    assert _cycle(graph) is None


def test_the_walk_sees_what_it_must_refuse(tmp_path, monkeypatch):
    """The checks fail on a core -> domain import and on a circle (guards against a blind walk)."""
    fake = tmp_path / "trading_floor"
    (fake / "core").mkdir(parents=True)
    (fake / "catalog").mkdir()
    (fake / "monitoring").mkdir()
    (fake / "core" / "bad.py").write_text("def f():\n    from trading_floor.catalog import x\n")
    (fake / "catalog" / "a.py").write_text("from trading_floor.monitoring import b\n")
    (fake / "monitoring" / "b.py").write_text("from ..catalog import a\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["PACKAGE"]), "PACKAGE", fake)
    found = _imports()
    assert ("core", "catalog", "trading_floor/core/bad.py:2 imports trading_floor.catalog") in found
    graph: dict[str, set[str]] = defaultdict(set)
    for source, target, _where in found:
        graph[source].add(target)
    assert _cycle(graph) in (["catalog", "monitoring", "catalog"], ["monitoring", "catalog", "monitoring"])
