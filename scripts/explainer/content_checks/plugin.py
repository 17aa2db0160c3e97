"""MkDocs plugin: content is data, never code (issue 14). Runs before every other plugin.

* on_config: SITE_URL must be a plain http(s) address (it is written into every page).
* on_files: no file under docs/ or overrides/ may be a symbolic link leaving the project;
  every page's front matter is read strictly and checked against its schema
  (explainer.content_checks.front_matter) before any page is rendered. The data files are checked by
  their loaders (explainer.core.datafile → explainer.core.schema).
* on_page_markdown: a front-matter title is stored as HTML text, as MkDocs stores a title
  it takes from a heading (Material writes ``page.meta.title`` into the page unescaped);
  snippets may only come from the snippets folder.
* on_page_content: the rendered page follows the raw HTML policy (explainer.content_checks.html_policy).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from mkdocs.plugins import BasePlugin, event_priority

from explainer.anchors.ids import line_of
from explainer.content_checks import front_matter, html_policy, page_links
from explainer.content_checks.config import ContentChecksConfig
from explainer.core import passed_checks
from explainer.core.errors import ContentError
from explainer.core.escape import html_title
from explainer.mkdocs_glue import build_cache, content_errors, line_offset, page_source, project_root

SITE_URL_RE = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9._~%/-]*)?$")
SNIPPET_RE = re.compile(r"""^\s*-{1,}8<-{1,}\s+(?P<q>["']?)(?P<path>[^"'\n]+?)(?P=q)\s*$""")


class ContentChecksPlugin(BasePlugin[ContentChecksConfig]):
    dirty = False

    def on_startup(self, *, command, dirty):
        self.dirty = dirty  # a --dirty build checks only some pages: it must not prune the marks

    def on_post_build(self, config):
        if not self.dirty:
            passed_checks.prune()

    @event_priority(1000)
    def on_config(self, config):
        # First of all plugins: the data files that the others load are checked with these marks.
        passed_checks.use_folder(build_cache(config, self.config.checks_cache_dir))
        with content_errors():
            url = config.site_url or ""
            if url and not SITE_URL_RE.match(url):
                where, line = self._config_line(Path(config.config_file_path), "site_url:")
                raise ContentError(where, line,
                                   f"site_url (SITE_URL) {url[:80]!r} is not a plain http(s) address",
                                   "set SITE_URL to an address like https://example.org/path/ "
                                   "(letters, digits, . - / only)")
        self.root = project_root(config)
        return config

    @staticmethod
    def _config_line(config_file: Path, needle: str) -> tuple[str, int | None]:
        """The config file (or the one it INHERITs) and line that set *needle*."""
        for _ in range(3):
            text = config_file.read_text(encoding="utf-8") if config_file.is_file() else ""
            line = line_of(text, needle)
            parent = re.search(r"^INHERIT:\s*(\S+)", text, re.M)
            if line or not parent:
                return config_file.name, line
            config_file = config_file.parent / parent.group(1)
        return config_file.name, None

    @event_priority(1000)
    def on_files(self, files, config):
        root = self.root
        with content_errors():
            for folder in (config.docs_dir, config.theme.custom_dir):
                if folder:
                    self.check_links_stay_inside(Path(folder), root)
            for file in files.documentation_pages():
                if file.abs_src_path:
                    front_matter.check_page(Path(file.abs_src_path), f"{Path(config.docs_dir).name}/{file.src_uri}")
        return files

    @staticmethod
    def check_links_stay_inside(folder: Path, root: Path) -> None:
        """Refuse a symbolic link under *folder* that points outside *root* (or nowhere)."""
        for current, dirs, names in os.walk(folder):
            for name in dirs + names:
                path = Path(current) / name
                if not path.is_symlink():
                    continue
                target = Path(os.path.realpath(path))
                if not target.is_relative_to(root.resolve()) or not target.exists():
                    shown = os.path.relpath(path, root)
                    raise ContentError(shown, None, f"{shown} is a symbolic link to {os.readlink(path)!r}, outside the "
                                       "project (it would publish that file)",
                                       "copy the file into the project instead, or delete the link")

    @event_priority(1000)
    def on_page_markdown(self, markdown, page, config, files):
        title = page.meta.get("title")
        if isinstance(title, str):
            page.meta["title"] = html_title(title)
        with content_errors():  # page_scripts were checked with the front matter (schemas/front-matter.json)
            self._check_snippets(markdown, page, config)
            for line, target in page_links.missing_links(markdown, page.file.src_uri,
                                                         lambda src: files.get_file_from_path(src) is not None):
                raise ContentError(page_source(page, config), line + line_offset(page, markdown),
                                   f"link to {target!r}, which is not a page of the site",
                                   "fix the file name (relative to this page) or remove the link")
        return markdown

    def _check_snippets(self, markdown: str, page, config) -> None:
        bases = [Path(b) if Path(b).is_absolute() else self.root / b
                 for b in (config.mdx_configs.get("pymdownx.snippets", {}).get("base_path") or [])]
        offset = line_offset(page, markdown)
        for number, line in enumerate(markdown.splitlines(), start=1):
            match = SNIPPET_RE.match(line)
            if not match or not bases:
                continue
            wanted = match.group("path").strip()
            inside = any((base / wanted).resolve().is_relative_to(base.resolve()) and (base / wanted).is_file()
                         for base in bases)
            if not inside:
                raise ContentError(page_source(page, config), number + offset,
                                   f"snippet {wanted!r} is not a file in the snippets folder",
                                   f"put the file in {', '.join(os.path.relpath(b, self.root) for b in bases)}/ "
                                   "and name it relative to that folder")

    @event_priority(90)  # before the plugins that add our own markup (JSON-LD, aliases, glossary texts)
    def on_page_content(self, html, page, config, files):
        raw = Path(page.file.abs_src_path).read_text(encoding="utf-8") if page.file.abs_src_path else ""
        with content_errors():
            html_policy.check_page_html(html, page_source(page, config), raw)
        return html
