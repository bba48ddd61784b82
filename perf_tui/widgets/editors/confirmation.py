"""Confirmation (总结与确认): restated summary, the employee's comments, agreement and sign-off.

Acknowledging is not agreeing: whether the employee agrees is asked and recorded on its own
(agrees / agrees with reservations / disagrees, with the reason), and a signature only says the
record was seen. Each signature is the signer's recorded name typed again by the signer (the rules
are perf_tui.signing's: case and surrounding spaces aside it must be the whole name), stamped with
the time from the app's clock. When both have signed, the editor posts `SignedOff`; the screen then locks the
record, and later changes are added as dated amendments, listed here.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, RadioButton, RadioSet, Static

from perf_tui.clock import iso, parse_iso
from perf_tui.formatting import format_moment
from perf_tui.i18n import t
from perf_tui import signing
from perf_tui.model import Agreement, SignOff, Stage
from perf_tui.widgets.editors.base import StageEditor
from perf_tui.widgets.fields import BoundInput, BoundTextArea, Edited, field_label
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


class ConfirmationEditor(StageEditor):
    stage = Stage.CONFIRMATION

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
        yield Label(t("meeting.sign.title"), classes="section-title", markup=False)
        for who in SIGNERS:
            yield SignRow(who)
        with Vertical(id="amendments"):
            yield Label(t("meeting.amend.list_title"), classes="section-title", markup=False)
            yield Static("", id="amendment-list", markup=False)

    def on_mount(self) -> None:
        self.show_signatures()
        self.show_amendments()

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
