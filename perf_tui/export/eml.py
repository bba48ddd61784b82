"""The record as an email draft (.eml): multipart/alternative, a plain-text part (the Markdown,
which reads well as text) and an HTML part (the HTML export), each after a short greeting.

It opens in any mail client as a message to edit and send:
- To: the employee's name with the placeholder address employee@example.invalid (".invalid"
  can never be delivered, so nothing is sent by mistake before the real address is filled in);
  From: the supervisor, likewise supervisor@example.invalid;
- Subject: from the record ("Performance interview record: <employee> · <period>");
- headers with CJK text are RFC 2047 encoded and bodies are base64 or quoted-printable, so the
  whole message is 7-bit ASCII with CRLF line endings (RFC 5322);
- X-Unsent: 1 makes Outlook open it as an unsent draft; Date comes from `now` (else the record's
  last update), never from the system clock.
"""

from __future__ import annotations

import hashlib
import html
from datetime import datetime, timezone
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Mapping

from perf_tui.export import html as html_export
from perf_tui.export import markdown
from perf_tui.export.view import RecordView, build_view
from perf_tui.model import Record

PLACEHOLDER_DOMAIN = "example.invalid"
_POLICY = policy.default.clone(linesep="\r\n", max_line_length=78)


def _address(display_name: str, local_part: str) -> Address:
    # Line breaks in a typed name would otherwise be a header injection.
    name = " ".join(display_name.split())
    return Address(display_name=name, username=local_part, domain=PLACEHOLDER_DOMAIN)


def subject(view: RecordView) -> str:
    if view.employee_name and view.period:
        text = view.label("email.subject", employee=view.employee_name, period=view.period)
    elif view.employee_name:
        text = f"{view.label('email.subject_plain')}: {view.employee_name}"
    else:
        text = view.label("email.subject_plain")
    return " ".join(text.split())


def _greeting(view: RecordView) -> str:
    name = " ".join(view.employee_name.split())
    return view.label("email.greeting", employee=name) if name else view.label("email.greeting_plain")


def build_message(record: Record, lang: str, *, thresholds: Mapping[str, float] | None = None,
                  now: datetime | None = None, weights: Mapping[str, float] | None = None) -> EmailMessage:
    """The draft as an EmailMessage (callers that want bytes use `message.as_bytes()`)."""
    view = build_view(record, lang, thresholds, now, weights)
    record_md = markdown.render_view(view, thresholds)
    greeting, intro = _greeting(view), view.label("email.intro")
    message = EmailMessage(policy=_POLICY)
    message["To"] = _address(view.employee_name or view.label("email.employee_placeholder"), "employee")
    supervisor_name = " ".join(record.supervisor.name.split())
    message["From"] = _address(supervisor_name, "supervisor")
    message["Subject"] = subject(view)
    if view.exported_at is not None:
        moment = view.exported_at
        message["Date"] = format_datetime(moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc))
    message["X-Unsent"] = "1"
    message["X-Mailer"] = "perf-tui"
    message.set_content(f"{greeting}\n\n{intro}\n\n{record_md}", subtype="plain", charset="utf-8")
    body = (f"<p>{html.escape(greeting)}</p>\n<p>{html.escape(intro)}</p>\n<hr>\n"
            + html_export.markdown_to_html(record_md))
    html_page = html_export.page(view, body)
    message.add_alternative(html_page, subtype="html", charset="utf-8")
    # A boundary from the content instead of a random one: the same record exports the same bytes.
    digest = hashlib.sha256((record_md + html_page).encode("utf-8")).hexdigest()[:32]
    message.set_boundary(f"perf-tui-{digest}")
    return message


def render(record: Record, lang: str, *, thresholds: Mapping[str, float] | None = None,
           now: datetime | None = None, weights: Mapping[str, float] | None = None) -> str:
    """The draft as text: 7-bit ASCII, CRLF line endings. Never contains the private notes."""
    return build_message(record, lang, thresholds=thresholds, now=now, weights=weights).as_string()
