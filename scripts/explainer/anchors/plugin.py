"""MkDocs plugin: explicit heading ids, aliases and the anchors lock (see explainer.anchors.ids).

* Every heading in a page's source must end with a short explicit ``{#id}``; a heading
  whose id would be made up from its text (generated Markdown, snippets) fails the build.
* Front matter ``aliases: {old-id: new-id}`` keeps old links landing in the right place.
* After the build, every address and anchor listed in ``data/anchors.lock`` must still be
  published (or aliased, or redirected). ``EX_ANCHORS_DUMP=file.json`` makes the plugin write
  what the build published, for ``python -m explainer anchors --update``.
"""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from markdown.extensions.toc import slugify as default_slugify
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.utils import get_relative_url

from explainer.anchors import ids as anchors
from explainer.anchors.config import AnchorsConfig
from explainer.core.errors import ContentError
from explainer.core.escape import plain_title
from explainer.mkdocs_glue import build_cache, content_errors, page_source, project_root

log = logging.getLogger("mkdocs.plugins.explainer.anchors")


def _raw_source(page) -> str:
    if not page.file.abs_src_path:
        return ""
    return Path(page.file.abs_src_path).read_text(encoding="utf-8")


def _body_start(raw: str) -> int:
    """Lines of front matter at the top of a Markdown file."""
    lines = raw.splitlines()
    if lines and lines[0].strip() == "---":
        for number, line in enumerate(lines[1:], start=1):
            if line.strip() in ("---", "..."):
                return number + 1
    return 0


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


class AnchorsPlugin(BasePlugin[AnchorsConfig]):
    dirty = False

    def on_startup(self, *, command, dirty):
        self.dirty = dirty  # a --dirty build renders only some pages: it must not prune the cache

    def on_config(self, config):
        anchors.use_cache(build_cache(config, self.config.cache_dir))
        toc = config.mdx_configs.setdefault("toc", {})
        if not getattr(toc.get("slugify"), "__name__", "") == "slugify_marked":
            toc["slugify"] = anchors.marking_slugify(toc.get("slugify") or default_slugify)
        self.root = project_root(config)
        self.published: dict[str, set[str]] = {}
        self.sources: dict[str, str] = {}
        self.expected: set[str] | None = None
        return config

    def on_env(self, env, config, files):
        self.expected = {anchors.page_address(f.src_uri) for f in files.documentation_pages()}
        return env

    @event_priority(-100)  # after every plugin that expands markers into Markdown
    def on_page_markdown(self, markdown, page, config, files):
        raw = _raw_source(page)
        if raw:
            body_start = _body_start(raw)
            with content_errors():
                anchors.check_headings("\n".join(raw.splitlines()[body_start:]), page_source(page, config), body_start)
        return markdown

    @event_priority(-100)  # after every plugin that adds to the page's HTML
    def on_page_content(self, html, page, config, files):
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
        self.published[address] = ids.published()
        self.sources[address] = path
        return html

    @event_priority(100)  # before writing anything else: a broken link stops the build early
    def on_post_build(self, config):
        if not self.dirty:
            anchors.memo.prune()
        published = self.published
        dump = os.environ.get("EX_ANCHORS_DUMP")
        if dump:
            Path(dump).write_text(json.dumps({k: sorted(v) for k, v in sorted(published.items())}, indent=1),
                                  encoding="utf-8")
        if not config.use_directory_urls:
            return  # the lock is about the published (online) addresses
        if self.expected is not None and set(published) != self.expected:
            log.info(f"only some pages were built (mkdocs serve --dirty?); {self.config.lock_file} not checked")
            return
        root = self.root
        with content_errors():
            lock = anchors.read_lock(root / self.config.lock_file, self.config.lock_file)
            if lock is None:
                if dump:
                    return  # the anchors command is creating it
                # A deleted lock must not switch the check off unnoticed.
                raise ContentError(self.config.lock_file, None,
                                   "the anchors lock is missing, so no published address could be checked",
                                   f"restore it (git checkout {self.config.lock_file}), or create it anew with "
                                   "'make anchors' (python -m explainer anchors --update)")
            problems = anchors.check_lock(lock, published, anchors.redirect_addresses(_redirect_maps(config)),
                                          self.sources)
            if problems:
                first = problems[0]
                if len(problems) > 1:
                    first.problem += f" (and {len(problems) - 1} more: " + "; ".join(
                        p.problem for p in problems[1:6]) + ("; …" if len(problems) > 6 else "") + ")"
                    first.args = (first.format(),)
                raise first
        fresh = anchors.new_entries(lock, published)
        if fresh:
            log.info(f"{len(fresh)} new page addresses or anchors are not in {self.config.lock_file} yet "
                     f"(first: {fresh[0]}); record them with 'make anchors' (python -m explainer anchors --update)")
