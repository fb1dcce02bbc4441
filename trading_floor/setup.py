"""Steps every deployment runs at setup (after migrations): taxonomy seed, index check…"""

from collections.abc import Callable


def base_steps() -> list[Callable[[], None]]:
    steps: list[Callable[[], None]] = []
    try:
        from trading_floor.catalog.taxonomy import seed_taxonomy
    except ImportError:
        pass
    else:
        steps.append(seed_taxonomy)
    try:
        from trading_floor.search.indexing import ensure_index
    except ImportError:
        pass
    else:
        steps.append(ensure_index)
    return steps
