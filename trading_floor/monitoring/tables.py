"""Every table of the dashboard as headers and rows: the page, the XLSX and the CSV exports all
read them, so they always agree."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from trading_floor.monitoring import services
from trading_floor.monitoring.periods import Period

TABLES = ("summary", "commune", "sector", "size", "trend", "outreach", "group")


@dataclass
class Table:
    name: str
    title: str
    headers: list[str]
    rows: list[list]


def _percent(value: float) -> float:
    return round(value * 100, 1)


def _tally_headers() -> list[str]:
    return [_("Số doanh nghiệp (mẫu số)"), _("Tham gia"), _("Tỷ lệ tham gia (%)"),
            _("Truy cập"), _("Tỷ lệ truy cập (%)"), _("Kết nối sàn khác"),
            _("Tỷ lệ kết nối (%)")]


def _tally_cells(tally: services.Tally) -> list:
    return [tally.denominator, tally.participating, _percent(tally.participation_rate),
            tally.accessing, _percent(tally.access_rate), tally.connected,
            _percent(tally.connected_rate)]


def dimension_title(dimension: str) -> str:
    return {"commune": _("Xã/phường"), "sector": _("Ngành (VSIC cấp 1)"),
            "size": _("Quy mô")}[dimension]


def by_title(dimension: str) -> str:
    return {"commune": _("Theo xã/phường"), "sector": _("Theo ngành (VSIC cấp 1)"),
            "size": _("Theo quy mô")}[dimension]


def summary_table(report: services.Report) -> Table:
    return Table("summary", _("Tổng hợp %(p)s", p=report.period.label),
                 [_("Kỳ")] + _tally_headers() + [_("Chỉ tiêu tham gia (%)"),
                                                 _("Chỉ tiêu truy cập (%)")],
                 [[report.period.label] + _tally_cells(report.total)
                  + [_percent(report.targets.participation), _percent(report.targets.access)]])


def group_table(report: services.Report, dimension: str) -> Table:
    return Table(dimension, f"{by_title(dimension)} — {report.period.label}",
                 [_("Mã"), dimension_title(dimension)] + _tally_headers(),
                 [[g.key, g.name] + _tally_cells(g.tally) for g in report.groups[dimension]])


def trend_table(trend: list[services.TrendPoint]) -> Table:
    return Table("trend", _("Diễn biến theo tháng"), [_("Tháng")] + _tally_headers(),
                 [[p.period.label] + _tally_cells(p.tally) for p in trend])


def lines_table(name: str, title: str, lines: list[services.EnterpriseLine]) -> Table:
    yes, no = _("có"), _("không")
    return Table(name, title,
                 [_("Mã số doanh nghiệp"), _("Tên doanh nghiệp"), _("Xã/phường"), _("Ngành"),
                  _("Quy mô"), _("Điện thoại"), _("Email"), _("Tham gia"), _("Truy cập")],
                 [[ln.code, ln.name, ln.commune, ln.sector, ln.size, ln.phone, ln.email,
                   yes if ln.participating else no, yes if ln.accessing else no]
                  for ln in lines])


def build(name: str, period: Period, filters: dict) -> Table:
    """The named table of a period (filters: commune, sector, size, missing, dimension, key)."""
    if name == "trend":
        return trend_table(services.monthly_trend(24))
    if name in ("summary", "commune", "sector", "size"):
        group_by = () if name == "summary" else (name,)
        report = services.period_report(period, group_by=group_by)
        return summary_table(report) if name == "summary" else group_table(report, name)
    if name == "outreach":
        lines = services.enterprise_lines(period, commune=filters.get("commune"),
                                          sector=filters.get("sector"), size=filters.get("size"),
                                          missing=filters.get("missing") or "either")
        return lines_table(name, _("Danh sách cần vận động — %(p)s", p=period.label), lines)
    if name == "group":
        lines = services.enterprise_lines(period, commune=filters.get("commune"),
                                          sector=filters.get("sector"), size=filters.get("size"))
        return lines_table(name, _("Doanh nghiệp — %(p)s", p=period.label), lines)
    raise services.MonitoringError(_("Không có bảng này."))
