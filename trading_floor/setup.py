"""Steps every deployment runs at setup (after migrations): taxonomy seed, index check…"""

from collections.abc import Callable

from trading_floor.catalog.taxonomy import seed_taxonomy
from trading_floor.search.indexing import ensure_index


def base_steps() -> list[Callable[[], None]]:
    return [seed_taxonomy, ensure_index]
