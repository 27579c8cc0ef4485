"""The site's data files (开放数据): cases.json, cases.csv, their schema, the Atom feed and the calendar.

Every file is made from the public views only. CSV is UTF-8 with a byte-order mark so that Excel (as used
in China) opens it correctly, and cells that start like a formula are prefixed with ``'`` so that a title
cannot run in a spreadsheet. Output is deterministic: the same data and date give the same bytes.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Callable, Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

from .. import registry
from ..csvfile import csv_bytes
from ..public import PublicCase, PublicReception, public_schema
from .contrib import SiteContext

CHINA = timezone(timedelta(hours=8))
SCHEMA_URL = "cases.schema.json"


# -- JSON --------------------------------------------------------------------------------------------------

def _computed(case: PublicCase) -> dict[str, Any]:
    return {
        "url": case.url,
        "deadline": case.deadline.isoformat() if case.deadline else None,
        "overdue": case.overdue,
        "overdue_days": case.overdue_days,
        "updated": case.updated.isoformat(),
    }


def cases_json(cases: Sequence[PublicCase], today: date) -> bytes:
    """``data/cases.json``: each case's projection exactly, plus what the site computes from it."""
    doc = {
        "$schema": SCHEMA_URL,
        "as_of": today.isoformat(),
        "count": len(cases),
        "cases": [{"record": dict(c.data), "computed": _computed(c)} for c in cases],
    }
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def cases_schema() -> bytes:
    """``data/cases.schema.json``: the shape of cases.json, documented from the case schema's public part."""
    record = public_schema("case")
    record["title"] = "公开的包案事项"
    record["description"] = "一件信访事项的公开部分：只含案卷格式中标记为可公开（x-public）的字段。"
    doc = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_URL,
        "title": "公开包案事项数据",
        "description": "领导包案且确定公开的信访事项。信访人信息和内部记录一律不含。",
        "type": "object",
        "required": ["as_of", "count", "cases"],
        "properties": {
            "$schema": {"type": "string"},
            "as_of": {"title": "数据日期", "description": "按哪一天计算期限和超期（YYYY-MM-DD）。", "type": "string", "format": "date"},
            "count": {"title": "件数", "type": "integer", "minimum": 0},
            "cases": {"title": "包案事项", "type": "array", "items": {
                "type": "object", "required": ["record", "computed"],
                "properties": {"record": record, "computed": _computed_schema()}}},
        },
    }
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _computed_schema() -> dict[str, Any]:
    return {
        "title": "计算结果", "description": "网站按数据日期计算的值（期限按《信访工作条例》，遇法定节假日顺延）。",
        "type": "object",
        "properties": {
            "url": {"title": "页面地址", "description": "事项页面相对网站根目录的地址，长期不变。", "type": "string"},
            "deadline": {"title": "办结期限", "description": "受理之日起 60 日，含经批准的延期；未受理时为 null。", "type": ["string", "null"], "format": "date"},
            "overdue": {"title": "超期", "description": "超过办结期限仍未办结。", "type": "boolean"},
            "overdue_days": {"title": "超期天数", "type": "integer", "minimum": 0},
            "updated": {"title": "最后更新", "description": "最近一条办理记录的日期。", "type": "string", "format": "date"},
        },
    }


def field_docs() -> list[dict[str, str]]:
    """The fields of one record, for the open-data page: key path, title, description."""
    rows: list[dict[str, str]] = []

    def walk(node: dict[str, Any], prefix: str) -> None:
        for key, sub in node.get("properties", {}).items():
            path = f"{prefix}{key}"
            rows.append({"key": path, "title": sub.get("title", ""), "description": sub.get("description", "")})
            walk(sub, f"{path}.")
            if isinstance(sub.get("items"), dict):
                walk(sub["items"], f"{path}[].")

    walk(public_schema("case"), "")
    return rows


# -- CSV ---------------------------------------------------------------------------------------------------

def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""


# Each column beside its value, so the header cannot drift from what is under it.
CSV_COLUMNS: tuple[tuple[str, Callable[[PublicCase], object]], ...] = (
    ("编号", lambda c: c.id), ("标题", lambda c: c.title), ("年份", lambda c: c.year),
    ("办理状态", lambda c: c.status_label), ("问题类别", lambda c: c.topic_label), ("省份", lambda c: c.province),
    ("城市", lambda c: c.city), ("包案领导", lambda c: c.leader_name), ("领导职务", lambda c: c.leader_title),
    ("责任单位", lambda c: "、".join(c.unit_names)), ("收到日期", lambda c: _iso(c.received)),
    ("受理日期", lambda c: _iso(c.accepted)), ("办结期限", lambda c: _iso(c.deadline)),
    ("超期", lambda c: "是" if c.overdue else "否"), ("办结日期", lambda c: _iso(c.concluded)),
    ("满意度", lambda c: c.satisfaction_label), ("页面地址", lambda c: c.url),
)


def cases_csv(cases: Sequence[PublicCase]) -> bytes:
    """``data/cases.csv``: one line per public case, through the project's one CSV writer (``csvfile``)."""
    return csv_bytes([h for h, _ in CSV_COLUMNS], ([value(c) for _, value in CSV_COLUMNS] for c in cases))


# -- Atom --------------------------------------------------------------------------------------------------

def _stamp(d: date) -> str:
    return datetime.combine(d, time(0, 0), CHINA).isoformat()


def feed_xml(cases: Sequence[PublicCase], title: str, site_url: str, today: date, limit: int = 50) -> bytes:
    """``feed.xml``: an Atom feed of the most recently updated public cases."""
    recent = sorted(cases, key=lambda c: (c.updated, c.id), reverse=True)[:limit]
    base = site_url.rstrip("/") + "/" if site_url else ""
    updated = max((c.updated for c in recent), default=today)
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN"{" xml:base=" + quoteattr(base) if base else ""}>',
             f"<title>{escape(title)}：包案事项更新</title>",
             f"<id>urn:xinfang:feed:{escape(title)}</id>",
             f"<updated>{_stamp(updated)}</updated>",
             '<link rel="self" href="feed.xml"/>', '<link rel="alternate" type="text/html" href="cases/"/>',
             f"<author><name>{escape(title)}</name></author>"]
    for c in recent:
        last = c.timeline[-1] if c.timeline else None
        step = f"{last.date.isoformat()} {last.type_label}{('：' + last.note) if last and last.note else ''}" if last else ""
        summary = f"{c.status_label}{'（超期）' if c.overdue else ''}。{step}"
        lines += ["<entry>", f"<title>{escape(c.id + ' ' + c.title)}</title>", f"<id>urn:xinfang:case:{c.id}</id>",
                  f'<link rel="alternate" type="text/html" href={quoteattr(c.url)}/>',
                  f"<updated>{_stamp(c.updated)}</updated>", f"<published>{_stamp(c.received)}</published>",
                  f'<category term={quoteattr(c.topic)} label={quoteattr(c.topic_label)}/>',
                  f'<summary type="text">{escape(summary)}</summary>', "</entry>"]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


# -- iCalendar ---------------------------------------------------------------------------------------------

SESSION_HOURS = {"am": (time(9, 0), time(12, 0)), "pm": (time(14, 0), time(17, 30))}
_VTIMEZONE = ("BEGIN:VTIMEZONE", "TZID:Asia/Shanghai", "BEGIN:STANDARD", "DTSTART:19700101T000000",
              "TZOFFSETFROM:+0800", "TZOFFSETTO:+0800", "TZNAME:CST", "END:STANDARD", "END:VTIMEZONE")


def ics_text(value: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newlines escaped."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _fold(line: str) -> Iterable[str]:
    """Lines longer than 75 octets are folded (continuation lines start with a space), never inside a character."""
    out: list[str] = []
    current = ""
    for ch in line:
        limit = 75 if not out else 74
        if len((current + ch).encode("utf-8")) > limit:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return [out[0], *(" " + part for part in out[1:])]


def ics_status(r: PublicReception) -> str:
    """CANCELLED; TENTATIVE for a planned day not yet approved by the leaders (待定); else CONFIRMED."""
    if r.status == "cancelled":
        return "CANCELLED"
    return "CONFIRMED" if r.confirmed else "TENTATIVE"


def receptions_ics(receptions: Sequence[PublicReception], calendar_name: str, today: date) -> bytes:
    """``receptions.ics``: every reception in Beijing time.

    A moved or cancelled day keeps its UID with a higher SEQUENCE (and STATUS:CANCELLED when cancelled), so a
    phone that subscribed to the calendar moves or removes the event instead of keeping a stale one.
    """
    stamp = datetime.combine(today, time(0, 0)).strftime("%Y%m%dT%H%M%SZ")
    superseded = superseded_receptions(receptions)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//xinfang//public site//ZH", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{ics_text(calendar_name)}", "X-WR-TIMEZONE:Asia/Shanghai",
             *_VTIMEZONE]
    for r in receptions:
        start, end = SESSION_HOURS.get(r.session, SESSION_HOURS["am"])
        day = (r.date if r.id in superseded else r.day).strftime("%Y%m%d")
        subject = "".join(x for x in (r.topic_label, "：" if r.topic_label and r.subject else "", r.subject))
        summary = f"{r.mode_label}｜{r.leader_name}{('｜' + subject) if subject else ''}"
        description = (f"{r.leader_name}（{r.leader_title}）{r.session_label}{r.mode_label}。状态：{r.status_label}"
                       f"{'' if r.confirmed else '（待定：接访计划尚待领导批准）'}。")
        lines += ["BEGIN:VEVENT", f"UID:{r.id}@xinfang", f"DTSTAMP:{stamp}",
                  f"DTSTART;TZID=Asia/Shanghai:{day}T{start.strftime('%H%M%S')}",
                  f"DTEND;TZID=Asia/Shanghai:{day}T{end.strftime('%H%M%S')}",
                  f"SUMMARY:{ics_text(summary)}", f"LOCATION:{ics_text(r.location)}",
                  f"DESCRIPTION:{ics_text(description)}",
                  f"SEQUENCE:{0 if r.status in ('planned', 'held') else 1}",
                  f"STATUS:{'CANCELLED' if r.id in superseded else ics_status(r)}", "TRANSP:OPAQUE", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n").encode("utf-8")


def superseded_receptions(receptions: Sequence[PublicReception]) -> set[str]:
    """Rescheduled receptions whose new day has a record of its own (same leader, day and session).

    The office often records the moved reception as a new entry (JF-2026-08 "由5月12日改期") besides marking
    the old one rescheduled (JF-2026-07). Moving the old event to the new day as well would put the same
    reception twice on that day; instead the old event stays on its old day, cancelled, so a subscribed phone
    removes it there and shows the new entry's event."""
    recorded = {(r.date, r.session, r.leader_id) for r in receptions if r.status != "rescheduled"}
    return {r.id for r in receptions
            if r.status == "rescheduled" and r.rescheduled_to and (r.rescheduled_to, r.session, r.leader_id) in recorded}


def calendar_subscription(site_url: str) -> str:
    """The ``webcal://`` address of the reception calendar, so that a phone subscribes (later changes reach
    it) instead of importing a copy once; "" without site_url (a subscription needs the absolute address)."""
    if not site_url:
        return ""
    rest = re.sub(r"^https?://", "", site_url.strip(), flags=re.I).rstrip("/")
    return f"webcal://{rest}/receptions.ics"


# -- robots.txt ----------------------------------------------------------------------------------------------

def robots_txt(site_url: str) -> bytes:
    """``robots.txt``: every public page may be indexed (the site exists to be found); the sitemap is named
    when its absolute address is known (``site_url``)."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    return ("\n".join(lines) + "\n").encode("utf-8")


# -- the declared data files (generator.registry) -------------------------------------------------------------

@registry.data_file("data/cases.json")
def _cases_json(site: SiteContext) -> bytes:
    return cases_json(site.view.cases, site.today)


@registry.data_file("data/cases.csv")
def _cases_csv(site: SiteContext) -> bytes:
    return cases_csv(site.view.cases)


@registry.data_file("data/cases.schema.json")
def _cases_schema(site: SiteContext) -> bytes:
    return cases_schema()


@registry.data_file("feed.xml")
def _feed(site: SiteContext) -> bytes:
    return feed_xml(site.view.cases, site.repository.union.name, site.site_url, site.today)


@registry.data_file("receptions.ics")
def _calendar(site: SiteContext) -> bytes:
    return receptions_ics(site.view.receptions, f"{site.repository.union.short_name}领导接访", site.today)


@registry.data_file("robots.txt")
def _robots(site: SiteContext) -> bytes:
    return robots_txt(site.site_url)
