"""Synonym groups that officers add to the repository's file (search/synonyms.txt)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from trading_floor.extensions import db
from trading_floor.i18n import utcnow


class SynonymGroup(db.Model):
    __tablename__ = "search_synonym_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    words: Mapped[str] = mapped_column(String(300))  # "lợn, heo": words or phrases, comma-separated
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
