"""The monitoring tests' hand-computed province (and the trade fixtures) for the annual report."""

from tests.monitoring.conftest import province  # noqa: F401
from tests.trade.conftest import category, listing, make_listing, seller  # noqa: F401
