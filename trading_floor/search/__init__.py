"""Search: Vietnamese analysis, the backend seam (Whoosh embedded, PostgreSQL), indexing, pages.

`get_backend()` returns the configured backend of the current app (SEARCH_BACKEND = whoosh |
postgres), created once per app; `health()` is what /healthz reports for the index.
"""

from __future__ import annotations

from flask import current_app

from trading_floor.search.backend import SearchBackend


def get_backend(app=None) -> SearchBackend:
    app = app or current_app._get_current_object()
    backend = app.extensions.get("search_backend")
    if backend is None:
        if app.config["SEARCH_BACKEND"] == "postgres":
            from trading_floor.search.postgres_backend import PostgresBackend

            backend = PostgresBackend()
        else:
            from trading_floor.search.whoosh_backend import WhooshBackend

            backend = WhooshBackend(app.config["SEARCH_INDEX_DIR"],
                                    build_procs=app.config["SEARCH_BUILD_PROCS"])
        app.extensions["search_backend"] = backend
    return backend


def health() -> str:
    """'ok', or why the search index cannot answer (missing, unreadable)."""
    try:
        return get_backend().health()
    except Exception as error:  # a health check reports, it never raises
        return f"error: {error.__class__.__name__}"
