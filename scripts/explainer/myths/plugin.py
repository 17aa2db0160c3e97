"""MkDocs hook: expands ``<!-- myths -->`` and ``<!-- verdict-scale -->`` on the myths page.

It also gives each myth its own small page (``myths/<id>/``, for link previews), a share
line under the myth, and ClaimReview JSON-LD on the myths page (see explainer.myth_links).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mkdocs.structure.files import File, InclusionLevel  # noqa: E402

from mkdocs_glue import content_errors, link_from, project_root, source_registry  # noqa: E402
from explainer import myth_links, record_dates  # noqa: E402
from explainer import myths as myth_data  # noqa: E402
from explainer.errors import ContentError  # noqa: E402

MYTHS_FILE = "data/myths.yml"
MYTHS_MARKER = "<!-- myths -->"
SCALE_MARKER = "<!-- verdict-scale -->"
MYTHS_PAGE = "myths.md"  # where the myths' own pages link back to

_state: dict = {}


def on_files(files, config):
    root = project_root(config)
    pages = {f.src_uri for f in files.documentation_pages()}
    with content_errors():
        sources = source_registry(config)
        _state["myths"] = myth_data.load_myths(root / MYTHS_FILE, sources, pages, root)
        if MYTHS_PAGE in pages:
            epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or 315532800)
            dates = record_dates.record_dates(root, MYTHS_FILE, epoch)
            for myth in _state["myths"]:
                _add_route(files, config, myth, dates[myth.id])
    return files


def _add_route(files, config, myth, dates) -> None:
    src = myth_links.route_src(myth.id)
    if files.get_file_from_path(src) is not None:
        raise ContentError(f"docs/{src}", None, f"docs/{src} clashes with the generated page of myth {myth.id!r}",
                           "rename or move the file; myths/<id>/ is reserved for myths")
    link = os.path.relpath(MYTHS_PAGE, os.path.dirname(src)).replace(os.sep, "/")
    when = {"published": record_dates.iso(dates.published), "modified": record_dates.iso(dates.modified)}
    files.append(File.generated(config, src, content=myth_links.route_markdown(myth, link, when),
                                inclusion=InclusionLevel.NOT_IN_NAV))


def on_nav(nav, config, files):
    _state["titles"] = {page.file.src_uri: page.title for page in nav.pages}
    return nav


def on_page_markdown(markdown, page, config, files):
    if MYTHS_MARKER not in markdown and SCALE_MARKER not in markdown:
        return markdown
    titles = _state.get("titles", {})
    body = myth_data.render_myths(
        _state["myths"], lambda target: link_from(page, target),
        lambda target: titles.get(target.split("#")[0]) or target,
        share_for=lambda myth: _share(page, files, myth))
    if MYTHS_MARKER in markdown:
        _state["myths_page"] = page
    return markdown.replace(SCALE_MARKER, myth_data.render_scale()).replace(MYTHS_MARKER, body)


def _share(page, files, myth) -> str:
    route = myth_links.route_src(myth.id)
    if files.get_file_from_path(route) is None:
        return ""
    return myth_links.share_markup(myth, link_from(page, route))


def on_page_content(html, page, config, files):
    """ClaimReview JSON-LD for every myth, on the page that shows the verdicts."""
    if page is not _state.get("myths_page") or not config.site_url:
        return html
    date = myth_links.publication_date(page.meta.get("reviewed"), os.environ.get("SOURCE_DATE_EPOCH"))
    base = page.canonical_url or config.site_url
    reviews = [myth_links.claim_review(m, f"{base}#{m.id}", config.site_name, config.site_url, date)
               for m in _state["myths"]]
    return html + myth_links.claim_reviews_script(reviews)
