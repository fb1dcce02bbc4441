"""The public catalogue's fixtures (categories, listings, a shop), shared with the feeds."""

from tests.catalog.public.conftest import make_category, make_listing, shop  # noqa: F401
