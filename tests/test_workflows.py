"""CI for the data repository (数据仓库的持续集成): the GitHub Actions and GitLab CI files parse, trigger on the
right events with the right permissions, and every ``xinfang`` command they run exists and its options parse."""

from __future__ import annotations

import json
import subprocess
import re
import shlex
from pathlib import Path
from typing import Any, Iterator

import click
import pytest
import yaml

from conftest import PROJECT
from generator.cli import cli

CHECKOUT_SHA = "11bd71901bbe5b1630ceea73d27597364c9af683"  # actions/checkout v4.2.2

WORKFLOWS = PROJECT / ".github" / "workflows"
GITLAB = PROJECT / ".gitlab-ci.yml"


def load(path: Path) -> dict[str, Any]:
    # PyYAML (YAML 1.1) reads the key `on:` as True: map it back as GitHub does
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


PR = load(WORKFLOWS / "pull-request.yml")
PUBLISH = load(WORKFLOWS / "publish.yml")
COMMENT = load(WORKFLOWS / "pr-comment.yml")
GL = load(GITLAB)


@pytest.mark.parametrize("schema,paths", [
    ("vendor.github-workflows", [WORKFLOWS / "pull-request.yml", WORKFLOWS / "publish.yml", WORKFLOWS / "pr-comment.yml"]),
    ("vendor.gitlab-ci", [GITLAB]),
], ids=["github", "gitlab"])
def test_files_follow_the_official_schemas(schema: str, paths: list[Path]) -> None:
    """Checked offline against the GitHub and GitLab schemas that check-jsonschema vendors."""
    pytest.importorskip("check_jsonschema")
    import sys

    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, paths)],
                          capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout.strip()) == (0, "ok -- validation done"), done.stdout + done.stderr


def test_only_the_two_workflows_exist() -> None:
    assert sorted(p.name for p in WORKFLOWS.iterdir()) == ["pr-comment.yml", "publish.yml", "pull-request.yml"]


@pytest.mark.parametrize("path", [*sorted(WORKFLOWS.glob("*.yml")), GITLAB], ids=lambda p: p.name)
def test_pull_request_target_never_occurs(path: Path) -> None:
    # pull_request_target runs with a write token and secrets on code from a fork (comments may warn about it)
    code = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#")]
    assert [line for line in code if "pull_request_target" in line] == []
    assert "pull_request_target" not in (load(path).get("on") or {})


def test_pull_requests_run_read_only() -> None:
    assert PR["on"] == {"pull_request": {"branches": ["main"]}}
    assert PR["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in PR["jobs"].values())
    base, data = PR["jobs"]["check"]["steps"][:2]
    assert base["uses"] == data["uses"] == f"actions/checkout@{CHECKOUT_SHA}"
    assert data["with"] == {"path": "data", "fetch-depth": 0, "persist-credentials": False}


def test_pull_request_validates_builds_then_summarises() -> None:
    """The summary is made only after the guard let the build through (no step has an ``if:``, so a refused
    build stops the job before any summary exists)."""
    steps = PR["jobs"]["check"]["steps"]
    runs = [(s.get("working-directory"), s["run"].strip()) for s in steps if "run" in s]
    assert runs == [
        (None, 'python -m pip install --constraint base/.ci/constraints.txt "$XINFANG_PACKAGE"'),
        ("data", "xinfang validate --format github"),
        ("data", 'xinfang renumber --check "origin/$BASE_REF" --format github'),
        (None, PAGEFIND),
        ("data", "xinfang build"),
        ("data", 'xinfang changes "origin/$BASE_REF" --head HEAD --output ../changes.md\n'
                 'cat ../changes.md >> "$GITHUB_STEP_SUMMARY"'),
    ]
    assert [s for s in steps if "if" in s] == []
    # the base branch comes in through the environment, never spliced into the script by ${{ }}
    summary = next(s for s in steps if "changes" in s.get("run", ""))
    assert summary["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert "${{" not in "".join(run for _, run in runs)


def test_summary_is_saved_for_the_comment_workflow() -> None:
    steps = PR["jobs"]["check"]["steps"]
    saved = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@") and s["with"]["name"] == "changes")
    assert saved["with"]["path"] == "changes.md" and "if" not in saved
    assert steps.index(saved) == 1 + next(i for i, s in enumerate(steps) if "xinfang changes" in s.get("run", ""))


def test_comment_workflow_never_runs_the_pull_requests_code() -> None:
    assert COMMENT["on"] == {"workflow_run": {"workflows": [PR["name"]], "types": ["completed"]}}
    assert COMMENT["permissions"] == {"contents": "read"}
    (job,) = COMMENT["jobs"].values()
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    # posted only when the check succeeded: a refused guard (or invalid data) leaves no comment
    assert job["if"] == ("github.event.workflow_run.event == 'pull_request' && "
                         "github.event.workflow_run.conclusion == 'success'")
    assert [s["uses"].split("@")[0] for s in job["steps"]] == ["actions/download-artifact", "actions/github-script"]
    assert not any("run" in s for s in job["steps"])  # no shell, no checkout: only the summary is read, as text
    assert job["steps"][0]["with"]["run-id"] == "${{ github.event.workflow_run.id }}"
    script = job["steps"][1]["with"]["script"]
    # the pull request is found by the checked commit, not by anything the artifact says
    assert "p.head.sha === sha" in script and "context.payload.workflow_run.head_sha" in script
    assert "readFileSync('changes/changes.md'" in script and script.count("readFileSync") == 1


def test_publish_on_main_with_pages_rights_only_where_deployed() -> None:
    assert PUBLISH["on"]["push"] == {"branches": ["main"]}
    assert PUBLISH["on"]["schedule"] == [{"cron": "30 22 * * *"}]
    assert PUBLISH["permissions"] == {"contents": "read"}
    build, deploy = PUBLISH["jobs"]["build"], PUBLISH["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert [s.get("uses", "").split("@")[0] for s in build["steps"]][-1] == "actions/upload-pages-artifact"
    assert build["steps"][-1]["with"] == {"path": "site/"}
    assert [(s["id"], s["uses"].split("@")[0]) for s in deploy["steps"]] == [("deployment", "actions/deploy-pages")]
    assert [s["run"] for s in build["steps"] if "run" in s][1:] == ["xinfang validate --format github", PAGEFIND, "xinfang build"]


def test_gitlab_runs_merge_request_pipelines_and_pages_on_the_default_branch() -> None:
    rules = [r["if"] for r in GL["workflow"]["rules"]]
    assert rules[0] == '$CI_PIPELINE_SOURCE == "merge_request_event"'
    assert '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE == "push"' in rules
    assert GL["stages"] == ["validate", "build", "deploy"]
    pages = GL["pages"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pages["artifacts"]["paths"] == ["public"]
    assert pages["script"][-1] == "rm -rf public && mv site public"
    assert GL["validate"]["artifacts"]["reports"] == {"codequality": "gl-code-quality-report.json"}
    assert GL["changes"]["rules"] == GL["build"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert GL["variables"]["GIT_DEPTH"] == "0"


# -- the commands they call ---------------------------------------------------------------------------

def scripts() -> Iterator[tuple[str, str]]:
    """Every shell line of every workflow, with where it comes from."""
    for name, doc in (("pull-request.yml", PR), ("publish.yml", PUBLISH), ("pr-comment.yml", COMMENT)):
        for job_name, job in doc["jobs"].items():
            for step in job.get("steps", []):
                for line in step.get("run", "").splitlines():
                    yield f"{name}:{job_name}", line
    for job_name, job in GL.items():
        if isinstance(job, dict) and "script" in job:
            for line in [*job.get("before_script", []), *job["script"]]:
                yield f".gitlab-ci.yml:{job_name}", line
    for line in GL["default"]["before_script"]:
        yield ".gitlab-ci.yml:default", line


def invocations() -> list[tuple[str, list[str]]]:
    """The ``xinfang …`` commands, split as the shell would (variables replaced by a plausible value)."""
    found = []
    for where, line in scripts():
        line = re.sub(r"\$\{?(\w+)\}?", "main", line.split(">")[0].split("||")[0])
        words = shlex.split(line)
        if words and words[0] == "xinfang":
            found.append((where, words[1:]))
    return found


def parse(args: list[str]) -> tuple[str, dict[str, Any]]:
    """Parse a command line with the real CLI without running it: unknown commands and options raise."""
    ctx = cli.make_context("xinfang", list(args))
    # Click 8.2 keeps the subcommand in `_protected_args` (and deprecates the public name); 8.1 only has the public one
    protected = ctx._protected_args if hasattr(ctx, "_protected_args") else ctx.protected_args
    rest = [*protected, *ctx.args]
    name, command, remaining = cli.resolve_command(ctx, rest)
    assert command is not None, f"xinfang 没有 {name} 命令"
    sub = command.make_context(name, remaining, parent=ctx)
    return name, sub.params


PAGEFIND = 'npm install --no-save --no-audit --no-fund --prefix "$RUNNER_TEMP/pagefind" pagefind@1.6.0'
"""The search index's tool (issue 18), installed before every build; the build finds it by XINFANG_PAGEFIND."""


def test_every_build_finds_pagefind() -> None:
    for steps in (PR["jobs"]["check"]["steps"], PUBLISH["jobs"]["build"]["steps"]):
        build = next(s for s in steps if s.get("run", "").strip() == "xinfang build")
        assert build["env"]["XINFANG_PAGEFIND"] == "${{ runner.temp }}/pagefind/node_modules/.bin/pagefind"
        assert steps.index(build) > steps.index(next(s for s in steps if s.get("run") == PAGEFIND))


def test_every_invocation_is_found() -> None:
    commands = sorted({(where.split(":")[0], args[0]) for where, args in invocations()})
    assert commands == [(".gitlab-ci.yml", "build"), (".gitlab-ci.yml", "changes"), (".gitlab-ci.yml", "renumber"),
                        (".gitlab-ci.yml", "validate"),
                        ("publish.yml", "build"), ("publish.yml", "validate"),
                        ("pull-request.yml", "build"), ("pull-request.yml", "changes"), ("pull-request.yml", "renumber"),
                        ("pull-request.yml", "validate")]


@pytest.mark.parametrize("where,args", invocations(), ids=lambda v: " ".join(v) if isinstance(v, list) else v)
def test_invocation_parses_with_the_real_cli(where: str, args: list[str]) -> None:
    try:
        name, params = parse(args)
    except click.UsageError as exc:  # pragma: no cover - the failure message is the point
        pytest.fail(f"{where}: xinfang {' '.join(args)}: {exc.format_message()}")
    assert name == args[0]
    if name == "validate":
        assert params["fmt"] in ("github", "gitlab", "text")
    if name == "changes":
        assert params["base"] == "origin/main" and params["head"] == "HEAD"


def test_help_lists_the_commands_the_workflows_use(run, tmp_path: Path) -> None:
    result = run(tmp_path, "--help")
    listed = {line.split()[0] for line in result.output.split("命令：")[1].splitlines() if line.strip()}
    assert {"validate", "changes", "build"} <= listed


def test_gitlab_report_is_a_code_quality_report(minimal_repo: Path, run) -> None:
    result = run(minimal_repo, "validate", "--today", "2026-07-01", "--format", "gitlab")
    report = json.loads(result.output)
    assert [(r["location"]["path"], r["location"]["lines"]["begin"], r["severity"]) for r in report] == [
        ("cases/2026/XF-2026-0001.yaml", 19, "minor"), ("cases/2026/XF-2026-0001.yaml", 22, "minor"),
        ("cases/2026/XF-2026-0001.yaml", 23, "minor"), ("schedules/2026.yaml", 21, "minor")]
    assert report[0]["description"] == "办理状态 status：已超期：办结期限 2026-05-11，截至 2026-07-01 仍未办结"
    assert all(re.fullmatch(r"[0-9a-f]{64}", r["fingerprint"]) for r in report)


# -- issue 13 item 3: the guard runs with the base branch's tool; pinned actions and dependencies ----------------

ALL_GITHUB = {"pull-request.yml": PR, "publish.yml": PUBLISH, "pr-comment.yml": COMMENT}
CONSTRAINTS = PROJECT / ".ci" / "constraints.txt"


def _permissions(doc: dict[str, Any], job: dict[str, Any]) -> dict[str, str]:
    perms = job.get("permissions", doc.get("permissions"))
    assert isinstance(perms, dict), "every workflow states its permissions (no default write-all token)"
    return perms


def test_no_step_with_write_permission_checks_out_the_pull_request() -> None:
    """Guards the write token: a job that may write (comment, deploy) never checks anything out, so no code of
    a pull request runs where it could use the token; the pull-request workflow has no write at all.
    Checked: adding an ``actions/checkout`` step to pr-comment.yml's job fails this test."""
    writers = []
    for name, doc in ALL_GITHUB.items():
        for job_name, job in doc["jobs"].items():
            perms = _permissions(doc, job)
            if "write" in perms.values():
                writers.append(f"{name}:{job_name}")
                assert not [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")], job_name
                assert not [s for s in job["steps"] if "run" in s], job_name
    assert writers == ["publish.yml:deploy", "pr-comment.yml:comment"]
    for job in PR["jobs"].values():
        assert "write" not in _permissions(PR, job).values()


def test_guard_runs_with_the_base_branchs_tool_never_the_pull_requests() -> None:
    """Guards against a pull request that edits generator/ or schemas/ to switch the guard off: the tool is
    installed from the target branch's checkout (``base/``, by commit SHA of the base), with the target
    branch's constraints; the pull request (``data/``) is only read by that tool. Checked: with
    XINFANG_PACKAGE back at "." (the pull request's code) this test fails."""
    steps = PR["jobs"]["check"]["steps"]
    base = steps[0]
    assert base["with"] == {"ref": "${{ github.event.pull_request.base.sha }}", "path": "base",
                            "persist-credentials": False}
    assert PR["env"]["XINFANG_PACKAGE"] == "./base"
    installs = [s["run"] for s in steps if "pip install" in s.get("run", "")]
    assert installs == ['python -m pip install --constraint base/.ci/constraints.txt "$XINFANG_PACKAGE"']
    assert all(s.get("working-directory") in (None, "data") for s in steps if "run" in s)
    # nothing from the pull request's checkout is executed: every shell line in data/ is the installed xinfang
    for s in steps:
        if s.get("working-directory") == "data":
            assert all(line.split()[0] in ("xinfang", "cat") for line in s["run"].strip().splitlines())
    # the installed wheel validates with the schemas it packages, whatever data/schemas/ says
    pyproject = (PROJECT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"schemas" = "generator/_schemas"' in pyproject


def test_gitlab_merge_requests_install_the_target_branchs_tool() -> None:
    """The same rule for GitLab: in a merge-request pipeline the tool and the constraints come from the target
    branch (a worktree of it), never from the merge request's checkout."""
    (script,) = GL["default"]["before_script"]
    assert 'git fetch -q origin "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"' in script
    assert "git worktree add -q --detach /tmp/xinfang-base FETCH_HEAD" in script
    assert "CONSTRAINTS=/tmp/xinfang-base/.ci/constraints.txt" in script
    assert 'if [ "$XINFANG_PACKAGE" = "." ]; then TOOL=/tmp/xinfang-base; fi' in script
    assert script.strip().splitlines()[-1] == 'python -m pip install --constraint "$CONSTRAINTS" "$TOOL"'
    # the summary exists only after the build (and its leak guard) passed, as on GitHub
    assert GL["changes"]["needs"] == ["build"] and GL["changes"]["stage"] == GL["build"]["stage"] == "build"


def test_every_action_is_pinned_by_commit_sha() -> None:
    """A tag can be moved to other code; a commit SHA cannot. Each pin carries its version as a comment."""
    found = []
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.match(r"\s*(- )?uses:", line):
                found.append(line.strip().removeprefix("- "))
                assert re.fullmatch(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", line.strip().removeprefix("- ")), line
    assert len(found) == 11


def test_dependencies_are_pinned_by_one_constraints_file() -> None:
    """.ci/run and every install in the workflows use .ci/constraints.txt, which pins every dependency of
    pyproject.toml (and the test extra) to one version."""
    pins = dict(line.split("==") for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines()
                if line and not line.startswith("#"))
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [Requirement(r) for r in [*project["dependencies"], *project["optional-dependencies"]["test"]]]
    missing = [str(r) for r in wanted if canonicalize_name(r.name) not in pins]
    assert missing == [], "regenerate: .venv/bin/python .ci/constraints.py > .ci/constraints.txt (in a green environment)"
    assert all(r.specifier.contains(pins[canonicalize_name(r.name)]) for r in wanted
               if canonicalize_name(r.name) in pins)
    assert "--constraint .ci/constraints.txt '.[test]'" in (PROJECT / ".ci" / "run").read_text(encoding="utf-8")
    for line in [s["run"] for doc in ALL_GITHUB.values() for j in doc["jobs"].values() for s in j["steps"] if "run" in s]:
        if "pip install" in line:
            assert "--constraint " in line and "constraints.txt" in line, line
