"""Render a :class:`~storyline.compare.model.Comparison` as Markdown for ``storyline show``."""

from __future__ import annotations

from datetime import date

from storyline.compare.model import Attribution, Comparison, Fact, FigureGroup, QuoteGroup
from storyline.compare.quotes import own_wordings
from storyline.compare.timex_values import timeml_value

__all__ = ["render"]

MAX_FACTS = 15
MAX_ROWS = 20
MAX_NAMES = 15


def render(comparison: Comparison) -> str:
    """The comparison as Markdown: agreement, single-source facts, coverage, figures, quotes..."""
    parts = [
        f"## Comparison across sources\n\n{len(comparison.outlets)} outlets, "
        f"{comparison.sources} independent sources, {len(comparison.facts)} facts.",
        _common(comparison),
        _single(comparison),
        _coverage(comparison),
        _figures(comparison),
        _quotes(comparison),
        _timeline(comparison),
        _names(comparison),
    ]
    return "\n\n".join(part for part in parts if part) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _fact_line(fact: Fact) -> str:
    when = f", first {fact.first_reported:%Y-%m-%d %H:%M}" if fact.first_reported else ""
    return f"- {fact.text} ({', '.join(fact.outlets)}{when})"


def _common(comparison: Comparison) -> str:
    facts = comparison.common_facts()[:MAX_FACTS]
    if not facts:
        return ""
    return "### Reported by every source\n\n" + "\n".join(_fact_line(fact) for fact in facts)


def _single(comparison: Comparison) -> str:
    by_outlet = comparison.single_source_facts()
    if comparison.sources < 2 or not by_outlet:
        return ""
    lines = ["### Reported by one source only"]
    for outlet, facts in by_outlet.items():
        lines.append(f"\n**{outlet}**\n")
        lines.extend(f"- {fact.text}" for fact in facts[:MAX_FACTS])
    return "\n".join(lines)


def _coverage(comparison: Comparison) -> str:
    shared = [fact for fact in comparison.facts if fact.sources > 1][:MAX_ROWS]
    if not shared:
        return ""
    header = "| Fact | " + " | ".join(_cell(o) for o in comparison.outlets) + " |"
    rule = "|---|" + "---|" * len(comparison.outlets)
    rows = []
    for fact in shared:
        marks = ["✓" if outlet in fact.outlets else "" for outlet in comparison.outlets]
        rows.append(f"| {_cell(_short(fact.text))} | " + " | ".join(marks) + " |")
    return "### Coverage\n\n" + "\n".join([header, rule, *rows])


def _figures(comparison: Comparison) -> str:
    groups = [g for g in comparison.figures if len({f.span.source for f in g.figures}) > 1]
    if not groups:
        return ""
    return "### Figures\n\n" + "\n".join(_figure_line(group) for group in groups[:MAX_ROWS])


def _figure_line(group: FigureGroup) -> str:
    stated = "; ".join(f"“{f.span.text}” ({f.span.outlet})" for f in group.figures)
    reasons = [p.reason for p in group.pairs if p.relation == group.status]
    reason = f": {reasons[0]}" if reasons and group.status != "same" else ""
    return f"- **{group.label}** — {group.status}{reason} — {stated}"


def _quotes(comparison: Comparison) -> str:
    groups = [g for g in comparison.quotes if len(g.outlets) > 1 or g.speaker_conflict]
    if not groups:
        return ""
    return "### Quotes\n\n" + "\n".join(_quote_line(group) for group in groups[:MAX_ROWS])


def _quote_line(group: QuoteGroup) -> str:
    """The quote, then each speaker with the outlets that name them, then any warnings."""
    flags = []
    if group.speaker_conflict:
        flags.append("attributed to different speakers")
    if group.wording_changed:
        flags.append("wording differs between outlets")
    attributions = group.attributions or (Attribution(None, group.outlets),)
    said = "; ".join(
        f"{a.speaker or 'unattributed'} ({', '.join(a.outlets)})" for a in attributions
    )
    flag = f" ⚠ {'; '.join(flags)}" if flags else ""
    own = "".join(
        f"\n  - {outlet} printed: “{_short(text)}”" for outlet, text in own_wordings(group)
    )
    return f"- “{_short(group.text)}” — {said}{flag}{own}"


def _timeline(comparison: Comparison) -> str:
    if not comparison.timeline:
        return ""
    lines = ["### Timeline\n"]
    for entry in comparison.timeline[: MAX_ROWS * 2]:
        when = _when(entry.date.isoformat(), entry.precision)
        lines.append(f"- {when}: {_short(entry.event)} ({', '.join(entry.outlets)})")
    return "\n".join(lines)


def _when(day: str, precision: str) -> str:
    if precision == "week":
        return f"week of {day}"
    if precision == "day":
        return day
    return timeml_value(date.fromisoformat(day), precision)


def _names(comparison: Comparison) -> str:
    entities = [e for e in comparison.entities if e.kind != "other"][:MAX_NAMES]
    if not entities:
        return ""
    header = "| Name | Kind | " + " | ".join(_cell(o) for o in comparison.outlets) + " |"
    rule = "|---|---|" + "---|" * len(comparison.outlets)
    rows = []
    for entity in entities:
        counts = {c.outlet: c.count for c in entity.counts}
        cells = [str(counts.get(outlet, "")) for outlet in comparison.outlets]
        rows.append(f"| {_cell(entity.name)} | {entity.kind} | " + " | ".join(cells) + " |")
    return "### Names\n\n" + "\n".join([header, rule, *rows])


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
