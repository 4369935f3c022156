"""The Åtgärdsplan page's forms: a plan's details and one row of its matrix, and their writes.

Each form is a ``st.form`` whose widgets have keys of their own, prefilled once from the
stored plan or row: what the user types survives Streamlit's reruns, a refusal and a
conflict. A plan is saved whole with the version the user started from (kept per plan in
session state, :data:`OPENED_KEY`); a save that meets a newer version is refused with who
saved it and when, and the typed values stay. "Läs in den nya versionen" moves the
starting version to the stored one and keeps the typed values: the next save puts the
row into the plan as it is now (the other rows as the other user left them). The rules
and the role check are in :mod:`geo.editing.plan_form`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from app.plan_data import Choices
from geo import formats, i18n
from geo.access.auth import PermissionDenied, User
from geo.domain import validation
from geo.domain.enums import Party, PlanStatus
from geo.domain.plan import Plan
from geo.domain.references import cut
from geo.editing import plan_form as rules
from geo.store import NotFoundError, StaleVersionError, Store

#: The version each open plan's forms started from (plan id → version).
OPENED_KEY = "_plan_opened"
#: A message for the next run (a save reruns the page, so that the matrix shows it).
FLASH_KEY = "_plan_flash"
#: The plan the page should show next (a new plan; applied before the choice is drawn).
SHOW_NEXT_KEY = "_plan_show_next"
#: Counts saved new rows and plans per form: a saved one empties the form for the next.
COUNT_KEY = "_plan_form_count"


def started(plan: Plan) -> int:
    """The version of ``plan`` the user's forms started from (set when first shown)."""
    return int(st.session_state.setdefault(OPENED_KEY, {}).setdefault(plan.id, plan.version))


def reopen(plan_id: str, version: int) -> None:
    """Start the plan's forms again at ``version`` (after a save, or "Läs in")."""
    st.session_state.setdefault(OPENED_KEY, {})[plan_id] = version


def flash() -> None:
    """The message of the previous run's save, once."""
    if message := st.session_state.pop(FLASH_KEY, None):
        st.success(message, icon=":material/check_circle:")


def when_asked(key: str, label: str, icon: str) -> bool:
    """True once the user has pressed the button ``label`` (slow work is done only then)."""
    if st.session_state.get(key):
        return True
    st.button(label, key=f"{key}_button", icon=icon,
              on_click=st.session_state.__setitem__, args=(key, True))
    return False


def row_choice_key(plan: Plan) -> str:
    """The session key of the row the row form edits ("" for a new row)."""
    return f"plan_row_{plan.id}"


# -- the plan's details -----------------------------------------------------------------------


def new_plan(store: Store, user: User, kommun_kod: str, lang: str) -> None:
    """"Ny åtgärdsplan": title, status and dates; the new plan is shown once created."""
    t = i18n.catalog(lang)
    key = f"pnew_{kommun_kod}_{_count('new')}"
    with st.form(key, enter_to_submit=False):
        draft = _plan_widgets(key, rules.plan_draft(None), lang)
        submitted = st.form_submit_button(t["plan_page.create"], type="primary",
                                          icon=":material/add:")
    if submitted:
        def create() -> Plan:
            saved = rules.save(store, user, rules.build_plan(draft, kommun_kod), None)
            st.session_state[SHOW_NEXT_KEY] = saved.id
            _count('new', 1)
            return saved

        run(create, lambda p: i18n.t("plan_page.created", lang, title=p.title), lang)


def edit_plan(store: Store, user: User, plan: Plan, lang: str) -> None:
    """"Ändra planens uppgifter": the same fields, saved with the plan's version."""
    t = i18n.catalog(lang)
    key = f"pedit_{plan.id}"
    with st.form(key, enter_to_submit=False):
        draft = _plan_widgets(key, rules.plan_draft(plan), lang)
        submitted = st.form_submit_button(t["plan_page.save_plan"], icon=":material/save:")
    if submitted:
        run(lambda: _save(store, user, rules.build_plan(draft, plan.kommun_kod, plan),
                          plan), lambda p: t["plan_page.plan_saved"], lang, plan=plan)


def _plan_widgets(key: str, initial: rules.PlanDraft, lang: str) -> rules.PlanDraft:
    t = i18n.catalog(lang)
    title = st.text_input(t["plan.fields.title"], key=_prefill(f"{key}_title", initial.title))
    status_column, decided_column, revision_column = st.columns(3)
    status = status_column.selectbox(
        t["plan.fields.status"], list(PlanStatus),
        key=_prefill(f"{key}_status", initial.status),
        format_func=lambda s: i18n.label("plan_status", s, lang))
    decided = _date(decided_column, f"{key}_decided_date", t["plan.fields.decided_date"],
                    initial.decided_date)
    revision = _date(revision_column, f"{key}_next_revision", t["plan.fields.next_revision"],
                     initial.next_revision)
    return rules.PlanDraft(title=title, status=status, decided_date=decided,
                           next_revision=revision)


# -- one row of the matrix --------------------------------------------------------------------


def row_form(store: Store, user: User, plan: Plan, choices: Choices, lang: str) -> None:
    """Add a row, or change the row chosen (its "Ändra raden" button chooses it too)."""
    t = i18n.catalog(lang)
    choice_key = row_choice_key(plan)
    numbers = {r.id: n for n, r in enumerate(plan.rows, start=1)}
    if st.session_state.get(choice_key) not in ("", *numbers):
        st.session_state[choice_key] = ""  # the row is gone (removed by someone)
    row_id = st.selectbox(
        t["plan_page.row_choice"], ["", *numbers], key=choice_key,
        format_func=lambda i: i18n.t("plan_page.row_choice_label", lang, number=numbers[i],
                                     action=cut(plan.row(i).action))  # type: ignore[union-attr]
        if i else t["plan_page.new_row"])
    row = plan.row(row_id) if row_id else None
    key = f"prow_{plan.id}_{row_id or 'new' + str(_count(plan.id))}"
    with st.form(key, enter_to_submit=False):
        draft = _row_widgets(key, rules.row_draft(row), choices, lang)
        submitted = st.form_submit_button(t["plan_page.save_row"], type="primary",
                                          icon=":material/save:")
    if submitted:
        def save_row() -> Plan:
            built = rules.with_row(plan, rules.build_row(draft, row_id or None))
            saved = _save(store, user, built, plan)
            if row is None:
                _count(plan.id, 1)  # an empty form for the next new row
            return saved

        run(save_row, lambda p: t["plan_page.row_saved"], lang, plan=plan)
    if row is not None:
        sure = st.checkbox(t["plan_page.remove_sure"], key=f"{key}_remove_sure")
        if st.button(t["plan_page.remove_row"], key=f"{key}_remove", disabled=not sure,
                     icon=":material/delete:"):
            def remove() -> Plan:
                saved = _save(store, user, rules.without_row(plan, row.id), plan)
                st.session_state.pop(choice_key, None)
                return saved

            run(remove, lambda p: t["plan_page.row_removed"], lang, plan=plan)


def _row_widgets(key: str, initial: rules.RowDraft, choices: Choices, lang: str
                 ) -> rules.RowDraft:
    """The row's fields in the matrix's order; returns what the user has typed."""
    t = i18n.catalog(lang)
    label = lambda name: t[f"plan.fields.{name}"]  # noqa: E731
    problem = st.text_area(label("problem"), key=_prefill(f"{key}_problem", initial.problem),
                           height=80)
    places_column, findings_column = st.columns(2)
    place_ids = places_column.multiselect(
        label("place_ids"), _options(choices.places, initial.place_ids),
        key=_prefill(f"{key}_place_ids", initial.place_ids),
        format_func=lambda i: choices.places.get(i, t["plan_page.missing_record"]))
    finding_ids = findings_column.multiselect(
        label("finding_ids"), _options(choices.findings, initial.finding_ids),
        key=_prefill(f"{key}_finding_ids", initial.finding_ids),
        format_func=lambda i: choices.findings.get(i, t["plan_page.missing_record"]))
    area = st.text_input(label("area"), key=_prefill(f"{key}_area", initial.area),
                         help=t["plan_page.area_help"])
    cause = st.text_area(label("cause"), key=_prefill(f"{key}_cause", initial.cause),
                         height=68)
    action = st.text_area(label("action"), key=_prefill(f"{key}_action", initial.action),
                          height=68)
    target_column, unit_column, start_column, due_column = st.columns(4)
    target = target_column.number_input(
        label("target"), value=None, min_value=0.0, step=1.0, format="%g",
        key=_prefill(f"{key}_target", initial.target))
    unit = unit_column.text_input(label("unit"), key=_prefill(f"{key}_unit", initial.unit))
    start = _date(start_column, f"{key}_start_date", label("start_date"), initial.start_date)
    due = _date(due_column, f"{key}_due_date", label("due_date"), initial.due_date)
    who_column, commitment_column = st.columns(2)
    responsible = who_column.selectbox(
        label("responsible"), list(Party), key=_prefill(f"{key}_responsible",
                                                        initial.responsible),
        format_func=lambda p: i18n.label("party", p, lang))
    commitments = _options(choices.commitments, [initial.commitment] if initial.commitment
                           else [])
    commitment = commitment_column.selectbox(
        label("commitment_id"), ["", *commitments],
        key=_prefill(f"{key}_commitment", initial.commitment),
        format_func=lambda c: choices.commitments.get(c, t["plan_page.missing_record"])
        if c else t["plan_page.commitment_none"])
    comment = st.text_area(label("comment"), key=_prefill(f"{key}_comment", initial.comment),
                           height=68)
    return rules.RowDraft(problem=problem, place_ids=list(place_ids),
                          finding_ids=list(finding_ids), area=area, cause=cause,
                          action=action, target=target, unit=unit, start_date=start,
                          due_date=due, responsible=responsible, commitment=commitment,
                          comment=comment)


# -- writes ---------------------------------------------------------------------------------


def _save(store: Store, user: User, plan: Plan, shown: Plan) -> Plan:
    """Save ``plan`` (built on ``shown``) with the version the user's forms started from."""
    saved = rules.save(store, user, plan, started(shown))
    reopen(saved.id, saved.version)
    return saved


def run(action: Callable[[], Plan], success: Callable[[Plan], str], lang: str,
        plan: Plan | None = None) -> None:
    """Run a write; its refusals become one line in ``lang``, a success reruns the page.

    A conflict offers "Läs in den nya versionen" for ``plan``: the forms keep what was typed.
    """
    t = i18n.catalog(lang)
    try:
        saved = action()
    except rules.ValidationError as error:
        st.error(f"{t['plan_page.not_saved']} {rules.refusal(error, lang)}",
                 icon=":material/error:")
    except StaleVersionError as error:
        st.error(i18n.t("plan_page.conflict", lang, who=error.updated_by or "?",
                        when=formats.moment(error.updated_at) if error.updated_at else ""),
                 icon=":material/sync_problem:")
        if plan is not None:
            st.button(t["plan_page.reload"], key=f"plan_reload_{plan.id}",
                      icon=":material/refresh:", on_click=reopen,
                      args=(plan.id, error.current))
    except NotFoundError:  # the row was removed meanwhile
        st.error(t["plan_page.not_saved"], icon=":material/error:")
    except PermissionDenied:
        st.error(t["auth.denied"], icon=":material/block:")
    else:
        st.session_state[FLASH_KEY] = success(saved)
        st.rerun()


# -- session state --------------------------------------------------------------------------


def _prefill(key: str, value: Any) -> str:
    """Put a widget's first value in session state once (a rerun keeps what was typed)."""
    if key not in st.session_state:
        st.session_state[key] = value
    return key


def _count(name: str, add: int = 0) -> int:
    counts = st.session_state.setdefault(COUNT_KEY, {})
    counts[name] = counts.get(name, 0) + add
    return int(counts[name])


def _options(known: dict[str, str], linked: list[str]) -> list[str]:
    """The choices, with the linked records no longer there kept (named as missing)."""
    return [*known, *(i for i in linked if i not in known)]


def _date(column: Any, key: str, label: str, current: Any) -> Any:
    earliest, latest = validation.date_range()
    low = min(earliest, current) if current else earliest
    high = max(latest, current) if current else latest
    return column.date_input(label, value=None, min_value=low, max_value=high,
                             format="YYYY-MM-DD", key=_prefill(key, current))
