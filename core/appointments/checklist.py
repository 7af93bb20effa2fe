"""What to have ready for the visit, from the chosen services and who acts for whom."""

from __future__ import annotations

from collections.abc import Iterable

from core.texts import t

__all__ = ["checklist_keys", "render_checklist"]

_FEE_SERVICES = frozenset({"id_card", "passport", "certificate", "other"})


def checklist_keys(services: Iterable[str], relationship: str, persons: int = 1) -> list[str]:
    """The text keys of the checklist items, in the order they are shown."""
    chosen = set(services)
    keys = ["vo.check.documents"]
    if chosen & {"id_card", "passport"}:
        keys += ["vo.check.photo", "vo.check.present"]
    if "address" in chosen:
        keys.append("vo.check.landlord")
    if "certificate" in chosen:
        keys.append("vo.check.life_certificate")
    if relationship != "self":
        keys.append("vo.check.proxy")
    if persons > 1:
        keys.append("vo.check.each_person")
    keys.append("vo.check.fees" if chosen & _FEE_SERVICES else "vo.check.no_fees")
    return keys


def render_checklist(services: Iterable[str], relationship: str, lang: str, persons: int = 1) -> str:
    """The checklist as HTML bullet lines."""
    return "\n".join("• " + t(key, lang) for key in checklist_keys(services, relationship, persons))
