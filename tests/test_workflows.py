"""CI for the data repository (数据仓库的持续集成): the GitHub Actions and GitLab CI files parse, trigger on the
right events with the right permissions, and every ``xinfang`` command they run exists and its options parse."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any, Iterator

import click
import pytest
import yaml

from conftest import PROJECT
from generator.cli import cli

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
    import subprocess
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
    checkout = PR["jobs"]["check"]["steps"][0]
    assert checkout["uses"] == "actions/checkout@v4"
    assert checkout["with"] == {"fetch-depth": 0, "persist-credentials": False}


def test_pull_request_validates_summarises_and_builds_in_that_order() -> None:
    runs = [s["run"].strip() for s in PR["jobs"]["check"]["steps"] if "run" in s]
    assert runs == [
        'python -m pip install "$XINFANG_PACKAGE"',
        "xinfang validate --format github",
        'xinfang changes "origin/$BASE_REF" --head HEAD --output changes.md\n'
        'cat changes.md >> "$GITHUB_STEP_SUMMARY"',
        "xinfang build",
    ]
    # the base branch comes in through the environment, never spliced into the script by ${{ }}
    summary = next(s for s in PR["jobs"]["check"]["steps"] if "changes" in s.get("run", ""))
    assert summary["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert "${{" not in "".join(runs)


def test_summary_is_saved_for_the_comment_workflow() -> None:
    steps = PR["jobs"]["check"]["steps"]
    saved = next(s for s in steps if s.get("uses") == "actions/upload-artifact@v4" and s["with"]["name"] == "changes")
    assert saved["with"]["path"] == "changes.md" and saved["if"] == "${{ !cancelled() }}"
    assert steps.index(saved) == 1 + next(i for i, s in enumerate(steps) if "xinfang changes" in s.get("run", ""))


def test_comment_workflow_never_runs_the_pull_requests_code() -> None:
    assert COMMENT["on"] == {"workflow_run": {"workflows": [PR["name"]], "types": ["completed"]}}
    assert COMMENT["permissions"] == {"contents": "read"}
    (job,) = COMMENT["jobs"].values()
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert job["if"].startswith("github.event.workflow_run.event == 'pull_request'")
    assert [s["uses"] for s in job["steps"]] == ["actions/download-artifact@v4", "actions/github-script@v7"]
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
    assert [s.get("uses") for s in build["steps"]][-1] == "actions/upload-pages-artifact@v3"
    assert build["steps"][-1]["with"] == {"path": "site/"}
    assert deploy["steps"] == [{"id": "deployment", "uses": "actions/deploy-pages@v4"}]
    assert [s["run"] for s in build["steps"] if "run" in s][1:] == ["xinfang validate --format github", "xinfang build"]


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


def test_every_invocation_is_found() -> None:
    commands = sorted({(where.split(":")[0], args[0]) for where, args in invocations()})
    assert commands == [(".gitlab-ci.yml", "build"), (".gitlab-ci.yml", "changes"), (".gitlab-ci.yml", "renumber"),
                        (".gitlab-ci.yml", "validate"),
                        ("publish.yml", "build"), ("publish.yml", "validate"),
                        ("pull-request.yml", "build"), ("pull-request.yml", "changes"), ("pull-request.yml", "validate")]


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
        ("cases/2026/XF-2026-0001.yaml", 19, "minor"), ("schedules/2026.yaml", 21, "minor")]
    assert report[0]["description"] == "办理状态 status：已超期：办结期限 2026-05-11，截至 2026-07-01 仍未办结"
    assert all(re.fullmatch(r"[0-9a-f]{64}", r["fingerprint"]) for r in report)
