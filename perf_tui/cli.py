"""The `perf-tui` command line.

Commands that need no UI (list, export, import, guide, demo --no-tui, --version) never import
Textual: every command imports what it needs inside its own function. Importing Textual and the
app costs about 150-250 ms; `perf-tui list` and `perf-tui export` should answer at once
(tests/unit/test_import_hygiene.py checks it in a subprocess).

Global options (--data-dir, --lang) work before and after the subcommand. Errors a user can cause
are one translated line on stderr and a non-zero exit: 1 for a failure (unknown id, damaged data,
store errors), 2 for bad arguments or an output that cannot be written (a special file, an existing
file without --force, a name too long, a full disk, a closed standard output; README lists them).
Any other exception is logged with its traceback to the log file under the data folder and
reported in one line.

Only commands whose modules are present are offered (and listed in --help).
"""

from __future__ import annotations

from perf_tui import _startup  # noqa: F401  (first: the start-up clock)

import argparse
import importlib.util
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, NoReturn, Sequence

from perf_tui import __version__, cli_words, i18n
from perf_tui.i18n import t
from perf_tui.logfile import error_reason

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class CliError(Exception):
    """One line for the user, and the exit code."""

    def __init__(self, message: str, code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Context:
    args: argparse.Namespace
    lang: str
    lang_given: bool
    config: Any
    config_error: str | None
    clock: Callable = field(default=None)  # type: ignore[assignment]
    told_read_only: bool = False

    @property
    def data_dir(self) -> Path:
        from perf_tui import locations

        return locations.data_dir(getattr(self.args, "data_dir", None))

    def repo(self, *, writing: bool = False):
        """The repository. A read-only data folder is said in one line: on stderr as a warning
        (once) for a command that reads, as the error for a command that must write (writing=True)."""
        from perf_tui.store import ReadOnlyFolder, StoreError, open_repository

        try:
            repo = open_repository(self.data_dir, clock=self.clock)
        except (OSError, StoreError) as exc:
            raise CliError(t("cli.error.data_dir", path=str(self.data_dir), error=error_reason(exc))) from exc
        if repo.read_only and writing:
            repo.close()
            raise CliError(str(ReadOnlyFolder(self.data_dir)))
        if repo.read_only and not self.told_read_only:
            self.told_read_only = True
            _warn(t("cli.warn.read_only", path=str(self.data_dir)))
        return repo


# --------------------------------------------------------------------------- argument parsing

class Parser(argparse.ArgumentParser):
    """argparse with a one-line error (no usage dump) in the user's language; argparse's own
    words and the metavars come from the catalog too (perf_tui/cli_words.py)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", cli_words.HelpFormatter)
        super().__init__(*args, **kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        action = super().add_argument(*args, **kwargs)
        positional = not action.option_strings
        action.metavar = cli_words.local_metavar(action.metavar or (action.dest if positional else None))
        return action

    def add_subparsers(self, **kwargs: Any):
        if "metavar" in kwargs:
            kwargs["metavar"] = cli_words.local_metavar(kwargs["metavar"])
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        from perf_tui.text import escape_unprintable  # the message may quote what was typed

        hint = t("cli.error.see_help", prog=self.prog)
        self.exit(EXIT_USAGE, t("cli.error.usage_line", prog=self.prog, message=escape_unprintable(message),
                                hint=hint) + "\n")


def _add_global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    # In the subcommands the defaults are SUPPRESSed so that an option given before the
    # subcommand is not overwritten by the subcommand's default.
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--data-dir", metavar="PATH", default=default, help=t("cli.opt.data_dir"))
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default=default, help=t("cli.opt.lang"))


def _available(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def build_parser() -> Parser:
    parser = Parser(prog="perf-tui", description=t("cli.description"), epilog=t("cli.epilog"))
    parser.add_argument("--version", action="version", version=f"perf-tui {__version__}",
                        help=t("cli.opt.version"))
    from perf_tui.completion import SHELLS, CompletionAction  # argparse only: cheap

    parser.add_argument("--completion", metavar="SHELL", choices=SHELLS, action=CompletionAction,
                        help=t("cli.opt.completion"))
    _add_global_options(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title=t("cli.commands"),
                                     parser_class=Parser)

    def command(name: str, handler: Callable[[Context], int], needs: Sequence[str] = ()) -> Parser | None:
        if not all(_available(module) for module in needs):
            return None
        sub = commands.add_parser(name, help=t(f"cli.cmd.{name}"), description=t(f"cli.cmd.{name}"))
        _add_global_options(sub, suppress=True)
        sub.set_defaults(handler=handler)
        return sub

    command("new", cmd_new, ["perf_tui.screens.setup"])
    sub = command("open", cmd_open, ["perf_tui.screens.meeting"])
    if sub:
        sub.add_argument("id", help=t("cli.arg.id"))
    sub = command("demo", cmd_demo, ["perf_tui.demo"])
    if sub:
        sub.add_argument("--no-tui", action="store_true", help=t("cli.opt.no_tui"))
    sub = command("list", cmd_list)
    if sub:
        sub.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    sub = command("export", cmd_export, ["perf_tui.export"])
    if sub:
        sub.add_argument("id", help=t("cli.arg.id"))
        sub.add_argument("--format", "-f", default="md", choices=_export_formats(), help=t("cli.opt.format"))
        sub.add_argument("-o", "--output", metavar="PATH", default="-", help=t("cli.opt.output"))
        sub.add_argument("--force", action="store_true", help=t("output.cli.opt.force"))
    sub = command("import", cmd_import, ["perf_tui.store.backup_format"])
    if sub:
        sub.add_argument("file", metavar="FILE", help=t("cli.arg.file"))
        sub.add_argument("--new-id", action="store_true", help=t("cli.opt.new_id"))
    sub = command("schema", cmd_schema, ["perf_tui.schema"])
    if sub:
        sub.add_argument("--format", "-f", default="json", choices=("json", "backup"),
                         help=t("cli.opt.schema_format"))
    sub = command("guide", cmd_guide, ["perf_tui.guide"])
    if sub:
        sub.add_argument("--type", dest="interview_type", metavar="T", help=t("cli.opt.type"))
        sub.add_argument("--level", metavar="L", help=t("cli.opt.level"))
        sub.add_argument("--minutes", metavar="M", help=t("cli.opt.minutes"))
    sub = command("check", cmd_check, ["perf_tui.checks.items"])
    if sub:
        sub.add_argument("id", nargs="?", help=t("cli.arg.check_id"))
        sub.add_argument("--stdin", action="store_true", help=t("cli.opt.stdin"))
        sub.add_argument("--json", action="store_true", help=t("cli.opt.check_json"))
        sub.add_argument("--today", metavar="YYYY-MM-DD", help=t("cli.opt.today"))
    return parser


def _export_formats() -> tuple[str, ...]:
    # The list is a constant in perf_tui.export; importing it costs only the model.
    from perf_tui.export import FORMATS

    return tuple(FORMATS)


def _preparse(argv: Sequence[str]) -> tuple[str | None, str | None]:
    """--lang and --data-dir, wherever they are, before the real parser (whose help texts
    depend on the language). Wrong values are left for the real parser to report."""
    lang = data_dir = None
    items = list(argv)
    for index, item in enumerate(items):
        if item == "--":
            break
        for name in ("--lang", "--data-dir"):
            value = None
            if item == name and index + 1 < len(items):
                value = items[index + 1]
            elif item.startswith(name + "="):
                value = item.split("=", 1)[1]
            if value is not None:
                if name == "--lang":
                    lang = value
                else:
                    data_dir = value
    return lang, data_dir


# --------------------------------------------------------------------------- entry point

def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang_arg, data_dir_arg = _preparse(argv)
    from perf_tui.config import load_config

    loaded = load_config()
    lang = i18n.resolve_language(lang_arg, loaded.config.lang)
    i18n.set_language(lang)
    cli_words.install()
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0) if not isinstance(exit_.code, str) else EXIT_USAGE
    from perf_tui.clock import system_clock

    ctx = Context(args=args, lang=lang, lang_given=i18n.normalize_language(lang_arg) is not None,
                  config=loaded.config, config_error=loaded.error, clock=system_clock)
    handler = getattr(args, "handler", cmd_home)
    return run_command(handler, ctx, data_dir_arg)


def run_command(handler: Callable[[Context], int], ctx: Context, data_dir_arg: str | None) -> int:
    from perf_tui.logfile import log, setup_logging

    log_path = None
    try:
        log_path = setup_logging(ctx.data_dir)
        if ctx.config_error and handler in (cmd_list, cmd_export, cmd_import, cmd_guide):
            _warn(t("cli.warn.config", error=ctx.config_error))
        return handler(ctx)
    except CliError as exc:
        _fail(str(exc))
        return exc.code
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - last resort: one line here, the traceback in the log
        from perf_tui.store import StoreError

        if isinstance(exc, StoreError):
            from perf_tui.store.errors import is_refusal

            if is_refusal(exc):
                log.info("refused: %s", exc)  # nothing went wrong: one line, no traceback
            else:
                log.info("store error", exc_info=True)
            _fail(str(exc))
            return EXIT_FAILURE
        log.exception("unexpected error")
        where = str(log_path) if log_path else t("cli.no_log")
        _fail(t("cli.error.unexpected", error=error_reason(exc), log=where))
        return EXIT_FAILURE


def _fail(message: str) -> None:
    _warn(message)


def _warn(message: str) -> None:
    # A message may quote a file name or a value from the input: its control characters and ANSI
    # sequences are shown escaped (\x1b[31m), never sent to the terminal, and it stays one line.
    from perf_tui.text import escape_unprintable

    print(f"perf-tui: {escape_unprintable(message)}", file=sys.stderr)


# --------------------------------------------------------------------------- commands with a UI

def run_app(ctx: Context, start: tuple[str, ...]) -> int:
    # Textual and the app are imported only here: they are the bulk of start-up time.
    from perf_tui.app import PerfTuiApp

    app = PerfTuiApp(data_dir=ctx.data_dir, lang=ctx.lang, config=ctx.config, clock=ctx.clock,
                     start=start, config_error=ctx.config_error)
    try:
        app.run()
    finally:
        app.close_storage()
    return app.return_code or EXIT_OK


def cmd_home(ctx: Context) -> int:
    ctx.repo().close()  # a data folder that cannot be used is reported before the screen opens
    return run_app(ctx, ("home",))


def cmd_new(ctx: Context) -> int:
    ctx.repo(writing=True).close()
    return run_app(ctx, ("new",))


def cmd_open(ctx: Context) -> int:
    session_id = ctx.args.id
    _get_record(ctx, session_id)  # an unknown id is one line here, not a blank screen
    return run_app(ctx, ("open", session_id))


def cmd_demo(ctx: Context) -> int:
    from perf_tui.demo import build_demo_record

    record = build_demo_record(ctx.lang, ctx.clock())
    repo = ctx.repo(writing=True)
    try:
        repo.create(record)
    finally:
        repo.close()
    if ctx.args.no_tui:
        print(record.id)
        return EXIT_OK
    return run_app(ctx, ("open", record.id))


# --------------------------------------------------------------------------- commands without a UI

def _get_record(ctx: Context, session_id: str):
    from perf_tui.store import SessionNotFound

    repo = ctx.repo()
    try:
        return repo.get(session_id)
    except SessionNotFound as exc:
        raise CliError(t("cli.error.unknown_id", id=session_id)) from exc
    finally:
        repo.close()


def cmd_list(ctx: Context) -> int:
    repo = ctx.repo()
    try:
        summaries = repo.list()
        unreadable = repo.unreadable()
    finally:
        repo.close()
    if unreadable:  # never left out silently; stderr, so that --json stays a pure array
        _warn(unreadable_line(unreadable))
    if ctx.args.json:
        rows = [summary_json(s) for s in summaries]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not summaries:
        print(t("cli.list.empty"))
        return EXIT_OK
    print(list_table(summaries))
    return EXIT_OK


def unreadable_line(errors) -> str:
    """One line: how many session files could not be read, and which (name and short reason)."""
    files = ", ".join(t("cli.list.unreadable_item", file=e.path.name, why=t(f"cli.list.why.{e.kind}", detail=e.detail))
                      for e in errors)
    return t("cli.list.unreadable", count=len(errors), files=files, folder=str(errors[0].path.parent))


def summary_json(summary) -> dict[str, str]:
    data = summary.to_dict()
    return {key: data.get(key, "") for key in ("id", "employee", "period", "type", "status", "date",
                                                "updated_at", "supervisor")}


def list_table(summaries) -> str:
    """Columns aligned by terminal cells, so Chinese names line up."""
    from perf_tui.formatting import format_day
    from perf_tui.text import cell_width, pad

    header = [t(f"cli.list.col.{name}") for name in ("id", "employee", "period", "type", "status", "date")]
    rows = [
        [s.id, s.employee or "—", s.period or "—", t(f"type.{s.type}") if s.type else "—",
         t(f"status.{s.status}") if s.status else "—", format_day(s.date) or "—"]
        for s in summaries
    ]
    widths = [max(cell_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def cmd_export(ctx: Context) -> int:
    """The record to standard output or, with -o, to a regular file (never a FIFO or a device;
    an existing file only with --force). Every failure to write is one line and exit 2."""
    from perf_tui.export import ExportError, render_bytes, suggested_filename
    from perf_tui.export.files import check_target, is_folder, shown_path

    record = _get_record(ctx, ctx.args.id)
    # The record is exported in the language it was held in, unless --lang says otherwise.
    lang = ctx.lang if ctx.lang_given or record.lang not in i18n.LANGUAGES else record.lang
    output = ctx.args.output
    path = None
    if output not in (None, "-"):
        path = Path(output).expanduser()
        if is_folder(path):
            path = path / suggested_filename(record, ctx.args.format, lang)  # named in its language
        elif output.endswith(("/", os.sep)):  # meant a folder: never a file named like it
            raise CliError(t("cli.error.cannot_write", path=shown_path(output), error=t("output.reason.no_folder")),
                           EXIT_USAGE)
        _checked(check_target, path, overwrite=ctx.args.force)  # refused before rendering
    try:
        data = render_bytes(record, ctx.args.format, lang, thresholds=ctx.config.grade_thresholds,
                            now=ctx.clock(), weights=ctx.config.stage_weights, paper=ctx.config.paper)
    except ExportError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    if path is None:
        write_stdout(data)
        return EXIT_OK
    written = write_private_file(path, data, overwrite=ctx.args.force)
    print(t("cli.export.written", path=shown_path(written)), file=sys.stderr)
    return EXIT_OK


def write_stdout(data: bytes) -> None:
    """Bytes as they are (eml/ics keep their CRLF); text when stdout is not a real stream.
    A closed or failing standard output is one line (exit 2), never a traceback."""
    stream = sys.stdout
    if stream is None:  # started with standard output closed (`>&-`)
        raise CliError(t("output.cli.no_stdout"), EXIT_USAGE)
    from perf_tui.export.files import system_reason

    try:
        stream.flush()
        buffer = getattr(stream, "buffer", None)
        if buffer is None:
            stream.write(data.decode("utf-8"))
            stream.flush()
            return
        buffer.write(data)
        buffer.flush()
    except BrokenPipeError as exc:
        _discard_stdout()
        raise CliError(t("output.cli.stdout_closed", error=system_reason(exc)), EXIT_USAGE) from exc
    except OSError as exc:
        _discard_stdout()
        raise CliError(t("output.cli.stdout_failed", error=system_reason(exc)), EXIT_USAGE) from exc


def _discard_stdout() -> None:
    """Point standard output at the null device, so that the interpreter's own flush at exit
    does not fail a second time and print "Exception ignored ... BrokenPipeError"."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def _checked(action: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a check or write of the output file; its refusal as one CLI line (exit 2)."""
    from perf_tui.export.files import ExportWriteError, TargetExists, shown_path

    try:
        return action(*args, **kwargs)
    except TargetExists as exc:
        raise CliError(t("output.cli.exists", path=shown_path(exc.path)), EXIT_USAGE) from exc
    except ExportWriteError as exc:
        raise CliError(t("cli.error.cannot_write", path=shown_path(exc.path), error=exc.reason),
                       EXIT_USAGE) from exc


def write_private_file(path: Path, data: bytes, *, overwrite: bool = False) -> Path:
    """The shared atomic 0600 writer (perf_tui.export.files), its failure as one CLI line."""
    from perf_tui.export.files import write_private_file as write_shared

    return _checked(write_shared, path, data, overwrite=overwrite)


def cmd_import(ctx: Context) -> int:
    from perf_tui.schema import MAX_BYTES
    from perf_tui.store import InvalidSessionData, StoreError
    from perf_tui.store.backup_format import load_session

    path = Path(ctx.args.file).expanduser()
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)  # one byte over is enough to refuse a file too large
    except OSError as exc:
        raise CliError(t("cli.error.cannot_read", path=str(path), error=error_reason(exc)), EXIT_USAGE) from exc
    try:
        record = load_session(raw)
    except InvalidSessionData as exc:  # the reason alone: "goals[2].target: expected text, got number"
        raise CliError(t("cli.error.not_a_backup", path=str(path), error=exc.reason)) from exc
    except StoreError as exc:
        raise CliError(t("cli.error.not_a_backup", path=str(path), error=str(exc))) from exc
    from perf_tui.store import SessionExists

    repo = ctx.repo(writing=True)
    try:
        record = repo.import_record(record, new_id=ctx.args.new_id)
    except SessionExists as exc:
        raise CliError(t("cli.error.exists", id=record.id)) from exc
    finally:
        repo.close()
    print(record.id)
    return EXIT_OK


def cmd_schema(ctx: Context) -> int:
    """`schema [--format json|backup]`: the JSON Schema of the shareable record or of the backup."""
    if ctx.args.format == "backup":
        from perf_tui.schema import json_schema
    else:
        from perf_tui.export.json_record import json_schema

    # Through write_stdout: `perf-tui schema | head` is one line about the closed pipe, never a traceback.
    write_stdout((json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return EXIT_OK


def cmd_guide(ctx: Context) -> int:
    from perf_tui import guide

    args = ctx.args
    interview_type = args.interview_type or "regular"
    level = args.level or "staff"
    minutes: Any = ctx.config.planned_minutes if args.minutes is None else _whole_number(args.minutes)
    try:
        guide.validate_guide_args(interview_type, level, minutes, ctx.lang)
    except ValueError as exc:  # the message names the valid values
        raise CliError(str(exc), EXIT_USAGE) from exc
    user_prompts = _user_prompts(ctx)
    text = guide.render_guide(interview_type, level, int(minutes), ctx.lang, user_prompts=user_prompts,
                              weights=ctx.config.stage_weights)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


def _whole_number(text: str) -> int | str:
    """"75" -> 75; anything else stays text so that the guide's own message names the problem."""
    try:
        return int(text.strip())
    except ValueError:
        return text


def _user_prompts(ctx: Context):
    try:
        from perf_tui.prompts import load_user_prompts
    except ImportError:
        return None
    prompts, error = load_user_prompts(lang=ctx.lang)
    if error:
        _warn(error)
    return prompts


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())


# --------------------------------------------------------------------------- check

def _check_today(ctx: Context):
    from datetime import date

    if not ctx.args.today:
        return ctx.clock().date()
    try:
        return date.fromisoformat(ctx.args.today.strip())
    except ValueError as exc:
        raise CliError(t("cli.check.bad_today", text=ctx.args.today), EXIT_USAGE) from exc


def cmd_check(ctx: Context) -> int:
    """`check ID [--json]`: a stored session's findings by stage; `check --stdin`: JSON lines in, out."""
    if bool(ctx.args.stdin) == bool(ctx.args.id):
        raise CliError(t("cli.check.need_one"), EXIT_USAGE)
    today = _check_today(ctx)
    if ctx.args.stdin:
        return _check_stdin(ctx, today)
    from perf_tui.checks.record import STAGE_ORDER, record_findings

    record = _get_record(ctx, ctx.args.id)
    lang = ctx.lang if ctx.lang_given or record.lang not in i18n.LANGUAGES else record.lang
    findings = record_findings(record, today)
    if ctx.args.json:
        print(json.dumps([f.to_json(lang) for f in findings], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not findings:
        print(t("cli.check.none", lang))
        return EXIT_OK
    marks = {"warn": "!", "info": "i"}
    for stage in STAGE_ORDER:
        in_stage = [f for f in findings if f.stage == stage]
        if not in_stage:
            continue
        print(in_stage[0].stage_label(lang))
        for found in in_stage:
            line = t("checks.record.line", lang, item=found.item_label(lang), message=found.finding.message(lang))
            print(f"  {marks.get(found.finding.severity, '!')} {line}")
    return EXIT_OK


def _check_stdin(ctx: Context, today) -> int:
    from perf_tui.checks.items import ItemError, check_item

    default_lang = ctx.lang if ctx.lang in ("en", "zh") else "en"
    for number, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            result = check_item(json.loads(line), today, default_lang)
        except json.JSONDecodeError as exc:
            result = {"error": f"line {number}: not JSON: {exc.msg} (column {exc.colno})"}
        except (ItemError, RecursionError) as exc:
            result = {"error": f"line {number}: {exc}"}
        print(json.dumps(result, ensure_ascii=False), flush=True)
    return EXIT_OK
