"""What the home page shows: the sections the application lists, in that order.

core/ knows no domain: the list itself is wired at the top of the package (trading_floor/wiring.py).
"""

from collections.abc import Callable, Sequence

from flask import Flask, current_app

Provider = Callable[[], dict | None]


def init_app(app: Flask, providers: Sequence[Provider]) -> None:
    app.extensions["home_sections"] = tuple(providers)


def collect() -> list[dict]:
    providers = current_app.extensions.get("home_sections", ())
    return [section for provider in providers if (section := provider())]
