"""The question of each conversation step: its text and buttons (callback data 'vo:…')."""

from __future__ import annotations

from core.appointments import flow
from core.appointments.checklist import render_checklist
from core.appointments.flow import Draft
from core.appointments.model import PLACE_KINDS, REASONS, RELATIONSHIPS, SERVICES, TIMES
from core.appointments.render import people_text, render_summary
from core.messages import Button, Buttons, rows
from core.texts import Raw, t

__all__ = ["Prompt", "prompt", "services_keyboard"]

Prompt = tuple[str, Buttons]

_SUMMARY_ITEMS = ("who", "why", "svc", "where", "persons", "contact", "phone", "times")


def _button(label: str, data: str) -> Button:
    return Button(label, data)


def _nav(lang: str, back: bool = True) -> list[Button]:
    row = [_button(t("vo.btn.back", lang), "vo:back")] if back else []
    row.append(_button(t("vo.btn.cancel", lang), "vo:cancel"))
    return row


def _choices(prefix: str, keys: tuple[str, ...], label_prefix: str, lang: str) -> list[list[Button]]:
    return [[_button(t(f"{label_prefix}.{key}", lang), f"vo:{prefix}:{key}")] for key in keys]


def services_keyboard(draft: Draft, lang: str) -> Buttons:
    """The multi-select of services: chosen ones carry a tick."""
    chosen = set(draft.get("services") or [])
    lines = []
    for key in SERVICES:
        mark = "✅ " if key in chosen else "▫️ "
        lines.append([_button(mark + t(f"vo.svc.{key}", lang), f"vo:svc:{key}")])
    lines.append([_button(t("vo.btn.next", lang), "vo:svc:done")])
    lines.append(_nav(lang))
    return rows(lines)


def _place_question(draft: Draft, lang: str) -> str:
    kind = draft.get("place_kind") if draft.get("place_kind") in PLACE_KINDS else "home"
    return t(f"vo.ask.place.{kind}", lang)


def _applicant_question(draft: Draft, lang: str) -> str:
    if draft.get("applicants") and not draft.get("applicants_reset"):
        return t("vo.ask.applicant.next", lang)
    return t("vo.ask.applicant.self" if draft.get("for_whom") == "self" else "vo.ask.applicant.other", lang)


def _summary_keyboard(draft: Draft, lang: str) -> Buttons:
    buttons = []
    for item in _SUMMARY_ITEMS:
        step = flow.EDIT_TARGETS[item]
        if flow.applicable(step, draft):
            label = t("vo.btn.edit", lang, item=t(f"vo.item.{item}", lang))
            buttons.append(_button(label, f"vo:edit:{item}"))
    lines = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    lines.append([_button(t("vo.btn.send", lang), "vo:send")])
    lines.append(_nav(lang))
    return rows(lines)


def prompt(step: str, draft: Draft, lang: str, *, retention_days: int) -> Prompt:
    """Text (HTML) and buttons asking for one step."""
    number = flow.STEP_NUMBER.get(step)
    head = t("vo.step", lang, number=number) if number else ""
    nav = [_nav(lang)]
    if step == flow.FOR_WHOM:
        return head + t("vo.ask.for_whom", lang), rows(
            [*_choices("who", RELATIONSHIPS, "vo.who", lang), _nav(lang, back=False)]
        )
    if step == flow.REASON:
        return head + t("vo.ask.reason", lang), rows([*_choices("why", REASONS, "vo.why", lang), *nav])
    if step == flow.REASON_TEXT:
        return head + t("vo.ask.reason_text", lang), rows(nav)
    if step == flow.SERVICES_STEP:
        return head + t("vo.ask.services", lang), services_keyboard(draft, lang)
    if step == flow.SERVICE_TEXT:
        return head + t("vo.ask.service_text", lang), rows(nav)
    if step == flow.PLACE_KIND:
        return head + t("vo.ask.place_kind", lang), rows(
            [*_choices("where", PLACE_KINDS, "vo.where", lang), *nav]
        )
    if step == flow.PLACE:
        return head + _place_question(draft, lang), rows(nav)
    if step == flow.APPLICANT:
        return head + _applicant_question(draft, lang), rows(nav)
    if step == flow.APPLICANT_YEAR:
        name = str(draft.get("pending_name") or "")
        return head + t("vo.ask.applicant_year", lang, name=name), rows(nav)
    if step == flow.MORE:
        people = Raw(people_text(draft.get("applicants") or [], lang))
        lines = [
            [_button(t("vo.btn.more_yes", lang), "vo:more:yes")],
            [_button(t("vo.btn.more_no", lang), "vo:more:no")],
            *nav,
        ]
        return head + t("vo.ask.more", lang, people=people), rows(lines)
    if step == flow.CONTACT:
        return head + t("vo.ask.contact_name", lang), rows(nav)
    if step == flow.PHONE:
        return head + t("vo.ask.phone", lang), rows(nav)
    if step == flow.TIMES_STEP:
        return head + t("vo.ask.times", lang), rows([*_choices("time", TIMES, "vo.time", lang), *nav])
    if step == flow.CHECKLIST:
        persons = len(draft.get("applicants") or []) or 1
        items = render_checklist(
            draft.get("services") or [], str(draft.get("for_whom") or "self"), lang, persons
        )
        lines = [[_button(t("vo.btn.ok", lang), "vo:ok")], *nav]
        return head + t("vo.ask.checklist", lang, items=Raw(items)), rows(lines)
    if step == flow.CONSENT:
        lines = [
            [_button(t("vo.btn.consent_yes", lang), "vo:consent:yes")],
            [_button(t("vo.btn.consent_no", lang), "vo:consent:no")],
            *nav,
        ]
        return head + t("vo.ask.consent", lang, days=retention_days), rows(lines)
    if step == flow.SUMMARY:
        summary = Raw(render_summary(draft, lang))
        return head + t("vo.ask.summary", lang, summary=summary), _summary_keyboard(draft, lang)
    if step == flow.RESUME:
        lines = [
            [_button(t("vo.btn.resume", lang), "vo:resume")],
            [_button(t("vo.btn.new", lang), "vo:new")],
            [_button(t("vo.btn.cancel", lang), "vo:cancel")],
        ]
        return t("vo.ask.resume", lang), rows(lines)
    raise ValueError(f"no prompt for step {step!r}")
