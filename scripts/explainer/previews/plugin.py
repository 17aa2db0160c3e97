"""MkDocs plugin: link previews (Open Graph/Twitter tags, 1200×630 cards) and robots.txt.

The tags are handed to ``overrides/partials/ex-meta.html`` as ``ex_meta``; the cards are
drawn after the build (``explainer.previews.cards``) into ``assets/cards/`` and cached in
``.cache/cards/`` by content. A myth's own page (front matter ``myth:``, written by the
myths plugin) gets a card with the claim and its verdict. The offline bundle keeps the tags
(they point to the public site) but does not carry the PNGs.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from explainer.anchors import ids as anchors
from explainer.core import disk_cache
from explainer.core.escape import plain_title
from explainer.mkdocs_glue import content_errors, page_source, project_root
from explainer.previews import cards, icons, meta
from explainer.previews.config import PreviewsConfig

log = logging.getLogger("mkdocs.plugins.explainer.previews")


def _offline(config) -> bool:
    """Material's offline plugin is on (the offline bundle)."""
    for name, plugin in config.plugins.items():
        if (name.split("/")[-1] == "offline" and not name.startswith("explainer/")
                and plugin.config.get("enabled", True)):
            return True
    return False


class PreviewsPlugin(BasePlugin[PreviewsConfig]):
    def on_startup(self, *, command, dirty):
        self.dirty = dirty  # a --dirty build draws only some pages' cards: it must not prune

    def on_config(self, config):
        self.root = project_root(config)
        self.cards: dict[str, cards.Card] = {}
        self.icons: list[icons.Icon] = []
        self.icon_keys: set[str] = set()  # kept in the cards' cache, with the cards
        return config

    def on_files(self, files, config):
        if config.site_url and files.get_file_from_path("robots.txt") is None:
            files.append(File.generated(config, "robots.txt", content=meta.robots_txt(config.site_url)))
        self._add_icons(files, config)
        return files

    def _add_icons(self, files, config) -> None:
        """PNG favicon and apple-touch-icon, drawn from theme.favicon when it is an SVG."""
        favicon = str(config.theme.get("favicon") or "")
        source = Path(config.theme.custom_dir) / favicon if config.theme.custom_dir else None
        self.icons, self.icon_keys = [], set()
        if not favicon.endswith(".svg") or source is None or not source.is_file():
            return
        where = str(source.relative_to(self.root)) if source.is_relative_to(self.root) else str(source)
        svg = source.read_bytes()
        with content_errors():
            for icon in icons.ICONS:
                data, key = icons.render_cached(svg, icon, where, self.root / self.config.cache_dir)
                self.icon_keys.add(key)
                files.append(File.generated(config, icon.path, content=data))
                self.icons.append(icon)

    def on_env(self, env, config, files):
        env.globals["ex_theme_color"] = meta.THEME_COLOR
        env.globals["ex_icons"] = self.icons
        return env

    def on_page_context(self, context, page, config, nav):
        if not config.site_url:
            return context
        myth = page.meta.get("myth") if isinstance(page.meta.get("myth"), dict) else None
        title = plain_title(page.meta.get("title") or page.title) or config.site_name
        description = str(page.meta.get("description") or config.site_description or "")
        path = meta.card_path(page.file.src_uri)
        host = meta.site_host(config.site_url)
        if myth:
            card = cards.Card(config.site_name, host, myth["claim"], description, myth["verdict"],
                              myth["verdict_label"])
            alt = meta.image_alt(config.site_name, title, myth["verdict_label"], myth["claim"])
        else:
            card = cards.Card(config.site_name, host, title, description)
            alt = meta.image_alt(config.site_name, title)
        with content_errors():
            cards.check_text(card, page_source(page, config))
        self.cards[path] = card
        preview = meta.Preview(
            # The public (directory-style) address, also in the offline bundle, whose own URLs end in .html.
            title=title, description=description,
            url=meta.absolute(config.site_url, anchors.page_address(page.file.src_uri)),
            image_url=meta.absolute(config.site_url, path), image_alt=alt, site_name=config.site_name,
            locale=meta.og_locale(config.theme.get("language") or "en"),
            kind="website" if page.is_homepage else "article",
            published=str((myth or {}).get("published", "")), modified=str((myth or {}).get("modified", "")))
        context["ex_meta"] = meta.tags(preview)
        if page.canonical_url:
            # The offline bundle's own addresses end in .html, which the public site has not.
            page.canonical_url = preview.url
        return context

    def on_post_build(self, config):
        if _offline(config) or not self.cards:
            return
        with content_errors():
            fonts = cards.find_fonts(self.root)
        cache_dir = self.config.cache_dir
        cache = self.root / cache_dir
        site = Path(config.site_dir)
        made = 0
        used = set()
        for path, card in sorted(self.cards.items()):
            key = cards.cache_key(card, fonts)
            used.add(key)
            cached = cache / f"{key}.png"
            if cached.is_file():
                data = cached.read_bytes()
            else:
                data = cards.render(card, fonts)
                made += 1
                try:
                    cache.mkdir(parents=True, exist_ok=True)
                    temp = cached.with_suffix(f".{os.getpid()}.tmp")
                    temp.write_bytes(data)
                    temp.replace(cached)
                except OSError:
                    pass  # a read-only checkout still builds, just without the cache
            target = site / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        pruned = 0 if getattr(self, "dirty", False) else disk_cache.prune(cache, used | self.icon_keys, ".png")
        log.info(f"preview cards: {len(self.cards)} written ({made} drawn, the rest from {cache_dir})"
                 + (f"; {pruned} unused cards pruned" if pruned else ""))
