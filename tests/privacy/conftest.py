"""A verified seller with a public listing, as the trade tests have them."""

from tests.trade.conftest import category, listing, make_listing, seller  # noqa: F401
