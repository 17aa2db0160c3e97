"""MkDocs hook: explicit heading ids, aliases and the anchors lock (see explainer.anchors).

* Every heading in a page's source must end with a short explicit ``{#id}``; a heading
  whose id would be made up from its text (generated Markdown, snippets) fails the build.
* Front matter ``aliases: {old-id: new-id}`` keeps old links landing in the right place.
* After the build, every address and anchor listed in ``data/anchors.lock`` must still be
  published (or aliased, or redirected). ``EX_ANCHORS_DUMP=file.json`` makes the hook write
  what the build published, for ``scripts/anchors.py --update``.
"""
from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from markdown.extensions.toc import slugify as default_slugify  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.utils import get_relative_url  # noqa: E402

from mkdocs_glue import content_errors, page_source, project_root  # noqa: E402
from explainer import anchors  # noqa: E402
from explainer.errors import ContentError  # noqa: E402
from explainer.escape import plain_title  # noqa: E402

log = logging.getLogger("mkdocs.plugins.explainer.anchors")

_state: dict = {}


def on_config(config):
    toc = config.mdx_configs.setdefault("toc", {})
    if not getattr(toc.get("slugify"), "__name__", "") == "slugify_marked":
        toc["slugify"] = anchors.marking_slugify(toc.get("slugify") or default_slugify)
    _state.update(root=project_root(config), published={}, sources={})
    return config


def on_env(env, config, files):
    _state["expected"] = {anchors.page_address(f.src_uri) for f in files.documentation_pages()}
    return env


def _raw_source(page) -> str:
    if not page.file.abs_src_path:
        return ""
    return Path(page.file.abs_src_path).read_text(encoding="utf-8")


@event_priority(-100)  # after every hook that expands markers into Markdown
def on_page_markdown(markdown, page, config, files):
    raw = _raw_source(page)
    if raw:
        body_start = _body_start(raw)
        with content_errors():
            anchors.check_headings("\n".join(raw.splitlines()[body_start:]), page_source(page, config), body_start)
    return markdown


def _body_start(raw: str) -> int:
    """Lines of front matter at the top of a Markdown file."""
    lines = raw.splitlines()
    if lines and lines[0].strip() == "---":
        for number, line in enumerate(lines[1:], start=1):
            if line.strip() in ("---", "..."):
                return number + 1
    return 0


@event_priority(-100)  # after every hook that adds to the page's HTML
def on_page_content(html, page, config, files):
    path = page_source(page, config)
    raw = _raw_source(page)
    with content_errors():
        aliases = anchors.read_aliases(page.meta.get("aliases"), path, raw)
        if aliases:
            html = anchors.insert_aliases(
                html, aliases, path,
                moved_href=lambda src, anchor: _moved_href(page, files, src, anchor),
                moved_title=lambda src: _title_of(files, src))
        ids = anchors.collect_ids(html)
        anchors.check_page_ids(ids, path, raw)
    address = anchors.page_address(page.file.src_uri)
    _state["published"][address] = ids.published()
    _state["sources"][address] = path
    return html


def _moved_href(page, files, src: str, anchor: str):
    target = files.get_file_from_path(src)
    if target is None or not target.is_documentation_page():
        return None
    return get_relative_url(target.url, page.url) + f"#{anchor}"


def _title_of(files, src: str):
    target = files.get_file_from_path(src)
    page = getattr(target, "page", None)
    return plain_title(page.meta.get("title") or page.title) if page else None


def _redirect_maps(config) -> dict:
    for name, plugin in config.plugins.items():
        if name.split("/")[-1] == "redirects":
            return dict(plugin.config.get("redirect_maps") or {})
    return {}


@event_priority(100)  # before writing anything else: a broken link stops the build early
def on_post_build(config):
    published = _state["published"]
    dump = os.environ.get("EX_ANCHORS_DUMP")
    if dump:
        Path(dump).write_text(json.dumps({k: sorted(v) for k, v in sorted(published.items())}, indent=1),
                              encoding="utf-8")
    if not config.use_directory_urls:
        return  # the lock is about the published (online) addresses
    if set(published) != _state.get("expected", set(published)):
        log.info(f"only some pages were built (mkdocs serve --dirty?); {anchors.LOCK_FILE} not checked")
        return
    root = _state["root"]
    with content_errors():
        lock = anchors.read_lock(root / anchors.LOCK_FILE)
        if lock is None:
            if dump:
                return  # scripts/anchors.py is creating it
            # A deleted lock must not switch the check off unnoticed.
            raise ContentError(anchors.LOCK_FILE, None,
                               "the anchors lock is missing, so no published address could be checked",
                               "restore it (git checkout data/anchors.lock), or create it anew with 'make anchors'")
        problems = anchors.check_lock(lock, published, anchors.redirect_addresses(_redirect_maps(config)),
                                      _state["sources"])
        if problems:
            first = problems[0]
            if len(problems) > 1:
                first.problem += f" (and {len(problems) - 1} more: " + "; ".join(
                    p.problem for p in problems[1:6]) + ("; …" if len(problems) > 6 else "") + ")"
                first.args = (first.format(),)
            raise first
    fresh = anchors.new_entries(lock, published)
    if fresh:
        log.info(f"{len(fresh)} new page addresses or anchors are not in {anchors.LOCK_FILE} yet "
                 f"(first: {fresh[0]}); record them with 'make anchors'")
