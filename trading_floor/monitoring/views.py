"""The Department's monitoring pages: dashboard, breakdowns, outreach, exports, report, settings."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from trading_floor.core.collation import commune_sort_key
from trading_floor.core.numbers import query_int, query_page, whole_number
from trading_floor.monitoring import charts, exports, services, tables, tokens
from trading_floor.monitoring.forms import RevokeForm, TargetsForm, TokenForm
from trading_floor.monitoring.periods import (
    PeriodError,
    default_period,
    parse_period,
    picker_choices,
)
from trading_floor.policy import admin_required, officer_required
from trading_floor.registry.codes import SECTION_NAMES
from trading_floor.registry.services import communes

bp = Blueprint("monitoring", __name__, url_prefix="/theo-doi")

SORTABLE = ("name", "denominator", "participating", "participation_rate", "accessing",
            "access_rate", "connected", "connected_rate")
PER_PAGE = 100


def _period():
    try:
        return parse_period(request.args.get("period"))
    except PeriodError as error:
        flash(str(error), "error")
        return default_period()


def _filters() -> dict:
    return {"commune": query_int(request.args, "commune"),
            "sector": request.args.get("sector") or None,
            "size": request.args.get("size") or None,
            "missing": request.args.get("missing") or None}


def _sorted(groups: list[services.Group], spec: str | None) -> list[services.Group]:
    spec = spec or ""
    column, reverse = spec.lstrip("-"), spec.startswith("-")
    if column not in SORTABLE:
        return groups
    if column == "name":
        return sorted(groups, key=lambda g: commune_sort_key(g.name), reverse=reverse)
    return sorted(groups, key=lambda g: getattr(g.tally, column), reverse=reverse)


def _charts(report: services.Report, trend: list[services.TrendPoint]) -> dict:
    labels = [f"{p.period.first_day.month:02d}/{p.period.first_day.year % 100:02d}" for p in trend]
    participation, access = _("Tỷ lệ tham gia"), _("Tỷ lệ truy cập")
    return {
        "participation": charts.line_chart(
            _("Tỷ lệ tham gia 24 tháng"), labels,
            [(participation, [p.tally.participation_rate for p in trend], "participation")],
            [(report.targets.participation, _("Chỉ tiêu"), "participation")]),
        "access": charts.line_chart(
            _("Tỷ lệ truy cập 24 tháng"), labels,
            [(access, [p.tally.access_rate for p in trend], "access")],
            [(report.targets.access, _("Chỉ tiêu"), "access")]),
        **{dimension: charts.bar_chart(
            tables.dimension_title(dimension),
            [(g.name, g.tally.participation_rate, g.tally.access_rate)
             for g in report.groups[dimension]],
            (report.targets.participation, report.targets.access), (participation, access))
           for dimension in services.DIMENSIONS},
    }


@bp.route("/")
@officer_required
def dashboard():
    period = _period()
    report = services.period_report(period)
    trend = services.monthly_trend(24)
    for dimension in services.DIMENSIONS:
        report.groups[dimension] = _sorted(report.groups[dimension],
                                           request.args.get(f"sort_{dimension}"))
    targets = report.targets
    projections = {
        "participation": services.project(trend, "participation_rate", targets.participation),
        "access": services.project(trend, "access_rate", targets.access),
    }
    return render_template("monitoring/dashboard.html", period=period, report=report,
                           trend=trend, projections=projections, charts=_charts(report, trend),
                           choices=picker_choices(), dimensions=services.DIMENSIONS,
                           dimension_title=tables.dimension_title,
                           by_title=tables.by_title)


@bp.route("/nhom/<dimension>/<key>")
@officer_required
def group(dimension: str, key: str):
    if dimension not in services.DIMENSIONS:
        abort(404)
    period = _period()
    filters = {"commune": whole_number(key, max_digits=9) if dimension == "commune" else None,
               "sector": key if dimension == "sector" else None,
               "size": key if dimension == "size" else None}
    if dimension == "commune" and filters["commune"] is None:
        abort(404)
    lines = services.enterprise_lines(period, **filters)
    return render_template("monitoring/group.html", period=period, lines=lines,
                           dimension=dimension, key=key,
                           name=services.group_name(dimension, key),
                           dimension_title=tables.dimension_title(dimension), filters=filters)


@bp.route("/van-dong")
@officer_required
def outreach():
    period = _period()
    filters = _filters()
    filters["missing"] = filters["missing"] or "either"
    try:
        lines = services.enterprise_lines(period, commune=filters["commune"],
                                          sector=filters["sector"], size=filters["size"],
                                          missing=filters["missing"])
    except services.MonitoringError as error:
        flash(str(error), "error")
        filters["missing"] = "either"
        lines = services.enterprise_lines(period, missing="either")
    page = query_page(request.args)
    pages = max(1, (len(lines) + PER_PAGE - 1) // PER_PAGE)
    page = min(page, pages)
    return render_template("monitoring/outreach.html", period=period, filters=filters,
                           lines=lines[(page - 1) * PER_PAGE: page * PER_PAGE], total=len(lines),
                           page=page, pages=pages, choices=picker_choices(),
                           communes=communes(), sections=SECTION_NAMES,
                           sizes=services.SIZE_LABELS)


@bp.route("/xuat/<table>.<fmt>")
@officer_required
def export(table: str, fmt: str):
    if table not in tables.TABLES or fmt not in ("xlsx", "csv"):
        abort(404)
    period = _period()
    filters = _filters()
    if table == "group" and not any(filters[k] for k in ("commune", "sector", "size")):
        abort(404)
    try:
        data = tables.build(table, period, filters)
    except services.MonitoringError:
        abort(400)
    filename = f"theo-doi-{table}-{period.key}.{fmt}"
    if fmt == "csv":
        return Response(exports.to_csv(data), content_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f"attachment; filename={filename}"})
    return Response(exports.to_xlsx(data),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})


@bp.route("/bao-cao")
@officer_required
def report():
    period = _period()
    report = services.period_report(period)
    trend = services.monthly_trend(24)
    targets = report.targets
    projections = {
        "participation": services.project(trend, "participation_rate", targets.participation),
        "access": services.project(trend, "access_rate", targets.access),
    }
    return render_template("monitoring/report.html", period=period, report=report, trend=trend,
                           projections=projections, charts=_charts(report, trend),
                           dimension_title=tables.dimension_title,
                           by_title=tables.by_title)


@bp.route("/cai-dat", methods=["GET", "POST"])
@admin_required
def settings():
    current = services.targets()
    form = TargetsForm(data={"participation_target": round(current.participation * 100),
                             "access_target": round(current.access * 100),
                             "deadline": current.deadline})
    if form.validate_on_submit():
        try:
            services.update_targets(form.participation_target.data, form.access_target.data,
                                    form.deadline.data, current_user)
        except services.MonitoringError as error:
            flash(str(error), "error")
        else:
            flash(_("Đã lưu chỉ tiêu."), "success")
            return redirect(url_for("monitoring.settings"))
    return render_template("monitoring/settings.html", form=form)


@bp.route("/khoa-api", methods=["GET", "POST"])
@officer_required
def api_tokens():
    form, revoke_form, raw = TokenForm(), RevokeForm(), None
    if form.validate_on_submit():
        try:
            _token, raw = tokens.create_token(current_user, form.name.data)
        except services.MonitoringError as error:
            flash(str(error), "error")
        else:
            form = TokenForm(formdata=None)
    return render_template("monitoring/tokens.html", form=form, revoke_form=revoke_form,
                           raw=raw, tokens=tokens.tokens_of(current_user))


@bp.route("/khoa-api/<int:token_id>/thu-hoi", methods=["POST"])
@officer_required
def revoke_token(token_id: int):
    if RevokeForm().validate_on_submit():
        try:
            tokens.revoke_token(current_user, token_id)
        except services.MonitoringError as error:
            flash(str(error), "error")
        else:
            flash(_("Đã thu hồi khoá."), "success")
    return redirect(url_for("monitoring.api_tokens"))


@bp.app_template_filter("pct")
def format_percent(value: float | None, digits: int = 1) -> str:
    """0.4062 -> '40,6%' (a comma before the decimals, as Vietnamese write it)."""
    if value is None:
        return ""
    return f"{value * 100:.{digits}f}".replace(".", ",") + "%"
