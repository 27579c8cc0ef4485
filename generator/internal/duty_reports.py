"""领导批办与包案事项跟踪 (issue 16.2, 16.4, 16.5, 16.7, 16.8): the internal report, declared in the registry.

Written results owed to leaders, package candidates not taken, open packages' plan and progress reports, and
what held appointments and thematic receptions left to do. The views are ``internal.duties``; this module only
lays them out as HTML and CSV.
"""

from __future__ import annotations

from .. import registry
from . import ReportContext, ReportLink, ReportOutput
from ..csvfile import table
from .duties import CandidateRow, FollowUpRow, OwedReportRow, PackageRow, duties_report
from .render import html


@registry.report(order=25)
def duties_tracking(ctx: ReportContext) -> ReportOutput:
    d = duties_report(ctx.names, ctx.today)
    files = {
        "duties.html": html("duties.html", d=d).encode("utf-8"),
        "duties-reports.csv": table(OwedReportRow, d.owed),
        "duties-candidates.csv": table(CandidateRow, d.candidates),
        "duties-packages.csv": table(PackageRow, d.packages),
        "duties-follow-ups.csv": table(FollowUpRow, d.follow_ups),
    }
    return ReportOutput(files, [ReportLink(
        "领导批办与包案事项跟踪（书面报告、包案候选、实施方案与进展反馈、约访和专题接访跟进）", "duties.html",
        ("duties-reports.csv", "duties-candidates.csv", "duties-packages.csv", "duties-follow-ups.csv"))])
