"""MkDocs plugin: the stylesheets and scripts listed in mkdocs.yml become one file each
(see explainer.asset_bundle.join); the parts stay out of the site. After the build, Material's
style sheets lose the rules no built page can match (explainer.asset_bundle.css_prune)."""
from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File

from explainer.anchors.ids import line_of
from explainer.asset_bundle.config import AssetBundleConfig
from explainer.asset_bundle.join import bundle, minify, prune_theme_css
from explainer.core.errors import ContentError
from explainer.mkdocs_glue import build_cache, content_errors


def _plain(entry) -> bool:
    """A script entry without attributes of its own (MkDocs' ExtraScriptValue)."""
    return isinstance(entry, str) or not (getattr(entry, "type", "") or getattr(entry, "async_", False)
                                          or getattr(entry, "defer", False))


def _listed_at(config, name: str) -> tuple[str, int | None]:
    """The configuration file (or the one it inherits) and line that list *name*."""
    path = Path(config.config_file_path)
    for candidate in (path, path.with_name("mkdocs.yml")):
        line = line_of(candidate.read_text(encoding="utf-8"), name) if candidate.is_file() else None
        if line:
            return candidate.name, line
    return path.name, None


class AssetBundlePlugin(BasePlugin[AssetBundleConfig]):
    @event_priority(-100)  # after every plugin that adds files: all parts are there
    def on_files(self, files, config):
        with content_errors():
            for kind, key in (("css", "extra_css"), ("js", "extra_javascript")):
                entries = list(config[key])
                names = [str(entry) for entry in entries if _plain(entry)]
                if len(names) < 2:
                    continue
                parts = []
                for name in names:
                    file = files.get_file_from_path(name)
                    if file is None:
                        where, line = _listed_at(config, name)
                        raise ContentError(where, line, f"{key} lists {name}, which is in neither "
                                           f"{Path(config.docs_dir).name}/ nor the theme's folders",
                                           "fix the path or add the file under overrides/")
                    parts.append((name, file.content_string))
                    files.remove(file)
                joined = bundle(kind, parts)
                files.append(File.generated(config, joined.path, content=joined.content))
                # The bundle takes the place of the first part; other entries keep theirs.
                first = names[0]
                config[key] = [joined.path if str(entry) == first else entry
                               for entry in entries if not (_plain(entry) and str(entry) in names[1:])]
            if self.config.minify_scripts:
                self._minify_theme_scripts(files, config)
        return files

    @staticmethod
    def _minify_theme_scripts(files, config) -> None:
        """Scripts of our theme folder that stay files of their own, minified in place."""
        custom_dir = config.theme.custom_dir
        if not custom_dir:
            return
        root = Path(custom_dir).resolve()
        for file in list(files):
            source = file.abs_src_path
            if (not file.src_uri.endswith(".js") or file.src_uri.endswith(".min.js") or not source
                    or not Path(source).resolve().is_relative_to(root)):
                continue
            files.remove(file)
            files.append(File.generated(config, file.src_uri, content=minify("js", file.content_string)))

    @event_priority(-100)  # after every plugin that writes pages
    def on_post_build(self, config):
        site = Path(config.site_dir)
        cache = build_cache(config, self.config.cache_dir)
        renamed = prune_theme_css(site, tuple(self.config.theme_css), cache, cache / "pages")
        if renamed:
            for page in site.rglob("*.html"):
                text = page.read_text(encoding="utf-8")
                new = text
                for old, fresh in renamed.items():
                    new = new.replace(f"assets/stylesheets/{old}", f"assets/stylesheets/{fresh}")
                if new != text:
                    page.write_text(new, encoding="utf-8")
