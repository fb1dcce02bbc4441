"""Import files run as jobs: the upload is stored and answered at once, the import runs in the
job consumer with its progress on a page, and the report (totals, first 1,000 errors, CSV) is
shown there when it ends (runs.py, views.py; the importers themselves live in their domains and
are wired in trading_floor/tasks.py)."""
