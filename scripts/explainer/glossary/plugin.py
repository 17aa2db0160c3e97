"""MkDocs hook: glossary references in every page and the glossary page (see explainer.glossary)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.utils import get_relative_url  # noqa: E402

from mkdocs_glue import content_errors, project_root, source_registry  # noqa: E402
from explainer import glossary  # noqa: E402
from explainer.errors import ContentError  # noqa: E402
from explainer.escape import plain_title  # noqa: E402
from explainer.glossary_md import GlossaryExtension  # noqa: E402

GLOSSARY_FILE = "data/glossary.yml"
GLOSSARY_PAGE = "glossary.md"
MARKER = "<!-- glossary -->"

_state: dict = {}


def on_config(config):
    root = project_root(config)
    with content_errors():
        sources = source_registry(config)
        terms = glossary.load_glossary(root / GLOSSARY_FILE, sources, root)
    usage = glossary.Usage()
    _state.update(terms=terms, usage=usage, page=None, pages={}, nav_urls=[], href="")
    config.markdown_extensions.append(GlossaryExtension(
        glossary.Matcher(terms), usage, lambda: _state["href"], enabled=lambda: _state["page"] is not None))
    return config


def on_files(files, config):
    with content_errors():
        page = files.get_file_from_path(GLOSSARY_PAGE)
        if page is None:
            raise ContentError(f"{Path(config.docs_dir).name}/{GLOSSARY_PAGE}", None, "the glossary page is missing",
                               f"create it with the line {MARKER} where the entries go")
        if MARKER not in page.content_string:
            raise ContentError(f"{Path(config.docs_dir).name}/{GLOSSARY_PAGE}", None,
                               f"the glossary page has no {MARKER} marker",
                               "add the marker on a line of its own where the entries go")
    _state["glossary_url"] = page.url
    return files


def on_nav(nav, config, files):
    _state["nav_urls"] = [page.url for page in nav.pages]
    _state["pages"] = {}
    return nav


def on_page_markdown(markdown, page, config, files):
    _state["page"] = page
    _state["pages"][page.url] = page
    _state["href"] = _href(_state["glossary_url"], page.url)
    _state["usage"].begin_page(page.url)
    if page.file.src_uri == GLOSSARY_PAGE:
        # The entries' own links ("related") are Markdown links, which MkDocs checks.
        markdown = markdown.replace(MARKER, glossary.render_glossary(_state["terms"], GLOSSARY_PAGE))
    return markdown


@event_priority(-100)  # after the search plugin: the long "used on" lists stay out of the search index
def on_page_context(context, page, config, nav):
    usage = _state["usage"]
    if page.file.src_uri == GLOSSARY_PAGE:
        # Reading order: the nav first, then pages outside it (e.g. generated ones) by URL.
        pages = _state["pages"]
        order = [url for url in _state["nav_urls"] if url in pages] + sorted(set(pages) - set(_state["nav_urls"]))
        titles = {url: plain_title(pages[url].title) or url for url in order}
        page.content = glossary.fill_used_on(page.content, usage, titles,
                                             lambda url: _href(url, page.url), glossary_url=page.url)
    return context


def _href(url: str, from_url: str) -> str:
    """A link to the page at *url*, to which an #anchor can be appended ("../", not "..")."""
    href = get_relative_url(url, from_url)
    return href + "/" if href in (".", "..") or href.endswith("/..") else href
