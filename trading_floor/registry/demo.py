"""The demo province: ~3,000 registry enterprises, deterministic (fixed seed), with owners."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy import insert, select

from trading_floor.accounts.models import Membership, User
from trading_floor.extensions import db
from trading_floor.i18n import utcnow
from trading_floor.registry.codes import tax_check_digit, vsic_section
from trading_floor.registry.models import (
    AdminUnit,
    Claim,
    ClaimDecision,
    RegistryEnterprise,
    RegistryStatusChange,
)

DEMO_PASSWORD = "demo12345"
OFFICER_EMAIL = "canbo@demo.hungyen.vn"
ADMIN_EMAIL = "quantri@demo.hungyen.vn"
OWNER_EMAIL = "chudoanhnghiep@demo.hungyen.vn"
BUYER_EMAIL = "nguoimua@demo.hungyen.vn"

# (VSIC code, weight, words that suit a name in that line of business)
SECTORS = [
    ("0121", 8, ["Nông sản", "Cây ăn quả", "Nhãn lồng"]), ("0118", 6, ["Rau sạch", "Nông nghiệp xanh"]),
    ("0146", 6, ["Chăn nuôi", "Gà Đông Tảo"]), ("0322", 3, ["Thủy sản"]),
    ("1010", 4, ["Thực phẩm", "Chế biến thịt"]), ("1079", 8, ["Thực phẩm", "Đặc sản"]),
    ("1075", 3, ["Thực phẩm chế biến"]), ("1311", 3, ["Sợi"]), ("1410", 9, ["May mặc", "Dệt may"]),
    ("1520", 4, ["Da giày"]), ("1629", 4, ["Gỗ mỹ nghệ"]), ("3100", 5, ["Nội thất", "Đồ gỗ"]),
    ("2392", 4, ["Vật liệu xây dựng"]), ("2511", 4, ["Cơ khí", "Kết cấu thép"]),
    ("2592", 4, ["Cơ khí chính xác"]), ("2740", 3, ["Thiết bị điện"]), ("2610", 2, ["Điện tử"]),
    ("2220", 4, ["Nhựa"]), ("1702", 3, ["Bao bì"]), ("1811", 2, ["In ấn"]),
    ("3290", 4, ["Thủ công mỹ nghệ", "Mây tre đan"]), ("4620", 5, ["Thương mại nông sản"]),
    ("4632", 6, ["Thương mại thực phẩm"]), ("4659", 3, ["Thiết bị công nghiệp"]),
    ("4933", 3, ["Vận tải", "Logistics"]), ("5610", 2, ["Dịch vụ ăn uống"]),
    ("6201", 1, ["Công nghệ"]), ("4100", 3, ["Xây dựng"]),
]
BRANDS = ["Hưng Thịnh", "Phú Cường", "Minh Anh", "An Phát", "Thành Đạt", "Hoàng Long", "Đại Việt",
          "Tân Tiến", "Bảo Châu", "Hồng Hà", "Phố Hiến", "Phúc Lộc", "Việt Hưng", "Kim Ngân",
          "Quang Minh", "Đức Thắng", "Thái Bình Dương", "Sông Luộc", "Trường Sơn", "Hải Đăng",
          "Ngọc Lan", "Thiên Phú", "Hòa Bình", "Nam Việt", "Đông Á", "Vạn Xuân", "Tiến Đạt",
          "Hưng Yên Xanh", "Lạc Hồng", "Sao Mai", "Thăng Long", "Bình Minh", "Gia Bảo", "Kim Động",
          "Tiên Lữ", "Văn Giang", "Khoái Châu", "Ân Thi", "Quỳnh Côi", "Tiền Hải"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô", "Đinh"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Linh", "Mai",
         "Nam", "Nga", "Phúc", "Quân", "Sơn", "Thảo", "Trang", "Tuấn", "Yến"]
FORMS = [("Công ty TNHH {b} {s}", 34), ("Công ty Cổ phần {s} {b}", 18),
         ("Công ty TNHH MTV {s} {b}", 12), ("Hợp tác xã {s} {b}", 8),
         ("Doanh nghiệp tư nhân {s} {b}", 4)]
STREETS = ["Nguyễn Văn Linh", "Điện Biên", "Chùa Chuông", "Bạch Đằng", "Lê Lợi", "Trần Hưng Đạo",
           "Quốc lộ 5", "Quốc lộ 39", "Tô Hiệu", "Hải Thượng Lãn Ông"]


def person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _tax_code(rng: random.Random, used: set[str]) -> str:
    while True:
        head = "09" + "".join(str(rng.randint(0, 9)) for _ in range(7))  # 09: Hưng Yên's prefix
        digit = tax_check_digit(head)
        if digit and head + digit not in used:
            used.add(head + digit)
            return head + digit


def generate(count: int = 3000, seed: int = 33, start: datetime | None = None,
             owner_share: float = 1 / 3, password_hash: str = "",
             now: datetime | None = None) -> dict[str, int]:
    """Fills an empty registry; returns counts. Same seed, same province.

    `now` (UTC, default the present) bounds the verification dates, so a catalogue generated
    with the same `now` never starts before its enterprise was verified."""
    rng = random.Random(seed)
    start = start or datetime(2024, 11, 1)
    communes = list(db.session.scalars(select(AdminUnit.code).order_by(AdminUnit.code)))
    weights = [rng.uniform(0.3, 3.0) for _ in communes]  # some communes far busier than others
    used: set[str] = set()
    rows = []
    for n in range(count):
        vsic, _w, words = rng.choices(SECTORS, weights=[s[1] for s in SECTORS])[0]
        brand, sector_word = rng.choice(BRANDS), rng.choice(words)
        roll = rng.random()
        if roll < 0.10:
            code = f"{rng.choice(['033', '034'])}{rng.randint(0, 999999999):09d}"
            name = f"Hộ kinh doanh {person(rng)}"
        elif roll < 0.13 and rows:
            parent = rng.choice([r for r in rows[-50:] if len(r["code"]) == 10] or [rows[0]])
            code = f"{parent['code']}-{rng.randint(1, 9):03d}"
            if code in used:
                continue
            used.add(code)
            name = f"Chi nhánh {parent['name']}"
        else:
            code = _tax_code(rng, used)
            template = rng.choices(FORMS, weights=[f[1] for f in FORMS])[0][0]
            name = template.format(b=brand, s=sector_word)
        size = rng.choices(["micro", "small", "medium", "large"], weights=[65, 25, 8, 2])[0]
        status = rng.choices(["active", "suspended", "dissolved"], weights=[90, 6, 4])[0]
        commune = rng.choices(communes, weights=weights)[0]
        rows.append({
            "code": code, "parent_code": code[:10] if "-" in code else None,
            "name": name, "address": f"Số {rng.randint(1, 300)} đường {rng.choice(STREETS)}",
            "commune_code": commune, "vsic_code": vsic,
            "vsic_section": vsic_section(vsic),
            "size_class": size, "status": status,
            "phone": f"0{rng.choice([22, 91, 98, 96, 35])}{rng.randint(1000000, 9999999)}",
            "email": f"lienhe{n}@dn{n}.demo.hungyen.vn",
            "registered_on": date(2000, 1, 1) + timedelta(days=rng.randint(0, 9000)),
            "first_imported_at": start, "updated_at": start,
        })
    db.session.execute(insert(RegistryEnterprise), rows)
    ids = dict(db.session.execute(select(RegistryEnterprise.code, RegistryEnterprise.id)).all())
    db.session.execute(insert(RegistryStatusChange), [
        {"enterprise_id": ids[r["code"]], "status": "active", "changed_at": start} for r in rows])
    changes = []
    for r in rows:
        if r["status"] != "active":
            changes.append({"enterprise_id": ids[r["code"]], "status": r["status"],
                            "changed_at": start + timedelta(days=rng.randint(30, 700))})
    if changes:
        db.session.execute(insert(RegistryStatusChange), changes)

    # a third of the active head offices have an owner verified at some point of the two years
    candidates = [r for r in rows if r["status"] == "active" and not r["parent_code"]]
    owners = rng.sample(candidates, int(len(candidates) * owner_share))
    span = max(1, ((now or utcnow()) - start).days - 1)
    user_rows, verified = [], {}
    for i, r in enumerate(owners):
        # adoption grows: verification dates skew towards the recent months
        verified[r["code"]] = start + timedelta(days=int(span * (rng.random() ** 0.6)))
        user_rows.append({"email": f"chu{i}@demo.hungyen.vn", "full_name": person(rng),
                          "password_hash": password_hash, "role": "buyer",
                          "is_active_account": True, "created_at": verified[r["code"]]})
    if user_rows:
        db.session.execute(insert(User), user_rows)
    user_ids = dict(db.session.execute(select(User.email, User.id)).all())
    officer_id = user_ids.get(OFFICER_EMAIL)
    for i, r in enumerate(owners):
        eid, uid, at = ids[r["code"]], user_ids[f"chu{i}@demo.hungyen.vn"], verified[r["code"]]
        db.session.add(Membership(user_id=uid, enterprise_id=eid, role="owner", created_at=at))
        claim = Claim(enterprise_id=eid, user_id=uid, status="approved", created_at=at,
                      decided_at=at, position="Giám đốc")
        db.session.add(claim)
        if officer_id:
            db.session.add(ClaimDecision(claim=claim, officer_id=officer_id, decision="approved",
                                         decided_at=at))
        enterprise = db.session.get(RegistryEnterprise, eid)
        enterprise.verified_at, enterprise.verified_via = at, "claim"
    db.session.commit()
    return {"enterprises": len(rows), "owners": len(owners)}
