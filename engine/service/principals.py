"""Who is acting: a staff user (by bearer token), a resident (by an instance's secret), or
the system (timers). The rules of who may do what live here and nowhere else."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from engine.errors import MachiflowError

ADMIN_ROLE: Final = "admin"
RESIDENT_ACTOR: Final = "resident"


class UnauthorizedError(MachiflowError):
    """No valid token was given (HTTP 401)."""

    category = "unauthorized"

    def __init__(self) -> None:
        super().__init__("auth.unauthorized")


class ForbiddenError(MachiflowError):
    """The token is valid but does not allow this (HTTP 403)."""

    category = "forbidden"

    def __init__(self, code: str = "auth.forbidden", **params: object) -> None:
        super().__init__(code, **params)


@dataclass(frozen=True, slots=True)
class Staff:
    name: str
    roles: frozenset[str]

    @property
    def actor(self) -> str:
        return self.name

    @property
    def is_admin(self) -> bool:
        return ADMIN_ROLE in self.roles


@dataclass(frozen=True, slots=True)
class Resident:
    """Whoever holds a case's secret: a bearer token that is no staff user's. It opens
    exactly the instance whose stored ``access_token_hash`` it matches."""

    token_hash: str

    @property
    def actor(self) -> str:
        return "resident"

    def owns(self, access_token_hash: str | None) -> bool:
        return access_token_hash is not None and hmac.compare_digest(
            access_token_hash, self.token_hash
        )


@dataclass(frozen=True, slots=True)
class System:
    @property
    def actor(self) -> str:
        return "system"


@dataclass(frozen=True, slots=True)
class Anonymous:
    """Nobody signed in: may only start a procedure open to residents."""

    @property
    def actor(self) -> str:
        return "resident"


Principal = Staff | Resident | System | Anonymous
SYSTEM: Final = System()
ANONYMOUS: Final = Anonymous()


def lane_actors(meta: Mapping[str, object]) -> dict[str, str]:
    """Lane name -> actor (resident, staff, ...) from a definition's stored metadata."""
    lanes = meta.get("lanes")
    result: dict[str, str] = {}
    if isinstance(lanes, list):
        for lane in lanes:
            if isinstance(lane, dict) and lane.get("name"):
                result[str(lane["name"])] = str(lane.get("actor") or "staff")
    return result


def is_resident_lane(lane: str | None, meta: Mapping[str, object]) -> bool:
    return lane is not None and lane_actors(meta).get(lane) == RESIDENT_ACTOR


def may_work(
    principal: Principal,
    *,
    lane: str | None,
    access_token_hash: str | None,
    meta: Mapping[str, object],
) -> bool:
    """May ``principal`` complete or claim a task in ``lane`` of an instance whose secret
    hashes to ``access_token_hash``?

    Staff: ``admin``, or a role equal to the lane's name; a task outside any lane is open
    to all staff. Residents: only resident lanes (bpr:actor="resident") of their own case.
    """
    if isinstance(principal, Staff):
        return principal.is_admin or lane is None or lane in principal.roles
    if isinstance(principal, Resident):
        return principal.owns(access_token_hash) and is_resident_lane(lane, meta)
    return isinstance(principal, System)


def may_read_instance(principal: Principal, access_token_hash: str | None) -> bool:
    if isinstance(principal, Staff | System):
        return True
    return isinstance(principal, Resident) and principal.owns(access_token_hash)


def require_staff(principal: Principal) -> Staff:
    if isinstance(principal, Staff):
        return principal
    if isinstance(principal, Anonymous):
        raise UnauthorizedError
    raise ForbiddenError("auth.staff-only")
