#!/usr/bin/env python3
"""Rendered height of an asmsim HTML report at a given viewport width (docs/analysis.md, "Report height").

Loads REPORT/index.html (or an .html file) in headless Chromium with the viewport WIDTH pixels wide,
waits for every image to be laid out and prints the page's height in CSS pixels
(document.documentElement.scrollHeight), with every <details> closed as the page opens.

    python3 analysis/benchmarks/report_height.py results/framework [--width 1280] [--max-height 8700]

Exit codes: 0 measured (and, with --max-height, within it); 1 taller than --max-height; 2 bad input;
3 Chromium is not installed (`apt-get install chromium`; `make deps` does not install it).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# Run after the load event (every embedded image decoded and laid out): the height goes into the
# DOM, which --dump-dom prints once the page has loaded.
PROBE = ("<script>window.addEventListener('load', function () {"
         "var h = document.documentElement.scrollHeight;"
         "var p = document.createElement('p'); p.id = 'asmsim-height'; p.textContent = h;"
         "document.body.appendChild(p); });</script>")

BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def find_browser() -> str | None:
    return next((path for path in map(shutil.which, BROWSERS) if path), None)


def page_height(html_path: Path, width: int, browser: str) -> int:
    """page_height(html_path, width, browser) -> rendered height in CSS pixels at `width`."""
    text = html_path.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / "probe.html"
        probe.write_text(text.replace("</body>", PROBE + "</body>", 1), encoding="utf-8")
        done = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                               f"--user-data-dir={tmp}/profile", f"--window-size={width},1000",
                               "--virtual-time-budget=10000", "--dump-dom", probe.as_uri()],
                              capture_output=True, text=True, timeout=300)
    found = re.search(r'<p id="asmsim-height">(\d+)</p>', done.stdout)
    if not found:
        raise RuntimeError(f"{browser} gave no height (exit {done.returncode}): {done.stderr[-600:]}")
    return int(found.group(1))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report", help="a report folder (with index.html) or an HTML file")
    parser.add_argument("--width", type=int, default=1280, help="viewport width in CSS pixels (default 1280)")
    parser.add_argument("--max-height", type=int, help="exit 1 when the page is taller than this")
    args = parser.parse_args(argv)
    path = Path(args.report)
    path = path / "index.html" if path.is_dir() else path
    if not path.is_file():
        print(f"report_height: {path}: not found", file=sys.stderr)
        return 2
    browser = find_browser()
    if browser is None:
        print("report_height: Chromium is not installed (apt-get install chromium); nothing measured",
              file=sys.stderr)
        return 3
    height = page_height(path, args.width, browser)
    print(f"{path}: {height} px tall at {args.width} px wide")
    if args.max_height is not None and height > args.max_height:
        print(f"report_height: taller than {args.max_height} px", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
