"""Errors the services raise; views and the API turn them into Thai messages."""
from __future__ import annotations


class ArchiveError(Exception):
    """Base for errors a user can fix; `message` is Thai."""

    status = 400
    headers: dict[str, str] = {}  # sent with the answer (e.g. Retry-After); never changed in place

    def __init__(self, message: str, errors: dict | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class ValidationError(ArchiveError):
    """Input that does not fit; `errors` maps a field name (or "files") to a Thai message."""

    status = 422

    def __init__(self, errors: dict, message: str = "ข้อมูลไม่ถูกต้อง กรุณาตรวจสอบ"):
        super().__init__(message, errors)


class Conflict(ArchiveError):
    """The change clashes with what is stored (e.g. a set number already used)."""

    status = 409
