"""Server-rendered pages (Jinja2 templates in ``api/templates``, CSS in ``api/static``).

``router`` holds the staff pages under ``/staff`` and the static files under ``/static``.
Wording comes from ``engine.messages.web``; nothing here writes Japanese itself.
"""

from __future__ import annotations

from api.web.pages import router

__all__ = ["router"]
