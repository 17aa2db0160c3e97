"""``make bench``: build speed, scale, reader-side weight and Lighthouse, against baselines.

Prints one table and writes it, with the machine and date, to ``bench/results.md``, and
draws build seconds against page count to ``bench/scaling.png``. Every figure is a median
over several runs; each baseline is measured in the same run, interleaved with ours.

* Build time of our site (``mkdocs build --strict`` with our config, plugins and overrides;
  and the whole of ``make site``: offline bundle, EPUB and ZIM editions, then the online
  site) against a *stock* Material build of the same Markdown (generated config: Material
  set up as we set it up -- theme features, palettes, fonts, language, search languages,
  Markdown extensions -- with none of our plugins, overrides, CSS or JavaScript, and Mermaid
  from the CDN), all in one run, interleaved, wall and CPU seconds; and against
  ``zensical build`` of the same Markdown when zensical can be installed into a throw-away
  venv under ``bench/work/`` (git-ignored).
* Scale: generated sites of 10, 100 and 1,000 extra pages (real page bodies: glossary terms,
  citations, diagrams) built with our config: seconds per page and the peak memory of the
  build process (``os.wait4`` rusage of the child).
* Reader side: per-page requests and gzip transfer bytes in headless Chromium, ours against
  the stock build (third-party requests are counted and blocked: this machine has no
  network, and the benchmark must not send traffic out). Lighthouse 12.2.3 (mobile) on the
  home page and the longest page, served gzip-compressed from 127.0.0.1.
* The offline zip's size, and the figures of bench/{glossary,diagrams,offline,editions}_bench.py
  (editions: the seconds the EPUB and ZIM add to ``make site``, and their sizes).

Options: ``--quick`` (fewer repetitions, 10/100 pages only: for trying the script out).
"""
from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import importlib.util
import io
import json
import os
import platform
import re
import shutil
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

# The tests' shared support (tests/support/): `make bench` puts tests/ on PYTHONPATH.
from support import project as test_project
from support import quality_gates as quality

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
WORK = BENCH / "work"
EPOCH = os.environ.get("SOURCE_DATE_EPOCH", "1764288000")
# The newest zensical that installs from PyPI here: 0.1.x requires zensical-ui, which the
# package registry does not carry.
ZENSICAL = "zensical==0.0.73"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Real pages whose bodies make up the generated pages (terms, citations; index and
# blacklists carry diagrams).
TEMPLATE_PAGES = ["index.md", "sesame-credit.md", "blacklists.md", "local-scores.md", "about.md"]


# --------------------------------------------------------------------------- running builds

def env(**extra) -> dict:
    return dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1", **extra)


def timed(cmd: list[str], cwd: Path, environ: dict | None = None, cpu: list | None = None) -> tuple[float, int, str]:
    """Run *cmd*; (wall seconds, peak RSS of the child in MB, output). Raises on failure.
    The CPU seconds of the child and the processes it waited for (user + system) are
    appended to *cpu*: steadier than wall time on a machine others are using too."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        process = subprocess.Popen(cmd, cwd=cwd, env=environ or env(), stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({process.returncode}):\n{text[-3000:]}")
    if cpu is not None:
        cpu.append(usage.ru_utime + usage.ru_stime)
    return seconds, round(usage.ru_maxrss / 1024), text


def mkdocs_build(config: Path, site: Path, environ: dict | None = None, cpu: list | None = None) -> tuple[float, int, str]:
    if site.exists():
        shutil.rmtree(site)
    return timed([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
                  "--site-dir", str(site)], config.parent, environ, cpu)


def full_build(project: Path, site: Path, dist: Path, cpu: list | None = None) -> tuple[float, int, str]:
    """What ``make site`` runs: the offline bundle, its EPUB and ZIM editions, then the online site."""
    for folder in (site, dist):
        if folder.exists():
            shutil.rmtree(folder)
    return timed([sys.executable, str(project / "scripts" / "build.py"), "--config-file", str(project / "mkdocs.yml"),
                  "--site-dir", str(site), "--dist-dir", str(dist)], project, cpu=cpu)


def copy_project(dest: Path) -> Path:
    """A fresh copy of the project's sources (and its diagram cache), as the tests make one."""
    if dest.exists():
        shutil.rmtree(dest)
    return test_project.copy_project(dest)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


# --------------------------------------------------------------------------- the stock baseline

class _Tags(__import__("yaml").SafeLoader):
    pass


_Tags.add_multi_constructor("!", lambda loader, suffix, node: None)
_Tags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def our_config() -> dict:
    import yaml
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Tags)


# Our theme settings that stock Material has too (not custom_dir, logo or favicon: our files).
STOCK_THEME_KEYS = ("language", "font", "palette", "features")


def _search_plugin(ours: dict):
    """Our search plugin entry (languages, separator): Material's own plugin and settings."""
    for plugin in ours.get("plugins", []):
        if plugin == "search" or (isinstance(plugin, dict) and "search" in plugin):
            return plugin
    return "search"


def stock_config(project: Path, site_url: str = "https://stock.example.org/") -> Path:
    """Stock Material over the same Markdown, set up as we set Material up (the same theme
    features, palettes, fonts, language and search languages; our Markdown extensions),
    without what is ours: no plugins of ours, no overrides, no extra CSS or JavaScript; Mermaid
    drawn in the browser from Material's CDN copy, as stock Material does."""
    import yaml
    ours = our_config()
    docs = project / "docs"
    nav = [item for item in ours.get("nav", [])
           if all((docs / v).is_file() for v in item.values() if isinstance(v, str))]
    theme = {"name": "material", **{key: value for key, value in (ours.get("theme") or {}).items()
                                    if key in STOCK_THEME_KEYS}}
    # "custom" colours are defined in our style sheets: stock keeps its own (indigo).
    theme["palette"] = [{key: value for key, value in scheme.items() if value != "custom"}
                        for scheme in theme.get("palette") or []] or None
    if theme["palette"] is None:
        del theme["palette"]
    config = {
        "site_name": ours["site_name"] + " (stock)",
        "site_url": site_url,
        "docs_dir": "docs",
        "exclude_docs": ours.get("exclude_docs", ""),
        "nav": nav,
        "theme": theme,
        "markdown_extensions": [
            "abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables", {"toc": {"permalink": True}},
            "pymdownx.details",
            {"pymdownx.superfences": {"custom_fences": [
                {"name": "mermaid", "class": "mermaid", "format": "!!python/name:pymdownx.superfences.fence_code_format"}]}},
            {"pymdownx.snippets": {"base_path": ["docs/snippets"]}},
        ],
        "plugins": [_search_plugin(ours)],
    }
    text = yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
    text = text.replace("'!!python/name:pymdownx.superfences.fence_code_format'",
                        "!!python/name:pymdownx.superfences.fence_code_format")
    path = project / ("mkdocs.stock.yml" if site_url.startswith("https://stock.") else "mkdocs.stock-local.yml")
    path.write_text(text, encoding="utf-8")
    return path


def stock_build(config: Path, site: Path, cpu: list | None = None) -> tuple[float, int, str]:
    if site.exists():
        shutil.rmtree(site)
    # Not --strict: the stock build knows nothing of our citation and glossary syntax.
    return timed([sys.executable, "-m", "mkdocs", "build", "--config-file", str(config), "--site-dir", str(site)],
                 config.parent, cpu=cpu)


# --------------------------------------------------------------------------- zensical

def zensical() -> tuple[Path | None, str]:
    """The zensical executable in a throw-away venv, or (None, why not)."""
    venv = WORK / "zensical-venv"
    exe = venv / "bin" / "zensical"
    if exe.is_file():
        return exe, ""
    log = WORK / "zensical-install.log"
    try:
        if not (venv / "bin" / "python").is_file():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True, timeout=300)
        result = subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", ZENSICAL],
                                capture_output=True, text=True, timeout=600)
        log.write_text(result.stdout + result.stderr, encoding="utf-8")
    except (OSError, subprocess.SubprocessError) as err:
        return None, f"could not set up its venv: {err}"
    if exe.is_file():
        return exe, ""
    errors = [line for line in (result.stdout + result.stderr).splitlines() if line.startswith("ERROR")]
    return None, (f"`pip install {ZENSICAL}` failed: " + (errors[-1] if errors else "see bench/work/zensical-install.log"))


def zensical_build(exe: Path, config: Path, site: Path) -> tuple[float, int, str]:
    if site.exists():
        shutil.rmtree(site)
    return timed([str(exe), "build", "--config-file", str(config), "--clean"], config.parent)


# --------------------------------------------------------------------------- scale

def _body(markdown: str) -> str:
    """A page's Markdown without its front matter and title."""
    if markdown.startswith("---"):
        markdown = markdown.split("\n---", 1)[1].split("\n", 1)[1]
    return re.sub(r"^# .*\n", "", markdown.lstrip(), count=1)


def scale_project(dest: Path, pages: int) -> Path:
    """Our project plus *pages* generated pages (real bodies: terms, citations, diagrams)."""
    project = copy_project(dest)
    bodies = [_body((ROOT / "docs" / name).read_text(encoding="utf-8")) for name in TEMPLATE_PAGES
              if (ROOT / "docs" / name).is_file()]
    docs = project / "docs"  # beside the real pages, so their relative links still resolve
    for number in range(pages):
        body = bodies[number % len(bodies)]
        (docs / f"gen-{number:04d}.md").write_text(
            f"---\ntitle: Generated page {number}\ndescription: A generated page for the build benchmark, "
            f"number {number}.\n---\n\n# Generated page {number} {{#top}}\n\n{body}\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "\nnot_in_nav: |\n  /gen-*.md\n", encoding="utf-8")
    return project


def count_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


# --------------------------------------------------------------------------- serving

class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed like a real host (Lighthouse audits compression)."""

    COMPRESS = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()
            path = os.path.join(path, "index.html")
        if not path.endswith(self.COMPRESS) or "gzip" not in self.headers.get("Accept-Encoding", "") \
                or not os.path.isfile(path):
            return super().send_head()
        data = gzip.compress(Path(path).read_bytes(), compresslevel=quality.GZIP_LEVEL, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=31536000" if "/assets/" in self.path else "no-cache")
        self.end_headers()
        return io.BytesIO(data)


class Server:
    def __init__(self, directory: Path, port: int = 0):
        handler = functools.partial(_GzipHandler, directory=str(directory))
        self.httpd = socketserver.ThreadingTCPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def free_port() -> int:
    with socketserver.TCPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler) as probe:
        return probe.server_address[1]


# --------------------------------------------------------------------------- reader side

def reader_side(sites: dict[str, Path], paths: list[str], runs: int) -> dict:
    """{site: {path: {local, bytes, foreign}}}: medians over *runs* cold loads.
    Requests to other origins are counted and aborted (no traffic leaves this machine)."""
    from playwright.sync_api import sync_playwright

    results: dict = {name: {} for name in sites}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        for name, directory in sites.items():
            server = Server(directory)
            try:
                for path in paths:
                    samples = []
                    for _ in range(runs):
                        context = browser.new_context(viewport={"width": 390, "height": 844})
                        seen = {"local": 0, "bytes": 0, "foreign": 0}

                        def route(route, request, seen=seen, base=server.url):
                            if request.url.startswith(base) or request.url.startswith("data:"):
                                route.continue_()
                            else:
                                seen["foreign"] += 1
                                route.abort()

                        context.route("**/*", route)
                        page = context.new_page()
                        done = []
                        context.on("requestfinished", lambda request, done=done: done.append(request))
                        page.goto(server.url + path)
                        page.wait_for_load_state("networkidle")
                        for request in done:
                            if request.url.startswith(server.url):
                                sizes = request.sizes()
                                seen["local"] += 1
                                seen["bytes"] += sizes["responseBodySize"] + sizes["responseHeadersSize"]
                        context.close()
                        samples.append(dict(seen))
                    results[name][path] = {key: median([s[key] for s in samples]) for key in samples[0]}
            finally:
                server.close()
        browser.close()
    return results


# Lighthouse audits read per run (numericValue): ms, ms, ms, bytes.
LIGHTHOUSE_METRICS = {"lcp": "largest-contentful-paint", "fcp": "first-contentful-paint",
                      "tbt": "total-blocking-time", "transfer": "total-byte-weight"}


def lighthouse(url: str, runs: int) -> dict:
    """Median Lighthouse (mobile) category scores and LIGHTHOUSE_METRICS for *url*."""
    if not LIGHTHOUSE.exists():
        return {"error": "lighthouse is not installed (npm ci)"}
    scores: dict[str, list[float]] = {}
    for run in range(runs):
        out = WORK / f"lighthouse-{run}.json"
        cmd = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
               "--only-categories=performance,accessibility,best-practices,seo",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking "
               "--disable-component-update --disable-sync"]
        result = subprocess.run(cmd, env=dict(os.environ, CHROME_PATH=CHROMIUM), capture_output=True, text=True,
                                timeout=300)
        if result.returncode != 0 or not out.exists():
            return {"error": (result.stderr or result.stdout)[-500:]}
        report = json.loads(out.read_text(encoding="utf-8"))
        for key, category in report["categories"].items():
            scores.setdefault(key, []).append(round((category["score"] or 0) * 100))
        for key, audit in LIGHTHOUSE_METRICS.items():
            value = report["audits"].get(audit, {}).get("numericValue")
            if value is not None:
                scores.setdefault(key, []).append(value)
        failed = sorted(a["id"] for a in report["audits"].values()
                        if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary")
        scores.setdefault("_failed", []).append(failed)
    failed = scores.pop("_failed")
    return {**{key: median(values) for key, values in scores.items()}, "failed_audits": failed[-1]}


# The pages Lighthouse measures on both sites: the home page, the longest, a short myth page.
LIGHTHOUSE_PAGES = ("", "sources/", "glossary/", "myths/everyone-has-score/")


def lighthouse_rows(sites: dict[str, tuple[Path, int]], paths: tuple[str, ...], runs: int) -> list[tuple]:
    """One row per page: ours against stock, Lighthouse median of *runs* (performance,
    transfer, LCP, TBT), and our other category scores with the audits that failed."""
    measured: dict[str, dict[str, dict]] = {}
    for name, (directory, port) in sites.items():
        server = Server(directory, port)
        try:
            measured[name] = {path: lighthouse(server.url + path, runs) if (directory / path / "index.html").is_file()
                              else {"error": "no such page (made by our plugins)"} for path in paths}
        finally:
            server.close()

    def cell(scores: dict) -> str:
        if "error" in scores:
            return "n/a: " + scores["error"][:120]
        return (f"{scores.get('performance', float('nan')):.0f}, {kb(scores.get('transfer'))}, "
                f"LCP {scores.get('lcp', float('nan')) / 1000:.2f} s, TBT {scores.get('tbt', float('nan')):.0f} ms")

    rows = []
    for path in paths:
        ours, stock = measured["ours"][path], measured["stock"][path]
        rows.append(("Lighthouse", f"/{path}: perf, transfer, LCP, TBT (ours)", cell(ours), f"stock: {cell(stock)}"))
        if "error" not in ours:
            failed = ", ".join(ours["failed_audits"]) or "none"
            rows.append(("Lighthouse", f"/{path}: a11y / best practices / SEO (ours)",
                         " / ".join(f"{ours.get(k, float('nan')):.0f}" for k in
                                    ("accessibility", "best-practices", "seo")),
                         f"targets 100 / 100 / 100; failed audits: {failed}"))
    return rows


def lighthouse_sweep(site: Path, port: int, skip: tuple[str, ...]) -> list[tuple]:
    """Every other page of ours, one Lighthouse run each: the lowest performance and the
    highest transfer, LCP and TBT, each with its page (the goal is for every page)."""
    pages = [page.rel for page in quality.Site(site).content_pages() if page.rel.endswith("index.html")]
    paths = sorted(path for path in (rel.removesuffix("index.html") for rel in pages) if path not in skip)
    server = Server(site, port)
    try:
        measured = {path: lighthouse(server.url + path, 1) for path in paths}
    finally:
        server.close()
    good = {path: scores for path, scores in measured.items() if "error" not in scores}
    if not good:
        return [("Lighthouse", "every other page (ours)", "n/a", next(iter(measured.values()), {}).get("error", "")[:120])]

    def worst(key: str, lowest: bool = False) -> tuple[str, float]:
        path = (min if lowest else max)(good, key=lambda p: good[p].get(key, float("nan")))
        return path, good[path].get(key, float("nan"))

    perf, transfer, lcp, tbt = worst("performance", True), worst("transfer"), worst("lcp"), worst("tbt")
    failed = sorted({audit for scores in good.values() for audit in scores["failed_audits"]})
    return [("Lighthouse", f"every other page, {len(good)} of {len(paths)} (ours, 1 run each)",
             f"perf ≥ {perf[1]:.0f}, transfer ≤ {kb(transfer[1])}, LCP ≤ {lcp[1] / 1000:.2f} s, TBT ≤ {tbt[1]:.0f} ms",
             f"lowest perf /{perf[0]}, heaviest /{transfer[0]}, slowest LCP /{lcp[0]}, TBT /{tbt[0]}; "
             f"failed audits: {', '.join(failed) or 'none'}")]


# --------------------------------------------------------------------------- other engineers' figures

def other_bench(name: str, call) -> tuple[str, object]:
    path = BENCH / f"{name}_bench.py"
    if not path.is_file():
        return "n/a", None
    try:
        spec = importlib.util.spec_from_file_location(f"{name}_bench", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        return "ok", call(module)
    except Exception as err:  # noqa: BLE001 - one failing benchmark must not stop the others
        return f"n/a ({type(err).__name__}: {str(err).splitlines()[0][:160] if str(err) else ''})", None


# --------------------------------------------------------------------------- the report

def machine() -> str:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor()
    memory = ""
    try:
        kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal")))
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        pass
    return (f"{cpu or 'unknown CPU'}, {os.cpu_count()} cores, {memory} RAM; {platform.platform()}; "
            f"Python {platform.python_version()}")


def kb(value) -> str:
    return "n/a" if value is None else f"{value / 1000:,.1f} KB"


def draw_scaling(points: list[tuple[int, float]], path: Path) -> None:
    """Build seconds against page count, drawn with Pillow."""
    from PIL import Image, ImageDraw

    width, height, margin = 720, 440, 70
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    if not points:
        image.save(path)
        return
    max_x = max(p for p, _ in points) * 1.08
    max_y = max(s for _, s in points) * 1.15

    def xy(pages, seconds):
        return (margin + (width - 2 * margin) * pages / max_x,
                height - margin - (height - 2 * margin) * seconds / max_y)

    draw.line([xy(0, 0), xy(max_x, 0)], fill="black", width=2)
    draw.line([xy(0, 0), xy(0, max_y)], fill="black", width=2)
    for i in range(6):
        pages = max_x / 1.08 * i / 5
        x, y = xy(pages, 0)
        draw.line([(x, y), (x, y + 5)], fill="black")
        draw.text((x - 12, y + 8), f"{pages:,.0f}", fill="black")
        seconds = max_y / 1.15 * i / 5
        x, y = xy(0, seconds)
        draw.line([(x - 5, y), (x, y)], fill="black")
        draw.text((x - 45, y - 6), f"{seconds:.1f}s", fill="black")
    # least-squares line through the points
    n = len(points)
    mean_x = sum(p for p, _ in points) / n
    mean_y = sum(s for _, s in points) / n
    var = sum((p - mean_x) ** 2 for p, _ in points)
    if var:
        slope = sum((p - mean_x) * (s - mean_y) for p, s in points) / var
        intercept = mean_y - slope * mean_x
        draw.line([xy(0, intercept), xy(max_x / 1.08, intercept + slope * max_x / 1.08)], fill=(140, 47, 27), width=1)
    for pages, seconds in points:
        x, y = xy(pages, seconds)
        draw.ellipse([x - 5, y - 5, x + 5, y + 5], fill=(140, 47, 27))
        draw.text((x + 8, y - 16), f"{pages:,} pages: {seconds:.1f}s", fill="black")
    draw.text((margin, 20), "Build seconds against pages (our config, median)", fill="black")
    draw.text((width // 2 - 40, height - 30), "pages built", fill="black")
    image.save(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, no 1,000-page site")
    args = parser.parse_args(argv)
    quick = args.quick
    repeat = 2 if quick else 5
    sizes = [(10, 2), (100, 2)] if quick else [(10, 3), (100, 3), (1000, 1)]
    started = time.perf_counter()
    WORK.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str, str, str]] = []  # (section, measure, value, note)
    notes: list[str] = []

    def say(text):
        print(text, flush=True)

    # ---- build time: ours vs stock vs zensical, interleaved
    say("build: ours / stock / zensical ...")
    project = copy_project(WORK / "project")
    stock_cfg = stock_config(project)
    # zensical replaces the .cache folder beside its config with its own, which would take
    # our diagram and preview-card caches with it: it builds a copy of its own.
    z_project = copy_project(WORK / "project-zensical")
    z_cfg = stock_config(z_project)
    exe, why_not = zensical()
    times: dict[str, list[float]] = {"ours": [], "full": [], "stock": [], "zensical": []}
    cpu: dict[str, list[float]] = {"ours": [], "full": [], "stock": []}
    memory: dict[str, list[int]] = {"ours": [], "full": [], "stock": [], "zensical": []}
    zensical_note = why_not
    for _ in range(repeat):
        seconds, peak, _ = mkdocs_build(project / "mkdocs.yml", WORK / "site-ours", cpu=cpu["ours"])
        times["ours"].append(seconds)
        memory["ours"].append(peak)
        seconds, peak, _ = stock_build(stock_cfg, WORK / "site-stock", cpu=cpu["stock"])
        times["stock"].append(seconds)
        memory["stock"].append(peak)
        seconds, peak, _ = full_build(project, WORK / "site-full", WORK / "dist-full", cpu=cpu["full"])
        times["full"].append(seconds)
        memory["full"].append(peak)
        if exe is not None:
            try:
                seconds, peak, output = zensical_build(exe, z_cfg, z_project / "site")
                times["zensical"].append(seconds)
                memory["zensical"].append(peak)
                zensical_note = (f"the stock config, {count_pages(z_project / 'site')} pages; it skips what our plugins "
                                 "do (citations, glossary, diagrams, preview cards, offline bundle)")
            except RuntimeError as err:
                zensical_note = f"zensical could not build it: {str(err).splitlines()[-1][:200]}"
                exe = None
    ours_pages = count_pages(WORK / "site-ours")

    def against_stock(kind: str) -> str:
        return (f"{median(times[kind]) / median(times['stock']):.2f}× stock "
                f"(CPU {median(cpu[kind]):.2f} s, {median(cpu[kind]) / median(cpu['stock']):.2f}×)")

    rows.append(("Build", "ours: mkdocs build --strict (all plugins)",
                 f"{median(times['ours']):.2f} s",
                 f"{ours_pages} pages, peak {median(memory['ours'])} MB; {against_stock('ours')}"))
    rows.append(("Build", "ours: all of `make site` (offline bundle, EPUB, ZIM, online site)",
                 f"{median(times['full']):.2f} s",
                 f"two mkdocs builds and the editions, peak {median(memory['full'])} MB; {against_stock('full')}"))
    rows.append(("Build", "stock Material, same Markdown, set up as ours",
                 f"{median(times['stock']):.2f} s",
                 f"{count_pages(WORK / 'site-stock')} pages, peak {median(memory['stock'])} MB, "
                 f"CPU {median(cpu['stock']):.2f} s"))
    rows.append(("Build", f"zensical build ({ZENSICAL.split('==')[1]})",
                 f"{median(times['zensical']):.2f} s" if times["zensical"] else "n/a", zensical_note))
    notes.append(f"Build times: median of {repeat} runs each, interleaved (ours, stock, `make site`, zensical, "
                 "ours, ...), warm diagram and card caches as on a working tree; wall seconds, and CPU seconds "
                 "(user + system of the build and the processes it waits for: steadier when others share the "
                 "machine). Stock is Material set up as ours is (theme features, palettes, fonts, language, "
                 "search languages, Markdown extensions) without our plugins, overrides, CSS or JavaScript: its "
                 "12 pages against our 24 (a page per myth). `make site` builds the site twice (the offline "
                 "bundle, then the online site) and the EPUB and ZIM editions; the stock build makes neither.")

    # ---- scale
    points = []
    for pages, reps in sizes:
        say(f"scale: {pages} generated pages x{reps} ...")
        scale = scale_project(WORK / f"scale-{pages}", pages)
        # The first build renders the new pages' preview cards (and any new diagram) into
        # the caches; the timed builds then find them there, as a working tree does. Timing
        # the first build at one size and warm ones at the others would show growth that
        # is only the caches being filled.
        cold, _, _ = mkdocs_build(scale / "mkdocs.yml", scale / "site")
        runs, peaks = [], []
        for _ in range(reps):
            seconds, peak, _ = mkdocs_build(scale / "mkdocs.yml", scale / "site")
            runs.append(seconds)
            peaks.append(peak)
        built = count_pages(scale / "site")
        points.append((built, median(runs)))
        rows.append(("Scale", f"+{pages:,} generated pages ({built:,} HTML pages)", f"{median(runs):.1f} s",
                     f"{median(runs) / built * 1000:.1f} ms/page, peak {max(peaks)} MB, median of {reps}; "
                     f"first build (cold caches) {cold:.1f} s"))
        shutil.rmtree(scale, ignore_errors=True)
    if len(points) >= 2:
        margins = [(a, b, (sb - sa) / (b - a)) for (a, sa), (b, sb) in zip(points, points[1:])]
        growth = margins[-1][2] / margins[0][2] if margins[0][2] > 0 else float("nan")
        verdict = ("linear: the marginal cost per page stays flat" if growth <= 1.25 else
                   f"more than linear: the marginal cost per page grows {growth:.1f}× from the first step to the last")
        rows.append(("Scale", "marginal cost per added page", " / ".join(f"{m * 1000:.0f} ms" for _, _, m in margins),
                     "; ".join(f"{a:,}→{b:,} pages" for a, b, _ in margins) + f": {verdict}"))
    draw_scaling(points, BENCH / "scaling.png")
    notes.append("Scale: generated pages reuse the bodies of " + ", ".join(TEMPLATE_PAGES) +
                 " (glossary terms, [@id] citations, Mermaid diagrams from the warm cache), on top of the real site."
                 + " Each size is built once untimed first (it fills the preview-card and diagram caches), then timed"
                 + ("." if quick else ": the 1,000-page size once (its build takes minutes), the others three times."))

    # ---- reader side
    say("reader side: Chromium loads ...")
    shared = [item for item in our_config().get("nav", [])]
    paths = []
    for item in shared:
        for src in item.values():
            if isinstance(src, str) and src.endswith(".md") and (WORK / "site-stock").exists():
                stem = src[:-3]
                paths.append("" if stem == "index" else stem + "/")
    try:
        reader = reader_side({"ours": WORK / "site-ours", "stock": WORK / "site-stock"}, paths, 1 if quick else 3)
        for path in paths:
            ours, stock = reader["ours"][path], reader["stock"][path]
            rows.append(("Reader", f"/{path}: requests, transfer (gzip)",
                         f"{ours['local']:.0f} req, {kb(ours['bytes'])}",
                         f"stock: {stock['local']:.0f} req + {stock['foreign']:.0f} third-party, "
                         f"{kb(stock['bytes'])} + third-party bytes"))
        third = sum(reader["ours"][p]["foreign"] for p in paths)
        rows.append(("Reader", "third-party requests, all pages (ours)", f"{third:.0f}", ""))
    except Exception as err:  # noqa: BLE001
        rows.append(("Reader", "Chromium loads", "n/a", f"{type(err).__name__}: {err}"[:200]))
    site = quality.Site(WORK / "site-ours")
    weights = {p.rel: quality.page_weight(site, p) for p in site.content_pages()}
    home = weights.get("index.html")
    heaviest = max(weights.values(), key=lambda w: w.total)
    rows.append(("Weight", "home page, all it needs to render (gzip)", kb(home.total if home else None),
                 f"budget {kb(quality.HOME_BUDGET)}"))
    rows.append(("Weight", f"heaviest page ({heaviest.page})", kb(heaviest.total), f"budget {kb(quality.PAGE_BUDGET)}"))
    rows.append(("Weight", "search index + worker (on demand)", kb(sum(quality.search_weight(site).values())),
                 "counted separately"))
    on_touch = quality.interaction_weight(site, site.page("index.html"))
    rows.append(("Weight", "Material's bundle (on the first interaction)", kb(sum(on_touch.values())),
                 "counted separately: " + ", ".join(sorted(on_touch)) if on_touch else "none: it loads at start"))
    notes.append("Reader side: cold loads at 390×844 in headless Chromium until the network is idle, median of "
                 f"{1 if quick else 3}; bytes are what Chromium received (gzip from the bench server); third-party "
                 "requests are aborted before they leave the machine, so their bytes are not counted.")

    # ---- lighthouse (built with SITE_URL = the serving address: canonical links match)
    say("lighthouse ...")
    port = free_port()
    lh_site = WORK / "site-lighthouse"
    try:
        mkdocs_build(project / "mkdocs.yml", lh_site, env(SITE_URL=f"http://127.0.0.1:{port}/"))
        stock_port = free_port()
        lh_stock = WORK / "site-lighthouse-stock"
        stock_build(stock_config(project, site_url=f"http://127.0.0.1:{stock_port}/"), lh_stock)
        rows += lighthouse_rows({"ours": (lh_site, port), "stock": (lh_stock, stock_port)}, LIGHTHOUSE_PAGES,
                                1 if quick else 3)
        if not quick:
            rows += lighthouse_sweep(lh_site, port, LIGHTHOUSE_PAGES)
    except Exception as err:  # noqa: BLE001
        rows.append(("Lighthouse", "mobile", "n/a", f"{type(err).__name__}: {err}"[:200]))
    notes.append(f"Lighthouse 12.2.3, mobile (simulated throttling), median of {1 if quick else 3} runs per page and "
                 "site; served gzip-compressed from 127.0.0.1, each site built for its own address. Transfer is "
                 "Lighthouse's total byte weight: everything the page loaded before it went quiet.")

    # ---- offline zip and the other engineers' benchmarks
    say("offline bundle and feature benchmarks ...")
    dist = WORK / "dist"
    zip_path = None
    try:
        if dist.exists():
            shutil.rmtree(dist)
        timed([sys.executable, str(project / "scripts" / "build.py"), "--config-file", str(project / "mkdocs.yml"),
               "--site-dir", str(WORK / "site-full"), "--dist-dir", str(dist)], project)
        zips = sorted(dist.glob("*.zip"))
        zip_path = zips[0] if zips else None
    except Exception as err:  # noqa: BLE001
        notes.append(f"Offline build failed: {err}"[:300])
    status, result = other_bench("offline", lambda m: m.measure(zip_path) if zip_path else m.measure())
    rows.append(("Offline", "offline zip", kb(result["zip_bytes"]) if result else status,
                 f"{result['files']} files, {kb(result['unpacked_bytes'])} unpacked, budget {kb(result['budget_bytes'])}"
                 if result else ""))
    status, result = other_bench("editions", lambda m: m.measure(repeat=3 if not quick else 1, workdir=WORK))
    rows.append(("Offline", "EPUB + ZIM editions: build time added",
                 f"{result['added_seconds']} s" if result else status,
                 f"EPUB {result['epub_seconds']} s + ZIM {result['zim_seconds']} s = "
                 f"{result['share_of_build'] * 100:.0f} % of the rest of `make site` "
                 f"({result['build_without_seconds']} s), budget {result['share_budget'] * 100:.0f} %"
                 if result else ""))
    if result:
        rows.append(("Offline", "EPUB / ZIM size", f"{kb(result['epub_bytes'])} / {kb(result['zim_bytes'])}",
                     f"budgets {kb(result['epub_budget_bytes'])} / {kb(result['zim_budget_bytes'])}"))
    # The size (1,000 pages), off and on alternating, fastest of each kept.
    status, result = other_bench("glossary", lambda m: m.measure(pages=1000 if not quick else 100,
                                                                 repeat=3 if not quick else 1, workdir=WORK))
    rows.append(("Glossary", f"glossary build overhead ({result['pages'] if result else '?'} pages)",
                 f"{result['overhead_percent']:+.1f} %" if result else status,
                 f"CPU {result['off_seconds']} s off → {result['on_seconds']} s on, fastest of "
                 f"{result['repeat']}, budget {result['budget_percent']} %, {result['references']} references"
                 if result else ""))
    status, result = other_bench("diagrams", lambda m: m.measure(repeat_warm=1))
    rows.append(("Diagrams", "build with cold / warm diagram cache",
                 f"{result['cold_seconds']} s / {result['warm_seconds']} s" if result else status,
                 f"{result['rendered_cold']} diagrams, mean {kb(result['mean_svg_bytes'])} SVG ({result['renderer']})"
                 if result else ""))

    # ---- output
    elapsed = time.perf_counter() - started
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    header = ["Section", "Measure", "Value", "Notes"]
    widths = [max(len(str(r[i])) for r in rows + [tuple(header)]) for i in range(4)]
    lines = [" | ".join(str(c).ljust(widths[i]) for i, c in enumerate(header)),
             "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(str(c).ljust(widths[i]) for i, c in enumerate(row)) for row in rows]
    print("\n" + "\n".join(lines))
    print(f"\n{now}; {machine()}; bench took {elapsed / 60:.1f} min")
    md = [f"# Benchmark results\n", f"Measured {now} on {machine()} by `make bench` "
          f"({'--quick, ' if quick else ''}{elapsed / 60:.1f} min).\n",
          "| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    md += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    md += ["", "![Build seconds against page count](scaling.png)", "", "Notes:", ""]
    md += [f"- {note}" for note in notes]
    md += ["- Page weights are static: every file a page needs to render, gzip level "
           f"{quality.GZIP_LEVEL} (tests/test_quality_gates.py asserts the budgets)."]
    (BENCH / "results.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    print(f"wrote {BENCH / 'results.md'} and {BENCH / 'scaling.png'}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception:  # noqa: BLE001
        traceback.print_exc()
        sys.exit(1)
