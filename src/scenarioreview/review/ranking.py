"""Quota- and coverage-aware ranking: per project type, fill the recommendation list within the quotas
(and per-city sub-quotas), every place with a Chinese reason. Pure functions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .exclusions import blocking
from .types import Exclusion, RankEntry


@dataclass(frozen=True)
class Candidate:
    submission: str
    application_type: str
    score: float
    name: str  # for ties and display: applicant or file name
    region: str | None
    industry: str | None
    typicals: tuple[str, ...]  # typical-scenario ids its scenarios were classified as
    exclusions: tuple[Exclusion, ...]


@dataclass(frozen=True)
class RankRules:
    coverage: bool = False
    coverage_bonus: float = 3.0
    industry_bonus: float = 2.0
    keep_flagged: bool = False


@dataclass
class _Fill:
    """The recommendation list of one project type as it fills up."""

    rules: RankRules
    city_limit: dict[str, int]  # city (or "*" for every city) -> cap
    picked: list[tuple[Candidate, str]] = field(default_factory=list)
    typicals: set[str] = field(default_factory=set)
    industries: set[str] = field(default_factory=set)
    city_used: dict[str, int] = field(default_factory=dict)
    city_blocked: set[str] = field(
        default_factory=set
    )  # passed over at least once because their city was full

    def new_typical(self, c: Candidate) -> bool:
        return any(t not in self.typicals for t in c.typicals)

    def new_industry(self, c: Candidate) -> bool:
        return bool(c.industry) and c.industry not in self.industries

    def gain(self, c: Candidate) -> float:
        if not self.rules.coverage:
            return c.score
        return (
            c.score
            + (self.rules.coverage_bonus if self.new_typical(c) else 0)
            + (self.rules.industry_bonus if self.new_industry(c) else 0)
        )

    def next_pick(self, pool: list[Candidate]) -> Candidate | None:
        """The best candidate whose city still has room (an unknown city has no city cap)."""
        pool.sort(key=lambda c: (-self.gain(c), c.name, c.submission))
        for c in pool:
            cap = self.city_limit.get(c.region, self.city_limit.get("*")) if c.region else None
            if cap is not None and self.city_used.get(c.region or "", 0) >= cap:
                self.city_blocked.add(c.submission)
                continue
            return c
        return None

    def reason(self, choice: Candidate, rest: list[Candidate], position: int) -> str:
        if not (self.rules.coverage and self.gain(choice) > choice.score):
            return f"按得分第 {position} 名入选"
        best_plain = max(rest + [choice], key=lambda c: (c.score, c.name))
        extra = [
            x
            for x, new in (("典型场景", self.new_typical(choice)), ("行业", self.new_industry(choice)))
            if new
        ]
        why = f"得分第 {position} 名，补充新的{'和'.join(extra)}覆盖"
        if best_plain.submission != choice.submission and best_plain.score > choice.score:
            why += f"（优先于得分更高的 {best_plain.name}）"
        return why

    def take(self, choice: Candidate, why: str) -> None:
        self.picked.append((choice, why))
        self.typicals.update(choice.typicals)
        if choice.industry:
            self.industries.add(choice.industry)
        if choice.region:
            self.city_used[choice.region] = self.city_used.get(choice.region, 0) + 1


def _fill(eligible: list[Candidate], quota: int, position: Mapping[str, int], fill: _Fill) -> _Fill:
    pool = list(eligible)
    while pool and len(fill.picked) < quota:
        choice = fill.next_pick(pool)
        if choice is None:
            break
        pool.remove(choice)
        fill.take(choice, fill.reason(choice, pool, position[choice.submission]))
    return fill


def _not_picked(c: Candidate, fill: _Fill, quota: int) -> str:
    if blocked := blocking(c.exclusions, fill.rules.keep_flagged):
        return "不予推荐：" + "；".join(e.reason for e in blocked)
    if c.submission in fill.city_blocked:
        return "所在地市推荐名额已满"
    return f"超出推荐名额（{quota} 个）"


def _rank_type(
    group: list[Candidate], app_type: str, quota: int, rules: RankRules, city_limit: dict[str, int]
) -> list[RankEntry]:
    position = {c.submission: i + 1 for i, c in enumerate(group)}
    eligible = [c for c in group if not blocking(c.exclusions, rules.keep_flagged)]
    fill = _fill(eligible, quota, position, _Fill(rules, city_limit))
    chosen = {c.submission: (i + 1, why) for i, (c, why) in enumerate(fill.picked)}
    out = []
    for c in group:
        if c.submission in chosen:
            prio, why = chosen[c.submission]
            out.append(RankEntry(c.submission, app_type, position[c.submission], True, prio, c.score, why))
        else:
            out.append(
                RankEntry(
                    c.submission,
                    app_type,
                    position[c.submission],
                    False,
                    None,
                    c.score,
                    _not_picked(c, fill, quota),
                )
            )
    return out


def rank(
    candidates: Sequence[Candidate],
    quotas: Mapping[str, int],
    *,
    coverage: bool = False,
    coverage_bonus: float = 3.0,
    industry_bonus: float = 2.0,
    keep_flagged: bool = False,
    city_quotas: Mapping[str, Mapping[str, int]] | None = None,
) -> list[RankEntry]:
    """Rank per application type; fill the recommendation list within quotas (and per-city sub-quotas).

    Ties break on name then submission hash, so output is deterministic. With ``coverage``, each pick
    maximises score + bonuses for a typical scenario / industry not yet on the list; the reason says so.
    """
    rules = RankRules(coverage, coverage_bonus, industry_bonus, keep_flagged)
    out: list[RankEntry] = []
    for app_type in sorted({c.application_type for c in candidates}):
        group = sorted(
            (c for c in candidates if c.application_type == app_type),
            key=lambda c: (-c.score, c.name, c.submission),
        )
        quota = quotas.get(app_type, quotas.get("default", 0))
        # Per application type: {city: cap}, "*" for every city (e.g. 每个地市 ≤5 个场景、≤3 个工厂).
        out += _rank_type(group, app_type, quota, rules, dict((city_quotas or {}).get(app_type, {})))
    return out
