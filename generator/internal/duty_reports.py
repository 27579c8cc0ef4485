"""领导批办与包案事项跟踪 (issue 16.2, 16.4, 16.5, 16.7, 16.8): the internal report, declared in the registry.

Written results owed to leaders, package candidates not taken, open packages' plan and progress reports, and
what held appointments and thematic receptions left to do. The views are ``internal.duties``; this module only
lays them out as HTML and CSV.
"""

from __future__ import annotations

from dataclasses import astuple

from .. import registry
from . import ReportContext, ReportLink, ReportOutput
from .duties import duties_report
from .render import csv_bytes, html


@registry.report(order=25)
def duties_tracking(ctx: ReportContext) -> ReportOutput:
    d = duties_report(ctx.names, ctx.today)
    files = {
        "duties.html": html("duties.html", d=d).encode("utf-8"),
        "duties-reports.csv": csv_bytes(("编号", "事项", "办结日期", "应报告领导", "关系", "已过天数"),
                                        (astuple(row) for row in d.owed)),
        "duties-candidates.csv": csv_bytes(("编号", "事项", "问题类别", "呈报日期", "呈报领导", "包案范围", "领导选择",
                                            "选择日期", "等候天数", "呈报理由"), (astuple(row) for row in d.candidates)),
        "duties-packages.csv": csv_bytes(("编号", "事项", "包案领导", "包案日期", "实施方案", "最近向包案领导汇报",
                                          "下次反馈期限", "情况"), (astuple(row) for row in d.packages)),
        "duties-follow-ups.csv": csv_bytes(("场次", "日期", "方式", "领导", "事项", "责任单位", "期限", "情况"),
                                           (astuple(row) for row in d.follow_ups)),
    }
    return ReportOutput(files, [ReportLink(
        "领导批办与包案事项跟踪（书面报告、包案候选、实施方案与进展反馈、约访和专题接访跟进）", "duties.html",
        ("duties-reports.csv", "duties-candidates.csv", "duties-packages.csv", "duties-follow-ups.csv"))])
