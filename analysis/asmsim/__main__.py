"""python3 -m asmsim report FILE.h5 -o DIR [--overwrite] [--figure-format png|svg] [--baseline BASE.h5]: writes
DIR/index.html (report.py). --baseline (sweeps): a sweep of the same design without the intervention,
for the scenario discovery section.

Exit codes: 0 done, 1 a failure while writing (a full disk) or a results file whose contents contradict
its own sizes (asmsim.files.ResultsFileError: "FILE: DATASET has N entries, expected M"), 2 bad input
(missing or unreadable file, not an asmsim file, the wrong kind or a newer version, existing report
without --overwrite), 128 + N after signal N (SIGINT, SIGTERM, SIGHUP, SIGQUIT; the
partial report is removed first, and a second signal of the same kind ends the process at once).
"""

import argparse
import signal
import sys

from .files import ResultsFileError
from .report import write_report


class Interrupted(BaseException):
    """A signal asked the process to stop: raised where it arrives, so that clean-up runs."""

    def __init__(self, signal_number: int):
        super().__init__(signal.Signals(signal_number).name)
        self.signal_number = signal_number


# The signal that arrived, if any: the exception raised for it can be swallowed where it surfaces (in
# a callback that HDF5 or another C library calls, which cannot pass it on) and come back as that
# library's own error, so main() also looks here before it reports an error.
_received: int | None = None


def _stop_on_signal(signal_number, _frame):
    global _received
    _received = signal_number
    signal.signal(signal_number, signal.SIG_DFL)  # a second one ends the process at once
    raise Interrupted(signal_number)


def main(argv=None) -> int:
    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(s, _stop_on_signal)
    parser = argparse.ArgumentParser(prog="python3 -m asmsim", description="Analysis of asmsim result files.")
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser("report", help="write a self-contained HTML report of a run, experiment, sweep, "
                                                "calibration or uncertainty comparison")
    report.add_argument("file", help="an asmsim run, experiment, sweep, calibration or uncertainty comparison file (.h5)")
    report.add_argument("-o", "--out", required=True, help="output directory (index.html, figures/, tables/)")
    report.add_argument("--overwrite", action="store_true", help="replace an existing report in the directory")
    report.add_argument("--months", type=int, default=12, help="statistic: mean over the last MONTHS months")
    report.add_argument("--figure-format", choices=("png", "svg"), default="png",
                        help="figures embedded in index.html and saved beside their PDF: png (300 dpi, the default) "
                             "or svg (vector, scales without blur)")
    report.add_argument("--baseline", help="sweeps: a sweep file of the same design and seed without the "
                                           "intervention; scenario discovery then finds where the intervention "
                                           "fails to beat it (default: where the outcome is in the worse half)")
    args = parser.parse_args(argv)
    try:
        try:
            path = write_report(args.file, args.out, months=args.months, overwrite=args.overwrite,
                                figure_format=args.figure_format, baseline=args.baseline)
        except BaseException as error:
            # write_report has removed its partial folder whatever the exception; after a signal, the
            # error is the signal's doing (an interrupted read or write), not the file's or the disk's.
            if _received is not None and not isinstance(error, Interrupted):
                raise Interrupted(_received) from error
            raise
    except Interrupted as stop:
        name = signal.Signals(stop.signal_number).name
        print(f"asmsim report: stopped by {name}; no partial report left", file=sys.stderr)
        return 128 + stop.signal_number
    except ResultsFileError as error:  # a damaged or hand-edited file (before ValueError, its base)
        print(f"asmsim report: error: {error}", file=sys.stderr)
        return 1
    except (FileNotFoundError, FileExistsError, IsADirectoryError, NotADirectoryError, ValueError) as error:
        hint = ""
        if isinstance(error, FileNotFoundError):
            hint = " (check the path; results are written by `asmsim run`, `compare`, `sweep` or `calibrate`)"
        print(f"asmsim report: error: {error}{hint}", file=sys.stderr)
        return 2
    except OSError as error:  # a failure while writing (a full disk): the report folder is removed
        print(f"asmsim report: error: {args.out}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
