"""Imports the provincial enterprise registry: any invalid row refuses the whole file."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask_babel import gettext as _
from sqlalchemy import insert, select, update

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
BATCH = 2000


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


def import_registry(content: bytes, filename: str, imported_by_id: int | None = None,
                    progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """Validate every row, then upsert by code in one transaction; absent enterprises stay."""
    report = ImportReport()
    table = read_table_or_refuse(content, filename, COLUMNS, REQUIRED, report.errors)
    if table is None:
        return report
    communes = set(db.session.scalars(select(AdminUnit.code)))
    seen: dict[str, int] = {}
    records = []
    for line, row in table.rows:
        record = _validate_row(line, row, communes, seen, report.errors)
        if record:
            records.append(record)
    if report.errors:
        return report

    existing = {
        row.code: row
        for row in db.session.execute(
            select(RegistryEnterprise.id, RegistryEnterprise.code,
                   *[getattr(RegistryEnterprise, f) for f in FIELDS])
        )
    }
    now = utcnow()
    batch = RegistryImport(filename=filename[:255], imported_by_id=imported_by_id,
                           imported_at=now)
    db.session.add(batch)
    db.session.flush()
    new_rows, changed_rows, status_changes = [], [], []
    for record in records:
        old = existing.get(record["code"])
        if old is None:
            new_rows.append({**record, "first_imported_at": now, "updated_at": now})
            continue
        if all(getattr(old, f) == record[f] for f in FIELDS):
            report.unchanged += 1
            continue
        changed_rows.append({"id": old.id, **{f: record[f] for f in FIELDS}, "updated_at": now})
        if old.status != record["status"]:
            status_changes.append({"enterprise_id": old.id, "status": record["status"],
                                   "changed_at": now, "import_id": batch.id})
    total = len(new_rows) + len(changed_rows)
    done = 0
    for start in range(0, len(new_rows), BATCH):
        chunk = new_rows[start:start + BATCH]
        db.session.execute(insert(RegistryEnterprise), chunk)
        done += len(chunk)
        if progress:
            progress(done, total)
    if new_rows:
        ids = dict(db.session.execute(
            select(RegistryEnterprise.code, RegistryEnterprise.id)
            .where(RegistryEnterprise.first_imported_at == now)
        ).all())
        status_changes += [{"enterprise_id": ids[r["code"]], "status": r["status"],
                            "changed_at": now, "import_id": batch.id} for r in new_rows]
    for start in range(0, len(changed_rows), BATCH):
        chunk = changed_rows[start:start + BATCH]
        db.session.execute(update(RegistryEnterprise), chunk)
        done += len(chunk)
        if progress:
            progress(done, total)
    for start in range(0, len(status_changes), BATCH):
        db.session.execute(insert(RegistryStatusChange), status_changes[start:start + BATCH])
    report.added, report.updated = len(new_rows), len(changed_rows)
    batch.added, batch.updated, batch.unchanged = report.added, report.updated, report.unchanged
    db.session.commit()
    _after_registry_change([row["id"] for row in changed_rows])
    return report


def _after_registry_change(enterprise_ids: list[int]) -> None:
    """Hook for other parts (search re-indexes the listings of enterprises whose status changed)."""
    from trading_floor.core.signals import registry_changed

    if enterprise_ids:
        registry_changed.send(enterprise_ids=enterprise_ids)
