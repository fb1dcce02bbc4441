"""The annual report: a printable page and its XLSX."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _

from trading_floor.core.spreadsheet import report_xlsx_bytes
from trading_floor.i18n import local_today
from trading_floor.policy import officer_required
from trading_floor.reporting import annual

bp = Blueprint("reporting", __name__)
FIRST_YEAR = 2020


def _year(value: int | None) -> int:
    this_year = local_today().year
    year = value if value is not None else this_year - 1 if local_today().month == 1 else this_year
    if not FIRST_YEAR <= year <= this_year:
        abort(404)
    return year


@bp.route("/so-cong-thuong/bao-cao-nam")
@officer_required
def annual_report():
    year = _year(request.args.get("nam", type=int))
    report = annual.build(year)
    return render_template("reporting/annual.html", report=report, rows=annual.rows(report),
                           years=list(range(local_today().year, FIRST_YEAR - 1, -1)))


@bp.route("/so-cong-thuong/bao-cao-nam/<int:year>.xlsx")
@officer_required
def annual_xlsx(year: int):
    report = annual.build(_year(year))
    content = report_xlsx_bytes(
        _("Báo cáo năm"), _("Báo cáo hoạt động sàn năm %(y)d", y=report.year),
        [_("Mục"), _("Chỉ tiêu"), _("Số liệu")], [list(row) for row in annual.rows(report)])
    return Response(content,
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition":
                             f"attachment; filename=bao-cao-nam-{report.year}.xlsx"})
