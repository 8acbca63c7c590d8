"""The pages intake staff and caseworkers work in: the inbox, a task, a case.

``router`` is registered before the other staff pages (whose catch-all answers any other
address under ``/staff``).
"""

from __future__ import annotations

from api.web.staff.pages import router

__all__ = ["router"]
