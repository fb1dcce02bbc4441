"""GET /api/v1/participation — the same figures as the dashboard, for the province's reporting
system, authenticated by an officer's API token (Authorization: Bearer TOKEN)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_babel import gettext as _

from trading_floor import policy
from trading_floor.extensions import csrf
from trading_floor.monitoring import services, tokens
from trading_floor.monitoring.periods import PeriodError, parse_period

bp = Blueprint("monitoring_api", __name__, url_prefix="/api/v1")


def _error(status: int, message: str):
    response = jsonify(error=message)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="san-tmdt-hung-yen"'
    return response


@bp.route("/participation")
@csrf.exempt
def participation():
    header = request.headers.get("Authorization", "")
    scheme, _sep, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return _error(401, _("Cần khoá API: gửi tiêu đề Authorization: Bearer KHOA."))
    token = tokens.find_token(raw)
    if token is None:
        return _error(401, _("Khoá API không đúng hoặc đã bị thu hồi."))
    if not (token.user.is_active_account and policy.is_officer(token.user)):
        return _error(403, _("Khoá này không thuộc cán bộ Sở Công Thương."))
    try:
        period = parse_period(request.args.get("period"))
    except PeriodError as error:
        return _error(400, str(error))
    group_by = request.args.get("group_by") or None
    try:
        report = services.period_report(period, group_by=(group_by,) if group_by else ())
    except services.MonitoringError as error:
        return _error(400, str(error))
    return jsonify({
        "period": {"label": period.label, "start": period.first_day.isoformat(),
                   "end": period.last_day.isoformat()},
        "targets": {"participation": report.targets.participation,
                    "access": report.targets.access},
        "total": report.total.as_dict(),
        "groups": [{"key": g.key, "name": g.name, **g.tally.as_dict()}
                   for g in report.groups.get(group_by, [])] if group_by else [],
    })
