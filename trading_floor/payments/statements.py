"""Bank statement import: transfers matched to orders by the reference in the description AND
the exact amount. Any invalid row refuses the whole file; nothing is half-written."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from trading_floor.core.tabular import RowError, parse_date, read_table_or_refuse
from trading_floor.extensions import db
from trading_floor.i18n import fold, format_vnd
from trading_floor.payments import services
from trading_floor.payments.models import (
    AMBIGUOUS,
    BANK_TRANSFER,
    MATCHED,
    REFUNDED,
    SUCCEEDED,
    UNMATCHED,
    BankStatementImport,
    BankStatementRow,
    Payment,
)
from trading_floor.trade.models import AWAITING_PAYMENT, Order

COLUMNS = {
    "transaction_date": ("date", "ngày", "ngày giao dịch", "ngay giao dich", "ngày gd"),
    "amount": ("số tiền", "so tien", "số tiền ghi có", "ghi có", "credit"),
    "description": ("reference", "nội dung", "noi dung", "diễn giải", "dien giai", "mô tả",
                    "nội dung chuyển khoản"),
}
REQUIRED = ("transaction_date", "amount", "description")
# an order reference as the trade part issues them ("HY000123"); banks glue words around it
REFERENCE_RE = re.compile(r"([A-Z]{2}\d{6,})(?!\d)")
AMOUNT_RE = re.compile(r"\d{1,3}(?:([.,])\d{3})?(?:\1\d{3})*|\d+")


@dataclass
class StatementLine:
    line: int
    transaction_date: date
    amount_vnd: int
    description: str
    outcome: str = UNMATCHED
    order: Order | None = None
    reason: str = ""


@dataclass
class StatementReport:
    errors: list[RowError] = field(default_factory=list)
    lines: list[StatementLine] = field(default_factory=list)
    statement_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, outcome: str) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)


def parse_amount(text: str) -> int:
    """'1.250.000', '1,250,000', '1250000', '1 250 000 ₫' or '1250000.00' → 1250000 đồng."""
    cleaned = re.sub(r"(?i)\s|₫|vnd|đ", "", text or "")
    cleaned = re.sub(r"[.,]00$", "", cleaned) if re.fullmatch(r"\d+[.,]00", cleaned) else cleaned
    if not cleaned or not AMOUNT_RE.fullmatch(cleaned):
        raise ValueError(text)
    amount = int(re.sub(r"[.,]", "", cleaned))
    if amount <= 0:
        raise ValueError(text)
    return amount


def references_in(description: str) -> list[str]:
    return list(dict.fromkeys(REFERENCE_RE.findall(fold(description).upper())))


def _read(content: bytes, filename: str) -> StatementReport:
    report = StatementReport()
    table = read_table_or_refuse(content, filename, COLUMNS, REQUIRED, report.errors)
    if table is None:
        return report
    for line, row in table.rows:
        try:
            when = parse_date(row["transaction_date"])
        except ValueError:
            report.errors.append(RowError(line, "transaction_date", _(
                "Ngày không hợp lệ: \"%(v)s\" (dd/mm/yyyy hoặc yyyy-mm-dd).",
                v=row["transaction_date"])))
            continue
        try:
            amount = parse_amount(row["amount"])
        except ValueError:
            report.errors.append(RowError(line, "amount", _(
                "Số tiền không hợp lệ: \"%(v)s\" (số đồng dương, ví dụ 1.250.000).",
                v=row["amount"])))
            continue
        if not row["description"]:
            report.errors.append(RowError(line, "description", _("Thiếu nội dung chuyển khoản.")))
            continue
        report.lines.append(StatementLine(line, when, amount, row["description"][:2000]))
    return report


@dataclass
class _Candidates:
    """The orders a statement names, read once, with what each still awaits by transfer."""

    by_reference: dict[str, Order]
    outstanding: dict[int, int]

    @classmethod
    def load(cls, references: set[str]) -> _Candidates:
        by_reference: dict[str, Order] = {}
        names = sorted(references)
        for start in range(0, len(names), 500):
            chunk = names[start:start + 500]
            by_reference.update((o.reference, o) for o in db.session.scalars(
                select(Order).where(Order.reference.in_(chunk))))
        ids = [o.id for o in by_reference.values()]
        transferred: set[int] = set()
        for start in range(0, len(ids), 500):
            transferred.update(db.session.scalars(select(Payment.order_id).where(
                Payment.order_id.in_(ids[start:start + 500]), Payment.method == BANK_TRANSFER,
                Payment.status.in_((SUCCEEDED, REFUNDED)))))
        outstanding = {
            o.id: 0 if o.status != AWAITING_PAYMENT or o.id in transferred
            else services.transfer_portion(o) for o in by_reference.values()}
        return cls(by_reference, outstanding)


def _match(line: StatementLine, known: _Candidates) -> None:
    references = references_in(line.description)
    if not references:
        line.reason = _("Không thấy mã đơn hàng trong nội dung.")
        return
    orders = [known.by_reference[r] for r in references if r in known.by_reference]
    if not orders:
        line.reason = _("Không có đơn hàng mã %(refs)s.", refs=", ".join(references))
        return
    candidates = [o for o in orders if known.outstanding[o.id] == line.amount_vnd]
    if len(candidates) > 1:
        line.outcome, line.reason = AMBIGUOUS, _(
            "Nội dung nhắc tới nhiều đơn hàng cùng số tiền: %(refs)s.",
            refs=", ".join(o.reference for o in candidates))
        return
    if not candidates:
        order = orders[0]
        if order.status != AWAITING_PAYMENT:
            line.reason = _("Đơn hàng %(ref)s không còn chờ thanh toán.", ref=order.reference)
        elif known.outstanding[order.id] == 0:
            line.reason = _("Đơn hàng %(ref)s không chờ chuyển khoản (thanh toán bằng thẻ).",
                            ref=order.reference)
        else:
            line.reason = _("Số tiền %(got)s khác số cần chuyển %(want)s của đơn %(ref)s.",
                            got=format_vnd(line.amount_vnd),
                            want=format_vnd(known.outstanding[order.id]), ref=order.reference)
        return
    line.outcome, line.order = MATCHED, candidates[0]


def import_statement(content: bytes, filename: str, officer) -> StatementReport:
    """Reads a statement, matches its transfers and records the matched ones as received."""
    report = _read(content, filename)
    if not report.ok:
        return report
    known = _Candidates.load({r for line in report.lines for r in references_in(line.description)})
    for line in report.lines:
        _match(line, known)
    # two transfers for one order: neither is applied, an officer looks at both
    per_order = Counter(line.order.id for line in report.lines if line.outcome == MATCHED)
    for line in report.lines:
        if line.outcome == MATCHED and per_order[line.order.id] > 1:
            line.outcome, line.reason = AMBIGUOUS, _(
                "Nhiều dòng sao kê khớp cùng đơn hàng %(ref)s.", ref=line.order.reference)
            line.order = None
    statement = BankStatementImport(filename=filename[:255], imported_by_id=officer.id,
                                    matched=report.count(MATCHED),
                                    unmatched=report.count(UNMATCHED),
                                    ambiguous=report.count(AMBIGUOUS))
    db.session.add(statement)
    rows = [BankStatementRow(line=line.line, transaction_date=line.transaction_date,
                             amount_vnd=line.amount_vnd, description=line.description,
                             outcome=line.outcome, reason=line.reason,
                             order_id=line.order.id if line.order else None)
            for line in report.lines]
    statement.rows.extend(rows)
    db.session.flush()
    matched = [(line, row) for line, row in zip(report.lines, rows, strict=True)
               if line.outcome == MATCHED]
    db.session.add_all(Payment(order_id=line.order.id, method=BANK_TRANSFER,
                               amount_vnd=line.amount_vnd, status=SUCCEEDED,
                               recorded_by_id=officer.id, statement_row_id=row.id)
                       for line, row in matched)
    db.session.flush()
    covered = services.succeeded_by_order([line.order.id for line, _row in matched])
    for line, _row in matched:
        if covered.get(line.order.id, 0) >= line.order.total_vnd:
            services.settle(line.order, actor=officer, method=BANK_TRANSFER, covered=True)
    db.session.commit()
    report.statement_id = statement.id
    return report
