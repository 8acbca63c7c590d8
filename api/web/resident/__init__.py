"""The resident pages (online application, status, withdrawal): ``router``."""

from __future__ import annotations

from api.web.resident.pages import router

__all__ = ["router"]
