"""What the home page shows: each part of the floor contributes a section (categories, newest…)."""

from collections.abc import Callable

_providers: list[Callable[[], dict | None]] = []


def register(provider: Callable[[], dict | None]) -> Callable[[], dict | None]:
    _providers.append(provider)
    return provider


def collect() -> list[dict]:
    return [section for provider in _providers if (section := provider())]
