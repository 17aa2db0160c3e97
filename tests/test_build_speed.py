"""The build_speed plugin (explainer.build_speed): compiled templates are kept in .cache/jinja."""
from __future__ import annotations

import jinja2
import pytest

from explainer.build_speed.plugin import BuildSpeedPlugin


def _env(tmp_path, source: str) -> jinja2.Environment:
    (tmp_path / "templates").mkdir(exist_ok=True)
    (tmp_path / "templates" / "page.html").write_text(source, encoding="utf-8")
    plugin = BuildSpeedPlugin()
    plugin.load_config({})
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path / "templates")))
    return plugin.on_env(env, {"config_file_path": str(tmp_path / "mkdocs.yml")}, None)


def test_a_template_is_compiled_once_and_again_only_when_it_changes(tmp_path, monkeypatch):
    assert _env(tmp_path, "<p>{{ x }}</p>").get_template("page.html").render(x=1) == "<p>1</p>"
    assert len(list((tmp_path / ".cache" / "jinja").iterdir())) == 1
    env = _env(tmp_path, "<p>{{ x }}</p>")
    monkeypatch.setattr(env, "compile", lambda *args, **kwargs: pytest.fail("compiled again"))
    assert env.get_template("page.html").render(x=2) == "<p>2</p>"
    changed = _env(tmp_path, "<b>{{ x }}</b>")
    monkeypatch.setattr(changed, "compile", lambda *a, **k: pytest.fail("compiled"))
    with pytest.raises(pytest.fail.Exception):  # an edited template is compiled from its source
        changed.get_template("page.html")


def test_without_a_writable_cache_folder_templates_still_render(tmp_path):
    (tmp_path / ".cache").write_text("a file where the folder should be", encoding="utf-8")
    env = _env(tmp_path, "<p>{{ x }}</p>")
    assert env.bytecode_cache is None
    assert env.get_template("page.html").render(x=3) == "<p>3</p>"
