"""Confirmation (总结与确认): restated summary, the employee's comments, agreement and sign-off.

Acknowledging is not agreeing: whether the employee agrees is asked and recorded on its own
(agrees / agrees with reservations / disagrees, with the reason), and a signature only says the
record was seen. Each signature is the signer's recorded name typed again by the signer (the rules
are perf_tui.signing's: case and surrounding spaces aside it must be the whole name), stamped with
the time from the app's clock. When both have signed, the editor posts `SignedOff`; the screen then locks the
record, and later changes are added as dated amendments, listed here.

Before signing, the warnings still open in the record (checks.record) are listed per stage;
Enter on one jumps to its stage and item. Signing with open warnings asks once ("Enter again to
sign anyway"), then proceeds: it never blocks.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from perf_tui.clock import iso, parse_iso
from perf_tui import signing
from perf_tui.formatting import format_moment
from perf_tui.i18n import current_language, t
from perf_tui.model import Agreement, SignOff, Stage
from perf_tui.widgets.editors.base import StageEditor
from perf_tui.widgets.fields import BoundInput, BoundTextArea, Edited, field_label, first_focusable
from perf_tui.widgets.quiet import QuietInput

AGREEMENTS = (Agreement.AGREES, Agreement.AGREES_WITH_RESERVATIONS, Agreement.DISAGREES)
SIGNERS = ("employee", "supervisor")


def stamp_text(stamp: str) -> str:
    return format_moment(stamp, local=False) if parse_iso(stamp) else stamp


class SignedOff(Message):
    """Both have signed: the screen locks the record."""


class AgreementSet(RadioSet):
    lockable = True

    def __init__(self, current: str) -> None:
        super().__init__(*(RadioButton(t(f"agreement.{a}"), value=str(current) == str(a), id=f"agreement-{a}")
                           for a in AGREEMENTS), id="agreement", compact=True)
        self.hint_key = "meeting.hint.agreement"


class SignRow(Horizontal):
    """"Employee  [type the name, Enter]  signed 2024-10-08 15:40"."""

    def __init__(self, who: str) -> None:
        super().__init__(classes="field-row sign-row", id=f"sign-{who}")
        self.who = who
        self.input = QuietInput(placeholder=t("meeting.sign.placeholder"), select_on_focus=False, compact=True,
                           id=f"sign-{who}-name", classes="sign-input")
        self.input.hint_key = "meeting.hint.sign"  # type: ignore[attr-defined]
        self.status = Static("", classes="sign-status", markup=False)

    def compose(self) -> ComposeResult:
        yield field_label(f"meeting.sign.{self.who}")
        yield self.input
        yield self.status

    def show(self, signoff: SignOff, *, editable: bool) -> None:
        if signoff.signed:
            self.input.value = signoff.name
            self.input.disabled = True
            self.status.update(t("meeting.sign.signed", at=stamp_text(signoff.signed_at)))
            self.status.set_classes("sign-status -ok")
        else:
            self.input.disabled = not editable

    def show_error(self, key: str, **values: str) -> None:
        self.status.update(t(key, **values))
        self.status.set_classes("sign-status -bad")


# Where each kind of item lives in the meeting: (stage editor, list id in it).
_ITEM_PLACES = {"key_event": ("review", "#key-events"), "goal": ("review", "#goal-list"),
                "achievement": ("review", "#achievement-list"), "problem": ("root_cause", "#problem-list"),
                "action": ("action_planning", "#action-list")}


class OpenWarnings(OptionList):
    """The warnings still open in the record, per stage; Enter jumps to one."""

    lockable = False

    def __init__(self) -> None:
        super().__init__(id="open-warnings", compact=True)
        self.hint_key = "checks.record.hint"
        self.targets: dict[str, object] = {}

    def show(self, findings: list) -> None:
        highlighted = self.highlighted
        self.clear_options()
        self.targets = {}
        options: list[Option] = []
        stage = None
        for number, found in enumerate(findings):
            if found.stage != stage:
                stage = found.stage
                options.append(Option(found.stage_label(), disabled=True))
            option_id = f"warning-{number}"
            self.targets[option_id] = found
            line = t("checks.record.line", item=found.item_label(), message=found.finding.message(current_language()))
            options.append(Option(line, id=option_id))
        self.add_options(options)
        self.display = bool(findings)
        if findings and highlighted is not None and highlighted < self.option_count:
            self.highlighted = highlighted

    def on_focus(self) -> None:
        if self.highlighted is None and self.option_count:
            self.action_first()


class ConfirmationEditor(StageEditor):
    stage = Stage.CONFIRMATION
    _asked_about_warnings = False  # signing with open warnings asks once, then proceeds

    def compose(self) -> ComposeResult:
        confirmation = self.record.confirmation
        yield Label(t("meeting.confirm.summary"), classes="section-title", markup=False)
        yield BoundTextArea(confirmation, "summary", hint="meeting.hint.summary",
                            placeholder="meeting.confirm.summary_placeholder", id="confirm-summary")
        yield Label(t("meeting.confirm.comments"), classes="section-title", markup=False)
        yield BoundTextArea(confirmation, "employee_comments", hint="meeting.hint.comments",
                            placeholder="meeting.confirm.comments_placeholder", id="confirm-comments")
        yield Label(t("meeting.confirm.agreement"), classes="section-title", markup=False)
        yield Static(t("meeting.confirm.not_agreeing"), classes="muted", markup=False)
        yield AgreementSet(confirmation.agreement)
        with Horizontal(classes="field-row"):
            yield field_label("meeting.confirm.reason")
            yield BoundInput(confirmation, "agreement_reason", placeholder="meeting.confirm.reason_placeholder",
                             hint="meeting.hint.reason", id="confirm-reason")
        yield Label(t("checks.record.title"), classes="section-title", markup=False)
        yield Static("", id="open-warnings-count", classes="muted", markup=False)
        yield OpenWarnings()
        yield Label(t("meeting.sign.title"), classes="section-title", markup=False)
        for who in SIGNERS:
            yield SignRow(who)
        with Vertical(id="amendments"):
            yield Label(t("meeting.amend.list_title"), classes="section-title", markup=False)
            yield Static("", id="amendment-list", markup=False)

    def on_mount(self) -> None:
        self.show_signatures()
        self.show_amendments()
        # The checks' lexicons are read in a thread when the meeting opens, not on the first key;
        # the list itself is filled when the stage is shown (on_show -> refresh_derived).
        from perf_tui.widgets.quality import warm_up_checks

        warm_up_checks()

    def refresh_derived(self) -> None:
        if self.is_mounted:
            self.show_open_warnings()

    # ----------------------------------------------------------------- open warnings

    def open_warnings(self) -> list:
        from perf_tui.checks.record import record_findings

        try:
            return record_findings(self.record, self.app.clock().date(), warnings_only=True)  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - a check's bug must never cost the sign-off
            return []

    def show_open_warnings(self) -> list:
        findings = self.open_warnings()
        count = t("checks.record.count", count=len(findings)) if findings else t("checks.record.none")
        self.query_one("#open-warnings-count", Static).update(count)
        self.query_one(OpenWarnings).show(findings)
        return findings

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if not isinstance(event.option_list, OpenWarnings):
            return
        event.stop()
        found = event.option_list.targets.get(event.option.id or "")
        if found is not None:
            self.jump_to(found)

    def jump_to(self, found) -> None:
        """Show the stage of a finding and put the cursor in its item."""
        stage_name, list_id = _ITEM_PLACES.get(found.kind, ("review", ""))
        screen = self.screen
        if hasattr(screen, "go_to_stage"):
            screen.go_to_stage(Stage(stage_name))  # type: ignore[attr-defined]

        def focus_item() -> None:
            try:
                editor = screen.query_one(f"#editor-{stage_name}")
                rows = getattr(editor.query_one(list_id), "rows", []) if list_id else []
            except Exception:  # noqa: BLE001 - the item may be gone; the stage is shown anyway
                return
            if 0 < found.position <= len(rows):
                row = rows[found.position - 1]
                target = first_focusable(row)
                if target is not None:
                    target.focus()
                row.scroll_visible()

        self.app.call_after_refresh(focus_item)

    def set_editable(self, editable: bool) -> None:
        super().set_editable(editable)
        if self.is_mounted:
            self.show_signatures()

    # ----------------------------------------------------------------- agreement

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        button_id = event.pressed.id or ""
        value = Agreement(button_id.removeprefix("agreement-"))
        if self.record.confirmation.agreement != value:
            self.record.confirmation.agreement = value
            self.post_message(Edited(event.radio_set))

    # ----------------------------------------------------------------- sign-off

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not event.input.has_class("sign-input"):
            return
        event.stop()
        who = event.input.id.split("-")[1]  # type: ignore[union-attr]
        self.sign(who, event.value)

    def sign(self, who: str, name: str) -> bool:
        row = self.query_one(f"#sign-{who}", SignRow)
        if not self.editable:
            return False
        problem = signing.signature_problem(self.record, who, name)
        if problem:
            row.show_error(problem, name=getattr(self.record, who).name.strip())
            return False
        if not self._asked_about_warnings and self.show_open_warnings():
            self._asked_about_warnings = True  # asked once; the next Enter signs
            row.show_error("checks.record.sign_anyway")
            return False
        now = iso(self.app.clock())  # type: ignore[attr-defined]
        problem = signing.sign(self.record, who, name, now)
        if problem:
            row.show_error(problem, name=getattr(self.record, who).name.strip())
            return False
        self.post_message(Edited(row))
        self.show_signatures()
        if self.record.signed:
            self.post_message(SignedOff())
        else:
            other = next(w for w in SIGNERS if w != who)
            self.query_one(f"#sign-{other}-name", Input).focus()
        return True

    def show_signatures(self) -> None:
        confirmation = self.record.confirmation
        for who in SIGNERS:
            self.query_one(f"#sign-{who}", SignRow).show(getattr(confirmation, f"{who}_signoff"),
                                                         editable=self.editable)

    # ----------------------------------------------------------------- amendments

    def show_amendments(self) -> None:
        amendments = self.record.amendments
        self.query_one("#amendments").display = bool(amendments)
        lines = [t("meeting.amend.line", at=stamp_text(a.at), section=t(f"meeting.stage_short.{a.section}")
                   if a.section else "–", text=a.text) for a in amendments]
        self.query_one("#amendment-list", Static).update("\n".join(lines))
