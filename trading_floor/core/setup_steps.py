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
    return steps
