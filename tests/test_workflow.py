"""The publishing workflow (.github/workflows/pages.yml): actionlint passes it, and it keeps
the rules a publishing workflow must keep (pinned actions, least privilege, one at a time)."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from support.project import IN_CI, ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def _actionlint() -> str:
    found = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    if not found:
        message = "actionlint is not installed (pip install -r requirements-dev.txt)"
        if IN_CI:
            pytest.fail(message + " — it may not skip in CI")
        pytest.skip(message)
    return found


def _lint(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([_actionlint(), "-no-color", str(path)], capture_output=True, text=True)


def test_actionlint_passes_the_workflow():
    result = _lint(WORKFLOW)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_actionlint_would_catch_a_mistake(tmp_path):
    broken = tmp_path / "pages.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace(
        "steps.pages.outputs.base_url", "steps.page.outputs.base_url"), encoding="utf-8")
    result = _lint(broken)
    assert result.returncode != 0 and "steps.page" in result.stdout


def _workflow() -> dict:
    return yaml.load(WORKFLOW.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # "on" stays a string


def test_every_action_is_pinned_to_a_commit_with_its_version():
    lines = [line.split("uses:", 1)[1].strip() for line in WORKFLOW.read_text(encoding="utf-8").splitlines()
             if line.strip().startswith(("uses:", "- uses:"))]
    assert len(lines) == 4
    for line in lines:
        assert PINNED.match(line), f"not pinned to a full commit SHA with a '# vX.Y.Z' comment: {line}"


def test_least_privilege_and_one_publication_at_a_time():
    flow = _workflow()
    assert flow["permissions"] == {}
    assert flow["concurrency"] == {"group": "pages", "cancel-in-progress": "false"}
    assert flow["on"]["push"]["branches"] == ["main"] and "workflow_dispatch" in flow["on"]
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    steps = [step.get("run", "") + step.get("uses", "") for step in build["steps"]]
    tests, site = steps.index("bash .ci/run"), steps.index("make site")
    assert tests < site, "the tests must pass before the site is built and uploaded"
    assert "SITE_URL" in build["steps"][site]["env"]
