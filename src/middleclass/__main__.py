"""Command line: ``python -m middleclass run|build|params|list``.

Every failure prints one line starting with ``error:`` and exits non-zero.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from .errors import MiddleclassError, ParameterError


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so that Python's exit flush is quiet."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


class _Output:
    """Standard output that survives its reader leaving (`build | head -1`, a closed terminal):
    after a closed pipe, what is printed goes nowhere and the command goes on to its end, so its
    exit status is its own (a build that fails still exits non-zero; one that is cut short by
    nothing but the closed pipe finishes its work)."""

    def __init__(self, stream):
        self._stream, self.lost = stream, False

    def write(self, text: str) -> int:
        if not self.lost:
            try:
                return self._stream.write(text)
            except BrokenPipeError:
                self._lose()
        return len(text)

    def flush(self) -> None:
        if not self.lost:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._lose()

    def _lose(self) -> None:
        self.lost = True
        _silence_stdout()

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _params(pairs: list[list[str]] | None) -> dict:
    given = {}
    for name, value in pairs or []:
        if name in given:
            from .book.params import shown

            raise ParameterError(f"parameter {shown(name)} given twice")
        given[name] = value
    return given


def main(argv: list[str] | None = None) -> int:
    from .chapters import CHAPTERS

    parser = argparse.ArgumentParser(prog="python -m middleclass", description="Run the chapters and build the book.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="execute one chapter with papermill")
    run.add_argument("chapter", help=f"one of: {', '.join(CHAPTERS)}")
    run.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"),
                     help="set a chapter parameter (repeatable)")
    run.add_argument("--output", type=Path, help="where to write the executed notebook (default: _build/executed/)")
    run.add_argument("--force", action="store_true", help="execute even if the cache key is unchanged")
    build = sub.add_parser("build", help="execute stale chapters and build the HTML book into _build/html")
    build.add_argument("--jobs", type=int, default=2, help="chapters executed in parallel (default 2)")
    build.add_argument("--reset-params", action="store_true", help="run every chapter with its default parameters")
    build.add_argument("--force", action="store_true", help="execute every chapter and rebuild the HTML")
    build.add_argument("--no-pdf", action="store_true",
                       help="skip the whole-book PDF (faster while writing; the site then has no PDF link)")
    build.add_argument("--scheduler", metavar="ADDRESS",
                       help="run the robustness sweep on a Dask distributed cluster (e.g. tcp://10.0.0.5:8786); "
                            "default: $MIDDLECLASS_SCHEDULER, else two local processes")
    loud = build.add_mutually_exclusive_group()
    loud.add_argument("-q", "--quiet", action="store_true", help="print only the final line (and warnings, errors)")
    loud.add_argument("-v", "--verbose", action="store_true",
                      help="also print each worker's lines (executing, writing, history notes)")
    build.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"),
                       help="set a parameter in every chapter that declares it, e.g. -p as_of 2024-01-31 (repeatable)")
    prm = sub.add_parser("params", help="list a chapter's parameters: type, default, the value in effect, what it is")
    prm.add_argument("chapter")
    sub.add_parser("list", help="list the chapters")
    data = sub.add_parser("data", help="status, fetch and diff of the source files").add_subparsers(dest="data_command", required=True)
    data.add_parser("status", help="one line per source: location, pinned vs actual sha256, rows, dates, last modified")
    fetch = data.add_parser("fetch", help="download a source from its canonical URL, validate it, record its sha256")
    fetch.add_argument("source")
    fetch.add_argument("--into", type=Path, help="write into this folder instead of the data root")
    fetch.add_argument("--url", help="download from this URL instead of the manifest's")
    fetch.add_argument("--pin", action="store_true", help="update the pinned sha256 in data/sources.yml")
    fetch.add_argument("--timeout", type=float, default=60.0, help="seconds per attempt (default 60)")
    fetch.add_argument("--retries", type=int, default=3, help="attempts (default 3)")
    dif = data.add_parser("diff", help="what a new file changes against the pinned one")
    dif.add_argument("source")
    dif.add_argument("new_file", type=Path)
    cmp_ = sub.add_parser("compare", help="glued values of two executed chapter notebooks side by side")
    cmp_.add_argument("a", type=Path)
    cmp_.add_argument("b", type=Path)
    cmp_.add_argument("--changed", action="store_true", help="show only the values that differ")
    cmp_.add_argument("--raw", action="store_true", help="internal measure keys and full precision")
    args = parser.parse_args(argv)

    def _terminate(signum, frame):  # a SIGTERM ends the run like Ctrl-C: nothing half-written stays
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _terminate)
    if isinstance(sys.stdout, _Output):
        return _main(args)
    original, sys.stdout = sys.stdout, _Output(sys.stdout)
    try:
        return _main(args)
    finally:
        if not sys.stdout.lost:
            sys.stdout = original


def _main(args) -> int:
    try:
        if args.command == "run":
            from .book import execute, plan, safety

            given = _params(args.parameter)
            if args.output is None:  # writes into the build folder: not while a build runs there
                with safety.build_lock("run"):
                    state = plan.set_parameters(plan.read_state(), args.chapter, given)
                    plan.resolve(args.chapter, state=state)  # refused before anything is written
                    for reader in plan.readers_out_of_step(args.chapter, state):
                        print(f"{args.chapter}: warning: {reader}")
                    execute.execute(args.chapter, force=args.force, state=state)
                    plan.write_state(state)  # in effect for later builds once the run succeeded
            else:  # a run elsewhere: the parameters in effect stay as they are
                safety.check_output(args.output, given=True)  # an odd path is refused before anything is read
                execute.execute(args.chapter, given, output=args.output, force=args.force)
        elif args.command == "build":
            from .book import pipeline as build

            if args.jobs < 1:
                raise ParameterError(f"--jobs must be at least 1, got {args.jobs}")
            build.build(jobs=args.jobs, reset_params=args.reset_params, force=args.force,
                        given=_params(args.parameter), verbosity=0 if args.quiet else 2 if args.verbose else 1,
                        make_pdf=not args.no_pdf, scheduler=args.scheduler)
        elif args.command == "params":
            from .book import plan

            for line in plan.show(args.chapter):
                print(line)
        elif args.command == "list":
            from .chapters import CHAPTERS

            for c in CHAPTERS.values():
                print(f"{c.id}\t{c.file}\t{c.title}")
        elif args.command == "data":
            from .data import refresh

            if args.data_command == "status":
                rows = refresh.status()
                print(refresh.format_rows(rows))
                bad = [r["source"] for r in rows if r["state"] != "ok"]
                if bad:
                    print(f"{len(bad)} source(s) missing or changed: {', '.join(bad)}", file=sys.stderr)
                    return 1
            elif args.data_command == "fetch":
                refresh.fetch(args.source, into=args.into, url=args.url, pin_hash=args.pin, timeout=args.timeout,
                              retries=args.retries)
            elif args.data_command == "diff":
                print(refresh.format_diff(refresh.diff(args.source, args.new_file)))
        elif args.command == "compare":
            from .book import compare

            print(compare.format_markdown(compare.compare(args.a, args.b), only_changed=args.changed, raw=args.raw))
        sys.stdout.flush()  # a closed pipe shows here, inside the handlers below
    except MiddleclassError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, ParameterError) else 1
    except BrokenPipeError:  # `compare A B | head`: the reader left; end quietly
        _silence_stdout()
        return 0
    except OSError as exc:  # the machine in the way: full disk, read-only folder, odd path
        from .errors import os_error_line

        tail = "; the previous book is unchanged" if args.command == "build" else ""
        print(f"error: {os_error_line(exc)}{tail}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:
        written = getattr(exc, "written", None)
        if written:
            print(f"error: interrupted after {written} was written (it is complete); nothing else changed",
                  file=sys.stderr)
        else:
            print("error: interrupted; executed notebooks and the HTML book were left as they were", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
