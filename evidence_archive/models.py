"""Database models: agency, years, categories, evidence sets, items, files, users, audit.

Thai terms: อ้างอิงชุด = evidence set, ปีงบประมาณ = fiscal (assessment) year,
ตัวชี้วัด/ข้อ O = indicator item of the ITA's OIT catalog.
"""
from __future__ import annotations

import secrets
from datetime import date, datetime, timezone
from typing import Any, Optional

from sqlalchemy import (
    JSON, BigInteger, Boolean, Date, DateTime, ForeignKey, Integer, String, Text,
    UniqueConstraint, select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash
from flask_login import UserMixin

from .db import db

ROLES = ("assessor", "staff", "admin")  # each role can do all that the ones before it can
DRAFT, PUBLISHED = "draft", "published"


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def new_public_id() -> str:
    """Return an unguessable id for a permanent public URL."""
    return secrets.token_urlsafe(9)


class SoftDelete:
    """Rows that go to the trash first; only an admin's purge removes them."""

    deleted_at: Mapped[Optional[datetime]] = mapped_column(DateTime, default=None, index=True)
    deleted_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"), default=None)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Agency(Timestamps, db.Model):
    """The office that owns the archive (e.g. สพม.29); one per installation for now."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str] = mapped_column(String(100), default="")
    name_en: Mapped[str] = mapped_column(String(300), default="")
    former_names: Mapped[list] = mapped_column(JSON, default=list)
    website: Mapped[str] = mapped_column(String(500), default="")

    years: Mapped[list["AssessmentYear"]] = relationship(back_populates="agency")


class AssessmentYear(Timestamps, db.Model):
    """One ITA assessment: a fiscal year ปีงบประมาณ named by its Buddhist Era year."""

    __table_args__ = (UniqueConstraint("agency_id", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    year: Mapped[int] = mapped_column(Integer)  # BE, e.g. 2563 = 1 Oct 2562 – 30 Sep 2563
    note: Mapped[str] = mapped_column(Text, default="")

    agency: Mapped[Agency] = relationship(back_populates="years")
    categories: Mapped[list["Category"]] = relationship(back_populates="year_ref")


class Indicator(Timestamps, db.Model):
    """One item of the ITA indicator catalog for one year (O33 in 2563, o25 in 2568)."""

    __table_args__ = (UniqueConstraint("year", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)  # BE assessment year
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(500))
    group: Mapped[str] = mapped_column(String(300), default="")
    period: Mapped[str] = mapped_column(String(300), default="")
    scoring: Mapped[str] = mapped_column(String(300), default="")
    elements: Mapped[list] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(200), default="")  # catalog file it came from


class Category(SoftDelete, Timestamps, db.Model):
    """A node of a year's category tree, e.g. การร่วมวางแผน under O33."""

    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("assessment_year.id"), index=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("category.id"), default=None)
    name: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    indicator_id: Mapped[Optional[int]] = mapped_column(ForeignKey("indicator.id"), default=None)
    required_elements: Mapped[list] = mapped_column(JSON, default=list)

    year_ref: Mapped[AssessmentYear] = relationship(back_populates="categories")
    parent: Mapped[Optional["Category"]] = relationship(remote_side="Category.id", back_populates="children")
    children: Mapped[list["Category"]] = relationship(back_populates="parent", order_by="Category.position")
    indicator: Mapped[Optional[Indicator]] = relationship()
    sets: Mapped[list["EvidenceSet"]] = relationship(back_populates="category", order_by="EvidenceSet.number")

    @property
    def path(self) -> list["Category"]:
        """Return the categories from the root down to this one."""
        node, chain = self, []
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]

    @property
    def path_names(self) -> str:
        return " › ".join(c.name for c in self.path)


class EvidenceSet(SoftDelete, Timestamps, db.Model):
    """อ้างอิงชุด N: an ordered bundle of evidence items in one category and year."""

    __table_args__ = (UniqueConstraint("category_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=DRAFT)
    published_at: Mapped[Optional[datetime]] = mapped_column(DateTime, default=None)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"), default=None)

    category: Mapped[Category] = relationship(back_populates="sets")
    items: Mapped[list["EvidenceItem"]] = relationship(
        back_populates="evidence_set", order_by="EvidenceItem.position")

    @property
    def year(self) -> int:
        return self.category.year_ref.year

    @property
    def is_published(self) -> bool:
        return self.status == PUBLISHED

    def live_items(self) -> list["EvidenceItem"]:
        return [i for i in self.items if not i.is_deleted]


class EvidenceItem(SoftDelete, Timestamps, db.Model):
    """One piece of evidence of one plugin-defined type, with metadata and files."""

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    set_id: Mapped[int] = mapped_column(ForeignKey("evidence_set.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    type_key: Mapped[str] = mapped_column(String(100), index=True)
    # Snapshot of the type's names and field labels, so the item still reads
    # well when its plugin is no longer installed.
    type_snapshot: Mapped[dict] = mapped_column(JSON, default=dict)
    title: Mapped[str] = mapped_column(String(500))
    meta: Mapped[dict] = mapped_column(JSON, default=dict)
    document_date: Mapped[Optional[date]] = mapped_column(Date, default=None, index=True)
    status: Mapped[str] = mapped_column(String(20), default=DRAFT)
    published_at: Mapped[Optional[datetime]] = mapped_column(DateTime, default=None)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"), default=None)

    evidence_set: Mapped[EvidenceSet] = relationship(back_populates="items")
    files: Mapped[list["ItemFile"]] = relationship(
        back_populates="item", order_by="ItemFile.position")

    @property
    def is_published(self) -> bool:
        return self.status == PUBLISHED

    def live_files(self) -> list["ItemFile"]:
        return [f for f in self.files if not f.is_deleted]


class Blob(db.Model):
    """File content stored once under uploads/ by its SHA-256."""

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(50))
    width: Mapped[Optional[int]] = mapped_column(Integer, default=None)
    height: Mapped[Optional[int]] = mapped_column(Integer, default=None)
    taken_at: Mapped[Optional[datetime]] = mapped_column(DateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ItemFile(SoftDelete, db.Model):
    """A file attached to an item, under the name the uploader gave it (Thai intact)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    item_id: Mapped[int] = mapped_column(ForeignKey("evidence_item.id"), index=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("blob.sha256"), index=True)
    filename: Mapped[str] = mapped_column(String(500))
    caption: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"), default=None)

    item: Mapped[EvidenceItem] = relationship(back_populates="files")
    blob: Mapped[Blob] = relationship(lazy="joined")

    @property
    def size(self) -> int:
        return self.blob.size

    @property
    def media_type(self) -> str:
        return self.blob.media_type


class User(UserMixin, Timestamps, db.Model):
    """A person who signs in: admin, staff or assessor."""

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20), default="staff")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str] = mapped_column(String(5), default="th")
    last_login_at: Mapped[Optional[datetime]] = mapped_column(DateTime, default=None)

    def set_password(self, password: str, method: str = "scrypt") -> None:
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # flask-login refuses inactive users
        return self.active

    def can(self, role: str) -> bool:
        """Tell whether this user has `role` or a stronger one."""
        return ROLES.index(self.role) >= ROLES.index(role)


class ApiToken(db.Model):
    """A per-user API token; only its SHA-256 is stored."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[Optional[datetime]] = mapped_column(DateTime, default=None)
    revoked_at: Mapped[Optional[datetime]] = mapped_column(DateTime, default=None)

    user: Mapped[User] = relationship()


class AuditEvent(db.Model):
    """Who did what, when: every change, publication, download and login."""

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"), default=None, index=True)
    username: Mapped[str] = mapped_column(String(100), default="")  # kept if the user goes
    action: Mapped[str] = mapped_column(String(50), index=True)
    target_type: Mapped[str] = mapped_column(String(50), default="")
    target_id: Mapped[Optional[int]] = mapped_column(Integer, default=None)
    summary: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    ip: Mapped[str] = mapped_column(String(64), default="")

    user: Mapped[Optional[User]] = relationship()


def get_or_404(model, ident: Any):
    """Return the row with this primary key or abort with 404."""
    return db.get_or_404(model, ident)


def by_public_id(model, public_id: str):
    return db.session.scalar(select(model).where(model.public_id == public_id))


class FileText(db.Model):
    """The text read from one stored file (ข้อความในไฟล์), and the queue of files still to read.

    One row per blob, created ``pending`` with it; the extraction worker
    claims it (``working``), asks the ``extract_text`` plugins, and leaves it
    ``done`` (text as read), ``unsupported`` (no plugin reads this kind) or,
    after repeated errors, ``failed``.  Deleting the blob deletes the row.
    """

    sha256: Mapped[str] = mapped_column(
        ForeignKey("blob.sha256", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    method: Mapped[str] = mapped_column(String(100), default="")  # the plugin that read it
    error: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_at: Mapped[Optional[datetime]] = mapped_column(DateTime, default=None)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    blob: Mapped[Blob] = relationship()


class PluginState(db.Model):
    """A plugin an admin switched off (ปิดใช้งานปลั๊กอิน) without uninstalling it.

    Read once when the app starts, together with the ``DISABLED_PLUGINS``
    setting; a change takes effect on the next start.  No row: enabled.
    """

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    disabled: Mapped[bool] = mapped_column(Boolean, default=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    changed_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"), default=None)


class IndexQueue(db.Model):
    """An item whose search-index entry must be written again (the index's durable journal).

    A row is added in the same transaction as every change that touches an
    item (``search.py``) and deleted once the index holds the change, so a
    change committed just before a crash still reaches the index: whoever
    writes the index next — a request, the background worker, a restart —
    drains the queue.  Until then searches leave these items out, so counts
    never disagree with the hits a viewer may see.  No foreign key: a purged
    item's row is what removes it from the index.
    """

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    item_id: Mapped[int] = mapped_column(Integer, index=True)
    queued_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class IdempotencyKey(db.Model):
    """A client's ``Idempotency-Key`` on a creating API call, and the answer it got.

    Keys are per user: (user, key) is the primary key, so another user's equal
    key is another row.  The row is inserted and committed on its own before the
    call does its work; ``status`` stays empty while that work runs (a second
    request with the key then gets 409) and afterwards holds the answer, replayed
    to a retry.  ``fingerprint`` is the SHA-256 of the request (method, path,
    media type, body) that a retry must match.  Rows older than
    ``IDEMPOTENCY_KEY_TTL`` are swept.  See :mod:`evidence_archive.services.idempotency`.
    """

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(64))
    status: Mapped[Optional[int]] = mapped_column(Integer, default=None)  # None: still running
    body: Mapped[Optional[dict]] = mapped_column(JSON, default=None)
    location: Mapped[str] = mapped_column(Text, default="")
    # The process running the call ("host pid start-time"): a retry frees a key whose
    # holder died before committing anything (services.idempotency.holder_alive).
    holder: Mapped[str] = mapped_column(String(160), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
