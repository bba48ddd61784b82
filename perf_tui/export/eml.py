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

Headers are written here, not by the `email` package's header folder. Measured on Python 3.11:
that folder drops the quotes of a long display name when it folds it ("Alex, WWW…, x@y" became
several recipients), leaves a 1,200-character word on one line (RFC 5322 allows 998), and is
quadratic in the number of words (a 1 MB name of words took 93 s and 850 MB). Here a header's
value is tokens of at most 64 characters separated by single spaces, folded only at those
spaces, so:
- a display name is plain words, a quoted-string (`"Evil, evil@attacker.example"`) or RFC 2047
  encoded-words (base64 UTF-8, split between characters, after a space where there is one);
  nothing a user types can end the phrase, so the only addresses are the two placeholders;
- control characters (NUL, ESC, C1, DEL), lone surrogates and explicit bidi overrides are
  removed and every kind of line break becomes a space, so no header can end early;
- no header line is longer than 78 characters, and the work is linear in the text's length.
Bodies over LARGE_BODY_CHARS are base64 (the package's quoted-printable choice costs far more
memory there). bench/eml_sizes.py measures 1, 5 and 10 MB fields: linear, no size limit.
The message itself is still an `email.message.EmailMessage` (bodies, MIME structure, boundary);
the pre-folded headers are stored with `set_raw` and written as they are (refold_source="none").
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import re
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
MAX_LINE_LENGTH = 78
_POLICY = policy.default.clone(linesep="\r\n", max_line_length=MAX_LINE_LENGTH, refold_source="none")
_FOLD_BREAK = "\r\n"  # written before a space, which starts the continuation line

# header_text's table: every whitespace character (what str.split() splits at: line breaks,
# tabs, U+2028, NBSP…) becomes a space; removed are the other C0/C1 controls and DEL, lone
# surrogates (not encodable as UTF-8) and the explicit bidi embeddings, overrides and isolates,
# which can make a header display something other than what it says.
_HEADER_TABLE: dict[int, str | None] = {
    **{code: None for code in [*range(0x00, 0x20), *range(0x7F, 0xA0), *range(0xD800, 0xE000),
                               *range(0x202A, 0x202F), *range(0x2066, 0x206A)]},
    **{code: " " for code in range(0x3000 + 1) if chr(code).isspace()},
}
# Characters that make a display name need quotes (RFC 5322: anything but atext and spaces).
_NOT_ATEXT = re.compile(r"[^A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]")
_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")
# Every header is folded only at spaces, so no run without a space may be longer than this:
# "Subject: " (9) + 64 fits in a 78-character line.
_MAX_TOKEN = 64
_TOO_LONG_TOKEN = re.compile(r"[^ ]{%d,}" % (_MAX_TOKEN + 1))
# UTF-8 bytes per encoded-word: 39 bytes are 52 base64 characters, "=?utf-8?b?…?=" is 64.
_ENCODED_CHUNK_BYTES = 39
LARGE_BODY_CHARS = 100_000
# A lone surrogate cannot be encoded as UTF-8: in a body it is shown as U+FFFD, never a crash.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _encodable(text: str) -> str:
    """`text` with each lone surrogate shown as U+FFFD; one C-speed search when there is none
    (the common case: the schema refuses them on every load), so a 10 MB body is not copied."""
    return _LONE_SURROGATE.sub("\ufffd", text) if _LONE_SURROGATE.search(text) else text


def header_text(text: str) -> str:
    """`text` as one header line: every line break and run of spaces is one space; control
    characters, lone surrogates and bidi overrides are removed."""
    # translate and replace, not " ".join(text.split()): no list of every word (a 10 MB name
    # has two million), so the memory stays a small multiple of the text.
    text = text.translate(_HEADER_TABLE)
    while "  " in text:
        text = text.replace("  ", " ")
    return text.strip(" ")


def _encoded_words(text: str) -> str:
    """`text` as RFC 2047 encoded-words (base64, UTF-8) separated by spaces; each holds whole
    characters. Decoders drop the spaces between encoded-words, so the text comes back exactly."""
    data = text.encode("utf-8")
    out = io.StringIO()
    start, size = 0, len(data)
    while start < size:
        stop = min(start + _ENCODED_CHUNK_BYTES, size)
        while stop < size and data[stop] & 0xC0 == 0x80:  # never cut a character in two
            stop -= 1
        space = data.rfind(b" ", start, stop) if stop < size else -1
        if space > start:  # end after a space where there is one: a decoder that wrongly keeps
            stop = space + 1  # the gap between encoded-words then never splits a word
        if start:
            out.write(" ")
        out.write("=?utf-8?b?")
        out.write(base64.b64encode(data[start:stop]).decode("ascii"))
        out.write("?=")
        start = stop
    return out.getvalue()


def _can_be_plain(text: str) -> bool:
    """Printable ASCII with no over-long word, and nothing a reader would decode as an
    encoded-word: such text can be written as it is."""
    return not (_NOT_PRINTABLE_ASCII.search(text) or "=?" in text or _TOO_LONG_TOKEN.search(text))


def _phrase(name: str) -> str:
    """A display name (one header line) as plain words, a quoted-string (folding whitespace is
    allowed inside quotes) or encoded-words: nothing in it can end the phrase."""
    if _can_be_plain(name):
        if not _NOT_ATEXT.search(name):
            return name
        quoted = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if not _TOO_LONG_TOKEN.search(quoted):
            return quoted
    return _encoded_words(name)


def _fold(name: str, value: str) -> str:
    """`value` (tokens of at most _MAX_TOKEN characters separated by single spaces) folded at
    spaces so that no line of the header `name` is longer than MAX_LINE_LENGTH. Linear."""
    out = io.StringIO()
    room = MAX_LINE_LENGTH - len(name) - 2  # after "Name: "
    pos, end = 0, len(value)
    while end - pos > room:
        cut = value.rfind(" ", pos + 1, pos + room + 1)
        if cut == -1:  # cannot happen with short tokens; never loop forever
            break
        out.write(value[pos:cut])
        out.write(_FOLD_BREAK)
        pos = cut  # the continuation line starts with this space
        room = MAX_LINE_LENGTH
    out.write(value[pos:])
    return out.getvalue()


def format_address(header: str, address: Address) -> str:
    """`address` as the folded value of the header `header` (To, From)."""
    name = header_text(address.display_name)
    if not name:
        return address.addr_spec
    return _fold(header, f"{_phrase(name)} <{address.addr_spec}>")


def format_unstructured(header: str, text: str) -> str:
    """`text` as the folded value of an unstructured header (Subject)."""
    text = header_text(text)
    return _fold(header, text if _can_be_plain(text) else _encoded_words(text))


def _address(display_name: str, local_part: str) -> Address:
    return Address(display_name=header_text(display_name), username=local_part, domain=PLACEHOLDER_DOMAIN)


def subject(view: RecordView) -> str:
    employee, period = header_text(view.employee_name), header_text(view.period)
    if employee and period:
        text = view.label("email.subject", employee=employee, period=period)
    elif employee:
        text = f"{view.label('email.subject_plain')}: {employee}"
    else:
        text = view.label("email.subject_plain")
    return header_text(text)


def _greeting(view: RecordView) -> str:
    name = header_text(view.employee_name)
    return view.label("email.greeting", employee=name) if name else view.label("email.greeting_plain")


def _transfer_encoding(text: str) -> str | None:
    """None (the `email` package's choice: 7bit or quoted-printable, readable as plain text) for
    a body of usual size; base64 above LARGE_BODY_CHARS, where that choice costs about 40 bytes
    of memory per byte of text and, for Chinese, triples its size (measured, bench/eml_sizes.py)."""
    return "base64" if len(text) > LARGE_BODY_CHARS else None


def build_message(record: Record, lang: str, *, thresholds: Mapping[str, float] | None = None,
                  now: datetime | None = None, weights: Mapping[str, float] | None = None) -> EmailMessage:
    """The draft as an EmailMessage (callers that want bytes use `message.as_bytes()`)."""
    view = build_view(record, lang, thresholds, now, weights)
    record_md = markdown.render_view(view, thresholds)
    greeting, intro = _greeting(view), view.label("email.intro")
    message = EmailMessage(policy=_POLICY)
    employee = header_text(view.employee_name) or view.label("email.employee_placeholder")
    message.set_raw("To", format_address("To", _address(employee, "employee")))
    message.set_raw("From", format_address("From", _address(record.supervisor.name, "supervisor")))
    message.set_raw("Subject", format_unstructured("Subject", subject(view)))
    if view.exported_at is not None:
        moment = view.exported_at
        message["Date"] = format_datetime(moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc))
    message["X-Unsent"] = "1"
    message["X-Mailer"] = "perf-tui"
    record_md = _encodable(record_md)
    plain = f"{_encodable(greeting)}\n\n{_encodable(intro)}\n\n{record_md}"
    message.set_content(plain, subtype="plain", charset="utf-8", cte=_transfer_encoding(plain))
    del plain
    body = (f"<p>{html.escape(greeting)}</p>\n<p>{html.escape(intro)}</p>\n<hr>\n"
            + html_export.markdown_to_html(record_md))
    html_page = _encodable(html_export.page(view, body))
    del body
    message.add_alternative(html_page, subtype="html", charset="utf-8", cte=_transfer_encoding(html_page))
    # A boundary from the content instead of a random one: the same record exports the same bytes.
    digest = hashlib.sha256((record_md + html_page).encode("utf-8")).hexdigest()[:32]
    message.set_boundary(f"perf-tui-{digest}")
    return message


def render(record: Record, lang: str, *, thresholds: Mapping[str, float] | None = None,
           now: datetime | None = None, weights: Mapping[str, float] | None = None) -> str:
    """The draft as text: 7-bit ASCII, CRLF line endings. Never contains the private notes."""
    return build_message(record, lang, thresholds=thresholds, now=now, weights=weights).as_string()
