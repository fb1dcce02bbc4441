"""Imports the provincial enterprise registry: any invalid row refuses the whole file."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from trading_floor.core import bulk
from trading_floor.core.numbers import whole_number
from trading_floor.core.tabular import (
    ImportReport,
    RowError,
    parse_date,
    read_table_or_refuse,
)
from trading_floor.extensions import db
from trading_floor.i18n import utcnow
from trading_floor.registry.codes import check_enterprise_code, vsic_section
from trading_floor.registry.models import (
    AdminUnit,
    RegistryEnterprise,
    RegistryImport,
    RegistryStatusChange,
)

COLUMNS: dict[str, tuple[str, ...]] = {
    "enterprise_code": ("mã số doanh nghiệp", "ma so doanh nghiep", "mã số thuế", "mst"),
    "name": ("tên doanh nghiệp", "ten doanh nghiep", "tên"),
    "address": ("địa chỉ", "dia chi"),
    "commune_code": ("mã xã", "mã xã/phường", "ma xa", "mã đơn vị hành chính"),
    "vsic_code": ("mã ngành", "ma nganh", "mã ngành vsic", "ngành nghề"),
    "size_class": ("quy mô", "quy mo"),
    "status": ("trạng thái", "trang thai"),
    "phone": ("điện thoại", "dien thoai", "số điện thoại"),
    "email": ("thư điện tử",),
    "registered_on": ("ngày đăng ký", "ngay dang ky", "ngày thành lập"),
}
REQUIRED = ("enterprise_code", "name", "commune_code", "vsic_code", "size_class", "status")
SIZE_WORDS = {"micro": "micro", "siêu nhỏ": "micro", "small": "small", "nhỏ": "small",
              "medium": "medium", "vừa": "medium", "large": "large", "lớn": "large"}
STATUS_WORDS = {"active": "active", "đang hoạt động": "active", "hoạt động": "active",
                "suspended": "suspended", "tạm ngừng": "suspended",
                "tạm ngừng kinh doanh": "suspended",
                "dissolved": "dissolved", "giải thể": "dissolved", "đã giải thể": "dissolved"}
FIELDS = ("name", "address", "commune_code", "vsic_code", "vsic_section", "size_class", "status",
          "phone", "email", "registered_on", "parent_code")
PROGRESS_EVERY = 5000  # rows validated between two progress reports


def _validate_row(line: int, row: dict, communes: set[int], seen: dict[str, int],
                  errors: list[RowError]) -> dict | None:
    def bad(column: str, reason: str) -> None:
        errors.append(RowError(line, column, reason))

    before = len(errors)
    record: dict = {}
    try:
        code, parent = check_enterprise_code(row["enterprise_code"])
    except ValueError as exc:
        reasons = {
            "checksum": _("mã số sai chữ số kiểm tra"),
            "personal_id": _("số định danh cá nhân 12 số không hợp lệ"),
            "format": _("cần 10 chữ số, 13 chữ số dạng 0101234567-001 (chi nhánh) "
                        "hoặc số định danh 12 chữ số (hộ kinh doanh)"),
        }
        bad("enterprise_code", f"«{row['enterprise_code']}»: {reasons[str(exc)]}")
        code, parent = None, None
    if code:
        if code in seen:
            bad("enterprise_code", _("mã %(code)s trùng với dòng %(line)d", code=code,
                                     line=seen[code]))
        else:
            seen[code] = line
    record["code"], record["parent_code"] = code, parent
    record["name"] = row["name"]
    if not row["name"]:
        bad("name", _("thiếu tên doanh nghiệp"))
    elif len(row["name"]) > 255:
        bad("name", _("tên dài quá 255 ký tự"))
    record["address"] = row["address"][:255]
    commune = row["commune_code"].lstrip("0")
    commune_number = whole_number(commune)
    if commune_number is None or commune_number not in communes:
        bad("commune_code", _("«%(v)s» không phải mã xã/phường của tỉnh", v=row["commune_code"]))
    else:
        record["commune_code"] = commune_number
    vsic = row["vsic_code"]
    section = vsic_section(vsic)
    if not section:
        bad("vsic_code", _("«%(v)s» không phải mã ngành VSIC 2018 (2–5 chữ số)", v=vsic))
    record["vsic_code"], record["vsic_section"] = vsic, section
    size = SIZE_WORDS.get(row["size_class"].lower())
    if not size:
        bad("size_class", _("«%(v)s»: cần micro, small, medium, large (siêu nhỏ, nhỏ, vừa, lớn)",
                            v=row["size_class"]))
    record["size_class"] = size
    status = STATUS_WORDS.get(row["status"].lower())
    if not status:
        bad("status", _("«%(v)s»: cần active, suspended, dissolved "
                        "(đang hoạt động, tạm ngừng, giải thể)", v=row["status"]))
    record["status"] = status
    record["phone"] = row["phone"][:30]
    email = row["email"]
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        bad("email", _("«%(v)s» không phải địa chỉ email", v=email))
    record["email"] = email.lower()
    record["registered_on"] = None
    if row["registered_on"]:
        try:
            record["registered_on"] = parse_date(row["registered_on"])
        except ValueError:
            bad("registered_on", _("«%(v)s»: ngày cần dạng dd/mm/yyyy hoặc yyyy-mm-dd",
                                   v=row["registered_on"]))
    return record if len(errors) == before else None


@dataclass
class PreparedRegistry:
    """A validated registry file and what writing it changes, computed outside any write."""

    report: ImportReport
    filename: str = ""
    new_rows: list[dict] = field(default_factory=list)
    changed_rows: list[dict] = field(default_factory=list)
    status_changes: list[dict] = field(default_factory=list)  # of enterprises already there
    now: datetime | None = None


def prepare_registry(content: bytes, filename: str,
                     progress: Callable[[int, int], None] | None = None) -> PreparedRegistry:
    """Reads and validates every row, then compares with the registry: nothing is written.
    `progress(rows checked, rows)` is called every PROGRESS_EVERY rows."""
    report = ImportReport()
    prepared = PreparedRegistry(report=report, filename=filename[:255])
    table = read_table_or_refuse(content, filename, COLUMNS, REQUIRED, report.errors)
    if table is None:
        return prepared
    report.read = len(table.rows)
    communes = set(db.session.scalars(select(AdminUnit.code)))
    seen: dict[str, int] = {}
    records = []
    for done, (line, row) in enumerate(table.rows, start=1):
        record = _validate_row(line, row, communes, seen, report.errors)
        if record:
            records.append(record)
        if progress and (done % PROGRESS_EVERY == 0 or done == report.read):
            progress(done, report.read)
    report.valid = len(records)
    if report.errors:
        return prepared

    existing = {
        row.code: row
        for row in db.session.execute(
            select(RegistryEnterprise.id, RegistryEnterprise.code,
                   *[getattr(RegistryEnterprise, f) for f in FIELDS])
        )
    }
    now = prepared.now = utcnow()
    for record in records:
        old = existing.get(record["code"])
        if old is None:
            prepared.new_rows.append({**record, "first_imported_at": now, "updated_at": now})
            continue
        if all(getattr(old, f) == record[f] for f in FIELDS):
            report.unchanged += 1
            continue
        prepared.changed_rows.append({**record, "first_imported_at": now, "updated_at": now,
                                      "id": old.id})
        if old.status != record["status"]:
            prepared.status_changes.append({"enterprise_id": old.id, "status": record["status"],
                                            "changed_at": now})
    return prepared


def write_registry(prepared: PreparedRegistry, imported_by_id: int | None = None) -> ImportReport:
    """The write phase: one short transaction of bulk statements (an upsert by code in code
    order, the status history, the import's record); a refused file writes nothing."""
    report = prepared.report
    if report.errors:
        return report
    now = prepared.now
    table = RegistryEnterprise.__table__
    rows = prepared.new_rows + [{k: v for k, v in row.items() if k != "id"}
                                for row in prepared.changed_rows]
    upsert = bulk.prepare_upsert(db.engine.dialect, table, rows, key="code",
                                 update=(*FIELDS, "updated_at"))
    batch = RegistryImport(filename=prepared.filename, imported_by_id=imported_by_id,
                           imported_at=now, unchanged=report.unchanged,
                           added=len(prepared.new_rows), updated=len(prepared.changed_rows))
    db.session.add(batch)
    db.session.flush()  # the first write: from here the transaction holds the write lock
    connection = db.session.connection()
    bulk.execute(connection, upsert)
    status_changes = [{**change, "import_id": batch.id} for change in prepared.status_changes]
    if prepared.new_rows:
        ids = dict(connection.execute(
            select(table.c.code, table.c.id).where(table.c.first_imported_at == now)).all())
        status_changes += [{"enterprise_id": ids[r["code"]], "status": r["status"],
                            "changed_at": now, "import_id": batch.id}
                           for r in prepared.new_rows if r["code"] in ids]
    bulk.insert_many(connection, RegistryStatusChange.__table__, status_changes)
    db.session.commit()
    report.added, report.updated = len(prepared.new_rows), len(prepared.changed_rows)
    _after_registry_change([row["id"] for row in prepared.changed_rows])
    return report


def import_registry(content: bytes, filename: str, imported_by_id: int | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    writing: Callable[[], None] | None = None) -> ImportReport:
    """Validate every row, then upsert by code in one transaction; absent enterprises stay.
    `progress` follows the validation; `writing()` is called as the write phase starts."""
    prepared = prepare_registry(content, filename, progress)
    if prepared.report.errors:
        return prepared.report
    if writing:
        writing()
    return write_registry(prepared, imported_by_id)


def _after_registry_change(enterprise_ids: list[int]) -> None:
    """Hook for other parts (search re-indexes the listings of enterprises whose status changed)."""
    from trading_floor.core.signals import registry_changed

    if enterprise_ids:
        registry_changed.send(enterprise_ids=enterprise_ids)
