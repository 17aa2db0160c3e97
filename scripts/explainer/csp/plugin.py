"""MkDocs hook: every finished page gets its Content-Security-Policy in a ``<meta>``, hashed
from its final HTML (see explainer.csp), and the online site gets ``_headers``.

Runs after every other hook and plugin has changed the page, so whatever inline script a
template, a hook or a Material upgrade adds is hashed, and only that. An inline event
handler (``onclick=``) or a ``javascript:`` address stops the build: the policy would block
it in the reader's browser. The offline bundle (file://) gets the short policy that holds there.
``mkdocs serve`` (``make serve``) gets none: it adds its live-reload script inline to every
page it serves, after this hook, and no hash can be known for it.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mkdocs.plugins import event_priority  # noqa: E402

from mkdocs_glue import content_errors, page_source  # noqa: E402
from explainer import csp  # noqa: E402
from explainer.errors import ContentError  # noqa: E402

HEADERS_FILE = "_headers"
_state: dict = {}
_command = {"serve": False}


def on_startup(command, dirty):
    _command["serve"] = command == "serve"


def on_config(config):
    _state.clear()
    _state.update(offline=bool(config.extra.get("offline")), policies=[], pages=[])
    return config


def _secure(html: str, where: str, public: str) -> str:
    offline = _state["offline"]
    with content_errors():
        try:
            out, policy, inline = csp.secure_page(html, (lambda _: csp.OFFLINE_POLICY) if offline else csp.page_policy)
        except ValueError as err:
            raise ContentError(where, None, f"cannot add the Content-Security-Policy: {err}",
                               "keep Material's <meta charset> first in <head>") from None
        if inline.handlers:
            raise ContentError(where, None, f"inline script in {', '.join(sorted(set(inline.handlers)))}, "
                               "which the Content-Security-Policy blocks",
                               "move it to a file under overrides/assets/javascripts/ (see README); "
                               "if it came from a data field, escape that field where it is written")
    if _command["serve"]:
        return html
    if not offline:
        _state["policies"].append(policy)
        _state["pages"].append(public)
    return out


@event_priority(-1000)  # last: the page as it will be written
def on_post_page(output, page, config):
    return _secure(output, page_source(page, config), csp.public_path(page.file.dest_uri))


@event_priority(-1000)
def on_post_template(output_content, template_name, config):
    if not template_name.endswith(".html"):  # sitemap.xml
        return output_content
    return _secure(output_content, f"overrides/{template_name}", csp.public_path(template_name))


@event_priority(-1000)  # after the asset bundle renames the trimmed style sheets
def on_post_build(config):
    if _state["offline"] or not _state["policies"]:
        return
    site = Path(config.site_dir)
    hashed = [path.relative_to(site).as_posix() for path in site.rglob("*")
              if path.is_file() and csp.is_content_hashed(path.relative_to(site).as_posix())]
    text = csp.headers_file(_state["policies"], sorted(set(_state["pages"])), hashed)
    (site / HEADERS_FILE).write_text(text, encoding="utf-8")
