"""The email draft's headers: whatever a name holds, the draft has exactly its two placeholder
addresses, every header survives, and no line passes 78 characters. Checked by parsing the
produced .eml with the standard library's `email` package, as a mail client would read it."""

from __future__ import annotations

import email
import unicodedata
from datetime import datetime, timedelta, timezone
from email import policy
from email.header import decode_header, make_header
from email.utils import getaddresses

from hypothesis import given
from hypothesis import strategies as st

from perf_tui import export
from perf_tui.model import Person, Record

NOW = datetime(2024, 10, 8, 14, 0, tzinfo=timezone(timedelta(hours=8)))
HEADERS = ["To", "From", "Subject", "Date", "X-Unsent", "X-Mailer", "MIME-Version", "Content-Type"]
EMPLOYEE = "employee@example.invalid"
SUPERVISOR = "supervisor@example.invalid"
BIDI_CONTROLS = {*range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def draft(employee: str = "Alex Chen", supervisor: str = "Morgan Li", period: str = "2024 Q3") -> str:
    record = Record(employee=Person(employee, "Analyst"), supervisor=Person(supervisor, "Manager"),
                    period=period)
    return export.render(record, "eml", "en", now=NOW)


def header_block(text: str) -> list[str]:
    head, _, _ = text.partition("\r\n\r\n")
    return head.split("\r\n")


def addresses(text: str, header: str) -> list[str]:
    """The header's addresses, read by both of the `email` package's parsers."""
    modern = email.message_from_string(text, policy=policy.default)
    legacy = email.message_from_string(text)  # compat32, what older tools use
    modern_specs = [address.addr_spec for address in modern[header].addresses]
    legacy_specs = [spec for _, spec in getaddresses(legacy.get_all(header, []))]
    assert modern_specs == legacy_specs, (modern_specs, legacy_specs)
    return modern_specs


def display_name(text: str, header: str) -> str:
    """The display name as RFC 2047 (6.2) decodes it: the space between two encoded-words is
    not part of the text. Python 3.11's newer parser keeps it (CPython gh-128110, fixed in 3.14),
    so the older parser's getaddresses and decode_header are used here."""
    legacy = email.message_from_string(text)
    ((name, _),) = getaddresses(legacy.get_all(header, []))
    return str(make_header(decode_header(name)))


def visible(text: str) -> str:
    """What a header may keep of `text`: no whitespace (folding may change it), no control
    characters, surrogates or bidi overrides."""
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cs")
                   and ord(ch) not in BIDI_CONTROLS)


def assert_sound_header_block(text: str) -> email.message.EmailMessage:
    lines = header_block(text)
    assert text.isascii()
    assert all(line for line in lines), "an empty line would end the headers early"
    assert all(len(line) <= 78 for line in lines), max(lines, key=len)
    assert all(line[0] in " \t" or ":" in line for line in lines), "every line is a header or a fold"
    message = email.message_from_string(text, policy=policy.default)
    assert [name for name in message.keys()] == HEADERS
    assert message.defects == []
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]
    return message


NAMES_THAT_TRY_TO_ADD_A_RECIPIENT = [
    "Evil, evil@attacker.example",
    "Evil; evil@attacker.example",
    'Evil" <evil@attacker.example>, "x',
    "Evil <evil@attacker.example>",
    "Evil\r\nBcc: evil@attacker.example",
    "Evil\r\n\r\nevil@attacker.example",
    "Evil\\\", evil@attacker.example",
    "=?utf-8?q?Evil=2C_evil=40attacker=2Eexample?=",
    "王伟, evil@attacker.example",
    # A name too long for one line: the email package's folder dropped its quotes.
    "Alex " + "W" * 100 + ", evil@attacker.example",
    "Alex, " + "W" * 1200,
    "W" * 1200 + ", evil@attacker.example; other@attacker.example",
]


def test_no_name_can_add_a_recipient():
    for name in NAMES_THAT_TRY_TO_ADD_A_RECIPIENT:
        text = draft(employee=name, supervisor=name)
        assert_sound_header_block(text)
        assert addresses(text, "To") == [EMPLOYEE], name
        assert addresses(text, "From") == [SUPERVISOR], name
        for header in ("To", "From"):
            assert visible(display_name(text, header)) == visible(name)  # the name is kept, only defused
        message = email.message_from_string(text, policy=policy.default)
        assert message["Bcc"] is None and message["Cc"] is None
    # The issue's own example stays readable: one quoted display name.
    text = draft(employee="Evil, evil@attacker.example")
    assert 'To: "Evil, evil@attacker.example" <employee@example.invalid>\r\n' in text


def test_control_characters_are_removed_from_headers():
    name = "Al\x00ex\x1b[31m Chen\x7f\x9b\u202e\x08"
    text = draft(employee=name, supervisor="Mor\x00gan\x1b Li", period="Q\x003\x1b")
    head = "\r\n".join(header_block(text))
    assert not any(ord(ch) < 0x20 and ch not in "\r\n" for ch in head)
    message = assert_sound_header_block(text)
    # The employee's name and the period come from the export view, which shows a control
    # character inside text as a space in every format (so the header matches the body).
    assert message["To"].addresses[0].display_name == "Al ex [31m Chen"
    assert message["From"].addresses[0].display_name == "Morgan Li"
    assert message["Subject"] == "Performance interview record: Al ex [31m Chen · Q 3"
    assert message.get_body(("plain",)).get_content().startswith("Hello Al ex [31m Chen,")


def test_a_1200_character_word_is_folded_and_every_header_survives():
    word = "W" * 1200
    text = draft(employee=word, supervisor="S" * 1200, period="P" * 1200)
    message = assert_sound_header_block(text)
    assert display_name(text, "To") == word
    assert display_name(text, "From") == "S" * 1200
    assert message["Subject"] == f"Performance interview record: {word} · {'P' * 1200}"
    assert message["Date"] == "Tue, 08 Oct 2024 14:00:00 +0800"
    plain = message.get_body(("plain",)).get_content()
    assert plain.startswith(f"Hello {word},")  # the headers did not spill into the body
    # A long name of short words is folded between its words and stays readable.
    name = " ".join(["Alexandra"] * 30)
    text = draft(employee=name)
    assert header_block(text)[0].startswith("To: Alexandra Alexandra")
    assert header_block(text)[1].startswith(" Alexandra")
    assert_sound_header_block(text)
    assert display_name(text, "To") == name


def test_a_large_field_keeps_every_header_and_the_whole_text():
    name = ("word " * 60_000).strip()  # 300 KB, in To, Subject and both bodies
    text = draft(employee=name)
    message = assert_sound_header_block(text)
    assert display_name(text, "To") == name
    assert message.get_body(("plain",))["Content-Transfer-Encoding"] == "base64"
    assert name in message.get_body(("plain",)).get_content()


unicode_with_hostile_characters = st.lists(
    st.one_of(
        st.characters(exclude_categories=()),  # any code point, controls and lone surrogates included
        st.sampled_from([",", ";", '"', "<", ">", "@", "\\", "(", ")", ":", "=?", "?=", " ", "\r", "\n",
                         "\r\n", "\t", "\x00", "\x1b", "\x85", "\u2028", "\u202e", "王", "W" * 80]),
    ),
    max_size=60,
).map("".join)


@given(employee=unicode_with_hostile_characters, supervisor=unicode_with_hostile_characters,
       period=unicode_with_hostile_characters)
def test_any_names_keep_exactly_the_two_recipients_and_every_header(employee, supervisor, period):
    text = draft(employee=employee, supervisor=supervisor, period=period)
    message = assert_sound_header_block(text)
    assert addresses(text, "To") == [EMPLOYEE]
    assert addresses(text, "From") == [SUPERVISOR]
    assert visible(display_name(text, "To")) == (visible(employee) or "Employee")
    assert visible(display_name(text, "From")) == visible(supervisor)
    if visible(employee):  # the subject names the period only with the employee
        named = visible(employee) + ("·" + visible(period) if visible(period) else "")
        assert visible(message["Subject"]).endswith(named)


def test_a_lone_surrogate_in_the_body_is_shown_as_a_replacement_character_not_a_crash():
    # The schema refuses lone surrogates on every load, but a record built in memory may still
    # hold one (a paste the terminal could not decode); the draft must still be written.
    text = draft(employee="A\udc80B", period="\ud800 Q3")
    message = assert_sound_header_block(text)
    plain = message.get_body(("plain",)).get_content()
    assert "\ufffd Q3" in plain
    assert "\ud800" not in text and "\udc80" not in text
