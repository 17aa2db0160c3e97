"""MkDocs plugin: every finished page gets its Content-Security-Policy in a ``<meta>``, hashed
from its final HTML (see explainer.csp.policy), and the online site gets ``_headers``.

Runs after every other plugin has changed the page, so whatever inline script a
template, a plugin or a Material upgrade adds is hashed, and only that. An inline event
handler (``onclick=``) or a ``javascript:`` address stops the build: the policy would block
it in the reader's browser. The offline bundle (file://) gets the short policy that holds there.
``mkdocs serve`` (``make serve``) gets none: it adds its live-reload script inline to every
page it serves, after this plugin, and no hash can be known for it.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import BasePlugin, event_priority

from explainer.core.errors import ContentError
from explainer.csp import inline_cache
from explainer.csp import policy as csp
from explainer.csp.config import CspConfig
from explainer.mkdocs_glue import build_cache, content_errors, page_source


class CspPlugin(BasePlugin[CspConfig]):
    serve = False

    dirty = False

    def on_startup(self, *, command, dirty):
        self.serve = command == "serve"
        self.dirty = dirty  # a --dirty build writes only some pages: it must not prune the cache

    def on_config(self, config):
        self.offline = bool(config.extra.get("offline"))
        self.policies: list[dict[str, tuple[str, ...]]] = []
        self.pages: list[str] = []
        self.inline = inline_cache.memo(build_cache(config, self.config.cache_dir))
        return config

    def _find_inline(self, html: str) -> csp.Inline:
        return inline_cache.find_inline(html, self.inline)

    def _secure(self, html: str, where: str, public: str) -> str:
        offline = self.offline
        with content_errors():
            try:
                out, policy, inline = csp.secure_page(
                    html, (lambda _: csp.OFFLINE_POLICY) if offline else csp.page_policy, self._find_inline)
            except ValueError as err:
                raise ContentError(where, None, f"cannot add the Content-Security-Policy: {err}",
                                   "keep Material's <meta charset> first in <head>") from None
            if inline.handlers:
                raise ContentError(where, None, f"inline script in {', '.join(sorted(set(inline.handlers)))}, "
                                   "which the Content-Security-Policy blocks",
                                   "move it to a file under overrides/assets/javascripts/ (see README); "
                                   "if it came from a data field, escape that field where it is written")
        if self.serve:
            return html
        if not offline:
            self.policies.append(policy)
            self.pages.append(public)
        return out

    @event_priority(-1000)  # last: the page as it will be written
    def on_post_page(self, output, page, config):
        return self._secure(output, page_source(page, config), csp.public_path(page.file.dest_uri))

    @event_priority(-1000)
    def on_post_template(self, output_content, template_name, config):
        if not template_name.endswith(".html"):  # sitemap.xml
            return output_content
        return self._secure(output_content, f"overrides/{template_name}", csp.public_path(template_name))

    @event_priority(-1000)  # after the asset bundle renames the trimmed style sheets
    def on_post_build(self, config):
        if not (self.serve or self.dirty):
            self.inline.prune()
        if self.offline or not self.policies:
            return
        site = Path(config.site_dir)
        hashed = [path.relative_to(site).as_posix() for path in site.rglob("*")
                  if path.is_file() and csp.is_content_hashed(path.relative_to(site).as_posix())]
        text = csp.headers_file(self.policies, sorted(set(self.pages)), hashed)
        (site / self.config.headers_file).write_text(text, encoding="utf-8")
