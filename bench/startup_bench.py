"""Start-up script cost per page and per script, from a Chromium performance trace.

    .venv/bin/python bench/startup_bench.py [SITE_DIR] [--runs 3] [--page PATH ...]

Loads each page of a built site (default ``site/``, served from 127.0.0.1) in headless
Chromium at a phone's size, records a trace with V8's sampling profiler, and prints, median
of the runs, in milliseconds of a CPU 4x slower (as Lighthouse's mobile preset assumes: like
Lighthouse, it scales what it observes rather than slowing Chromium down, and it counts the
thread's CPU time, not the wall clock, so other processes on a busy machine barely move it):

* blocking: the part beyond 50 ms of every main-thread task after the first paint, the
  measure behind Lighthouse's total blocking time (TBT);
* longest task, main thread (all tasks), style+layout (style and layout work not forced by
  a script: what the page's size and style sheets cost);
* the CPU time of each script: every profiler sample is charged to the outermost frame of
  our scripts on its stack (else to Material's bundle), so a call into the DOM counts for
  the script that made it, and a callback that Material calls (``document$``) for ours.
  The parts of our joined script (``site.<hash>.js``) are told apart by the comment the
  bundle puts before each (``/* assets/javascripts/glossary.js */``); Material's bundle
  is ``material``. "in long tasks": the part of it in tasks over 50 ms, where it adds to
  the blocking time (the rest runs in short tasks and blocks nothing).
"""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import re
import shutil
import socketserver
import statistics
import sys
import threading
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("", "glossary/", "sources/", "myths/everyone-has-score/")
CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "loading",
              "disabled-by-default-v8.cpu_profiler", "disabled-by-default-devtools.timeline.stack"]
SLOWDOWN = 4


def serve(directory: Path) -> tuple[socketserver.TCPServer, str]:
    handler = functools.partial(type("Quiet", (http.server.SimpleHTTPRequestHandler,),
                                     {"log_message": lambda *a: None}), directory=str(directory))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def bundle_parts(site: Path) -> list[tuple[int, str]]:
    """[(first line, 0-based, part name)] of our joined script."""
    found = sorted((site / "assets" / "javascripts").glob("site.*.js"))
    if not found:
        return []
    parts = []
    for number, line in enumerate(found[0].read_text(encoding="utf-8").splitlines()):
        match = re.fullmatch(r"/\* assets/javascripts/(\S+) \*/", line)
        if match:
            parts.append((number, match.group(1)))
    return parts


def script_name(url: str, line: int, parts: list[tuple[int, str]]) -> str | None:
    name = url.rsplit("/", 1)[-1].split("?")[0]
    if not url.startswith("http") or not name.endswith(".js"):
        return None
    if name.startswith("bundle.") and name.endswith(".min.js"):
        return "material"
    if name.startswith("site.") and parts:
        return [part for first, part in parts if first <= line][-1] if line >= parts[0][0] else "site.js"
    return name


def analyse(events: list[dict], parts: list[tuple[int, str]], url: str) -> dict[str, float]:
    # The renderer's main thread that parsed the page (a new tab may start in another one).
    pid, tid = next((e["pid"], e["tid"]) for e in events if e.get("name") == "ParseHTML"
                    and (e.get("args", {}).get("beginData", {}).get("url") or "").split("#")[0] == url)
    mine = [e for e in events if e.get("pid") == pid and e.get("tid") == tid and e.get("ph") == "X"]
    paint = min((e["ts"] for e in events if e.get("pid") == pid and e.get("name") == "firstContentfulPaint"),
                default=0)
    tasks = sorted((e for e in mine if e.get("name") == "RunTask" and e.get("dur")), key=lambda e: e["ts"])

    def cpu(e: dict) -> float:  # ms of the slowed-down CPU
        return SLOWDOWN * e.get("tdur", e["dur"]) / 1000

    result: dict[str, float] = defaultdict(float)
    result["blocking"] = sum(max(0.0, cpu(e) - 50) for e in tasks if e["ts"] >= paint)
    result["longest task"] = max((cpu(e) for e in tasks), default=0)
    result["main thread"] = sum(cpu(e) for e in tasks)
    scripted = [(e["ts"], e["ts"] + e["dur"]) for e in mine
                if e.get("name") in ("EvaluateScript", "FunctionCall", "v8.compile", "TimerFire",
                                     "EventDispatch") and e.get("dur")]
    for e in mine:
        if e.get("name") in ("UpdateLayoutTree", "Layout") and e.get("dur"):
            if not any(start <= e["ts"] < end for start, end in scripted):
                result["style+layout"] += cpu(e)
    # V8's sampling profiler: charge each sample to the outermost of our scripts on its
    # stack, scaled by its task's CPU time over wall time.
    starts = {e["id"]: e["args"]["data"]["startTime"] for e in events
              if e.get("name") == "Profile" and e.get("pid") == pid}
    clock = dict(starts)
    nodes: dict[tuple, dict] = {}
    ratios = [(e["ts"], e["ts"] + e["dur"], e.get("tdur", e["dur"]) / e["dur"], cpu(e) > 50) for e in tasks]
    for e in sorted((e for e in events if e.get("name") == "ProfileChunk" and e.get("pid") == pid),
                    key=lambda e: e["ts"]):
        data = e["args"]["data"]
        profile = data.get("cpuProfile", {})
        for node in profile.get("nodes", []):
            nodes[(e["id"], node["id"])] = {"parent": node.get("parent"), "frame": node["callFrame"]}
        deltas = data.get("timeDeltas", [])
        for index, sample in enumerate(profile.get("samples", [])):
            clock[e["id"]] = clock.get(e["id"], 0) + deltas[index]
            length = deltas[index + 1] if index + 1 < len(deltas) else 0
            key, owner = (e["id"], sample), None
            while key in nodes:
                frame = nodes[key]["frame"]
                name = script_name(frame.get("url", ""), frame.get("lineNumber", 0), parts)
                if name and (name != "material" or owner is None):
                    owner = name
                parent = nodes[key]["parent"]
                key = (e["id"], parent) if parent is not None else None
            if owner and length > 0:
                at = clock[e["id"]]
                ratio, long = next(((r, long) for start, end, r, long in ratios if start <= at < end), (1.0, False))
                result[owner] += SLOWDOWN * length * ratio / 1000
                if long:
                    result[owner + " in long tasks"] += SLOWDOWN * length * ratio / 1000
    return result


def measure(site: Path, pages: tuple[str, ...], runs: int) -> dict[str, dict[str, float]]:
    from playwright.sync_api import sync_playwright

    parts = bundle_parts(site)
    server, base = serve(site)
    table: dict[str, dict[str, float]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"])
            for path in pages:
                samples = []
                for _ in range(runs):
                    context = browser.new_context(viewport={"width": 412, "height": 823}, device_scale_factor=1.75,
                                                  is_mobile=True, has_touch=True)
                    page = context.new_page()
                    browser.start_tracing(page=page, categories=CATEGORIES)
                    page.goto(base + path, wait_until="load")
                    page.wait_for_timeout(1500)  # late tasks (timers, idle callbacks) land in the trace
                    trace = json.loads(browser.stop_tracing())
                    context.close()
                    samples.append(analyse(trace["traceEvents"], parts, base + path))
                keys = sorted({key for sample in samples for key in sample})
                table[path] = {key: statistics.median(s.get(key, 0.0) for s in samples) for key in keys}
            browser.close()
    finally:
        server.shutdown()
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--page", action="append", help="a page path, e.g. glossary/ (default: four pages)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    table = measure(args.site, tuple(args.page or PAGES), args.runs)
    first = ["blocking", "longest task", "main thread", "style+layout"]
    scripts = sorted({k for row in table.values() for k in row if not k.endswith(" in long tasks")} - set(first),
                     key=lambda k: (k != "material", k))
    print(f"ms of a CPU {SLOWDOWN}x slower, median of {args.runs}; per script: CPU time (of which in tasks "
          "over 50 ms)", file=sys.stderr)
    print("| page | " + " | ".join(first + scripts) + " |")
    print("|---|" + "---:|" * (len(first) + len(scripts)))
    for path, row in table.items():
        cells = [f"{row.get(k, 0):.0f}" for k in first]
        cells += [f"{row.get(k, 0):.0f} ({row.get(k + ' in long tasks', 0):.0f})" for k in scripts]
        print(f"| /{path} | " + " | ".join(cells) + " |")
    if args.json:
        args.json.write_text(json.dumps(table, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
