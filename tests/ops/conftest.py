"""The search corpus fixtures, shared with tests/search (the backup test restores and searches it)."""

from tests.search.conftest import (  # noqa: F401  (fixtures, found by name)
    backend_name,
    categories,
    communes,
    corpus,
    make_listing,
)
