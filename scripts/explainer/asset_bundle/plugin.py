"""MkDocs hook: the stylesheets and scripts listed in mkdocs.yml become one file each
(see explainer.asset_bundle); the parts stay out of the site. After the build, Material's
style sheets lose the rules no built page can match (explainer.css_prune)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from mkdocs_glue import content_errors  # noqa: E402
from explainer.anchors import line_of  # noqa: E402
from explainer.asset_bundle import bundle, prune_theme_css  # noqa: E402
from explainer.errors import ContentError  # noqa: E402


def _plain(entry) -> bool:
    """A script entry without attributes of its own (MkDocs' ExtraScriptValue)."""
    return isinstance(entry, str) or not (getattr(entry, "type", "") or getattr(entry, "async_", False)
                                          or getattr(entry, "defer", False))


@event_priority(-100)  # after every hook that adds files: all parts are there
def on_files(files, config):
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
    return files


def _listed_at(config, name: str) -> tuple[str, int | None]:
    """The configuration file (or the one it inherits) and line that list *name*."""
    path = Path(config.config_file_path)
    for candidate in (path, path.with_name("mkdocs.yml")):
        line = line_of(candidate.read_text(encoding="utf-8"), name) if candidate.is_file() else None
        if line:
            return candidate.name, line
    return path.name, None


# Material's style sheets, trimmed to what the built pages can use (explainer.css_prune).
THEME_CSS = ("main", "palette")


@event_priority(-100)  # after every hook that writes pages
def on_post_build(config):
    site = Path(config.site_dir)
    renamed = prune_theme_css(site, THEME_CSS)
    if renamed:
        for page in site.rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            new = text
            for old, fresh in renamed.items():
                new = new.replace(f"assets/stylesheets/{old}", f"assets/stylesheets/{fresh}")
            if new != text:
                page.write_text(new, encoding="utf-8")
