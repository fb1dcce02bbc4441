"""Refreshes the English catalogue: extract, update, and report what is untranslated.

    .venv/bin/python scripts/translations.py            # extract + update + compile
    .venv/bin/python scripts/translations.py --missing  # list msgids without English
"""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PO = ROOT / "translations/en/LC_MESSAGES/messages.po"


def run(*args: str) -> None:
    subprocess.run([str(BIN / "pybabel"), *args], cwd=ROOT, check=True, capture_output=True)


def main() -> None:
    if "--missing" not in sys.argv:
        run("extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "--no-location",
            "--sort-output", "-o", "translations/messages.pot", ".")
        run("update", "-i", "translations/messages.pot", "-d", "translations", "-l", "en",
            "--no-fuzzy-matching")
        run("compile", "-d", "translations", "-D", "messages wtforms")  # wtforms: see core/forms.py
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    missing = [m.id for m in catalog if m.id and not m.string]
    for msgid in missing:
        print(msgid if isinstance(msgid, str) else msgid[0])
    print(f"{len(missing)} untranslated of {len(catalog)}", file=sys.stderr)


if __name__ == "__main__":
    main()
