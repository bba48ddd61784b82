"""The HTML record prints like the form: page size from the config (A4 by default, Letter by
choice), page numbers, headings kept with what follows, rows never split, English words whole in
table cells, and lines for wet-ink signatures while the record is unsigned.

The structure is checked on the HTML itself; the printed result by printing to PDF with headless
Chromium and reading it back with pdftotext/pdfinfo (poppler-utils). Those two are external tools
that CI may not have: the PDF tests are skipped, with that reason, when they are absent (on Debian:
apt-get install chromium poppler-utils).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from perf_tui import export
from perf_tui.cli import main
from perf_tui.config import load_config
from perf_tui.demo import build_demo_record
from perf_tui.export import html
from perf_tui.export.view import build_view
from perf_tui.i18n import t
from perf_tui.model import SignOff

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=timezone.utc)
CHROMIUM = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(name)), None)
POPPLER = shutil.which("pdftotext") and shutil.which("pdfinfo")
needs_chromium = pytest.mark.skipif(
    not (CHROMIUM and POPPLER),
    reason="external tools absent: headless Chromium and poppler-utils (pdftotext, pdfinfo) print "
           "and read the PDF; on Debian: apt-get install chromium poppler-utils")

A4 = (595, 842)
LETTER = (612, 792)


# --------------------------------------------------------------------------- the HTML itself


def test_cells_wrap_at_word_boundaries_and_break_only_a_word_that_cannot_fit():
    page = export.render(build_demo_record("en", NOW), "html", "en", now=NOW)
    assert "overflow-wrap: anywhere" not in page
    assert "overflow-wrap: break-word" in page and "word-break: normal" in page


def test_the_page_is_a4_by_default_and_letter_on_request_with_page_numbers():
    record = build_demo_record("en", NOW)
    a4 = export.render(record, "html", "en", now=NOW)
    letter = export.render(record, "html", "en", now=NOW, paper="letter")
    assert re.search(r"@page \{ size: A4;", a4) and re.search(r"@page \{ size: letter;", letter)
    assert "@bottom-center { content: counter(page)" in a4


def test_headings_stay_with_what_follows_and_rows_are_never_split():
    page = export.render(build_demo_record("zh", NOW), "html", "zh", now=NOW)
    assert "h1, h2, h3 { break-after: avoid; }" in page
    assert "tr, li { break-inside: avoid; }" in page
    # The signatures are one section kept whole: its heading cannot be left alone on a page.
    section = re.search(r'<section class="part keep">\s*<h3>双方签字确认</h3>.*?</section>', page, re.S)
    assert section and "<table>" in section.group(0)


def test_an_unsigned_record_has_lines_for_signing_by_hand_and_a_signed_one_does_not():
    record = build_demo_record("en", NOW)
    page = export.render(record, "html", "en", now=NOW)
    block = re.search(r'<div class="wet-ink">.*?</div>\n</div>', page, re.S).group(0)
    assert block.count('class="party"') == 2
    assert "Employee" in block and "Supervisor" in block
    assert block.count(">Signature<") == 2 and block.count(">Date<") == 2

    record.confirmation.employee_signoff = SignOff("张敏", "2026-11-30T10:00:00+00:00")
    half = export.render(record, "html", "en", now=NOW)
    assert re.search(r'<div class="wet-ink">.*?</div>\n</div>', half, re.S).group(0).count('class="party"') == 1
    record.confirmation.supervisor_signoff = SignOff("李伟", "2026-11-30T10:00:00+00:00")
    assert 'class="wet-ink"' not in export.render(record, "html", "en", now=NOW)


def test_the_email_body_has_no_signature_lines():
    view = build_view(build_demo_record("en", NOW), "en", None, NOW, None)
    assert "wet-ink" not in html.body_fragment(view)


def test_the_paper_comes_from_the_config_file(config_dir):
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "config.toml").write_text('[export]\npaper = "letter"\n', encoding="utf-8")
    result = load_config()
    assert result.error is None and result.config.paper == "letter"
    (config_dir / "config.toml").write_text('[export]\npaper = "a3"\n', encoding="utf-8")
    result = load_config()
    assert result.config.paper == "a4" and "export.paper must be one of: a4, letter" in result.error


def test_export_from_the_command_line_uses_the_configured_paper(config_dir, capsys):
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "config.toml").write_text('[export]\npaper = "letter"\n', encoding="utf-8")
    assert main(["demo", "--no-tui"]) == 0
    session_id = capsys.readouterr().out.strip()
    assert main(["export", session_id, "--format", "html"]) == 0
    assert "@page { size: letter;" in capsys.readouterr().out


# --------------------------------------------------------------------------- printed by Chromium


def print_to_pdf(page: str, tmp_path: Path, name: str) -> Path:
    source = tmp_path / f"{name}.html"
    source.write_text(page, encoding="utf-8")
    pdf = tmp_path / f"{name}.pdf"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run",
                        f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", "--no-pdf-header-footer",
                        source.as_uri()], capture_output=True, timeout=180, check=True)
    assert pdf.stat().st_size > 0
    return pdf


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def pdf_size(pdf: Path) -> tuple[int, int]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups()
    return round(float(width)), round(float(height))


def _cell_words(page: str) -> set[str]:
    cells = re.findall(r"<t[hd]>(.*?)</t[hd]>", page, re.S)
    return {w for cell in cells for w in re.findall(r"[A-Za-z]{4,}", re.sub(r"<[^>]+>", " ", cell))}


@needs_chromium
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_demo_record_prints_on_numbered_a4_pages_with_whole_words(lang, tmp_path):
    page = export.render(build_demo_record(lang, NOW), "html", lang, now=NOW)
    pdf = print_to_pdf(page, tmp_path, lang)
    assert pdf_size(pdf) == A4
    pages = pdf_pages(pdf)
    assert len(pages) >= 2
    for number, text in enumerate(pages, 1):
        assert re.search(rf"\b{number}\s*/\s*{len(pages)}\b", text), (number, text[-200:])
    # Every English word of the table cells comes out whole ("Achievement", not "Achievem" + "ent").
    printed = " ".join(pages)
    words = _cell_words(page)
    if lang == "en":
        assert {"Achievement", "Owner"} <= words
    for word in words:
        assert re.search(rf"\b{word}\b", printed), word
    # The signatures heading is on the page of its table, followed by the table and the lines.
    heading = t("export.section.signatures", lang)
    (with_heading,) = [text for text in pages if heading in text]
    after = with_heading.split(heading, 1)[1]
    assert t("export.sign.role", lang) in after and t("export.sign.employee", lang) in after
    assert t("export.sign.wet_signature", lang) in after


@needs_chromium
def test_a_heading_is_never_left_alone_at_the_bottom_of_a_page(tmp_path):
    # The signatures section repeated after fillers of 0, 1, 2, ... lines: the headings fall at
    # every height of the page, the bottom included. Each must share its page with its table.
    view = build_view(build_demo_record("zh", NOW), "zh", None, NOW, None)
    fragment = html._fragment(view, None, wet_ink=True)
    section = re.search(r'<section class="part keep">\s*<h3>双方签字确认</h3>.*?</section>', fragment, re.S).group(0)
    body = "".join("<p>" + "填充<br>" * i + "</p>\n" + section.replace("双方签字确认", f"双方签字确认{i}")
                   for i in range(24))
    pdf = print_to_pdf(html.page(view, body), tmp_path, "headings")
    pages = pdf_pages(pdf)
    assert len(pages) > 3
    for i in range(24):
        (text,) = [text for text in pages if re.search(rf"双方签字确认{i}\b", text)]
        after = re.split(rf"双方签字确认{i}\b", text, maxsplit=1)[1]
        assert "身份" in after and "主管" in after, (i, text)


@needs_chromium
def test_letter_paper_prints_on_letter(tmp_path):
    page = export.render(build_demo_record("en", NOW), "html", "en", now=NOW, paper="letter")
    assert pdf_size(print_to_pdf(page, tmp_path, "letter")) == LETTER
