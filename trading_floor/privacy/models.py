from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_floor.extensions import db
from trading_floor.i18n import utcnow

EXPORT, DELETION = "export", "deletion"


class PersonalDataRequest(db.Model):
    """The log officers see: who asked for a copy of their data or the deletion, and when."""

    __tablename__ = "personal_data_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]

    user = relationship("User")
