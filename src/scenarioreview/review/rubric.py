"""The scoring rubric as typed sections: weights, points per criterion, factory, ranking, experts, quotas.

The packaged corpora/rubric/default.yaml holds every value; a user's --config file is merged over it and the
result is checked section by section against these types (numbers where numbers are, ranges where they
matter), so a bad file fails with a Chinese message naming the key before any form is parsed.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml

from ..errors import ConfigError
from ..labels import CRITERIA_ZH

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

RUBRIC_SCHEMA = "scenarioreview.rubric/1"


@dataclass(frozen=True, slots=True)
class CompliancePoints:
    over_limit: float  # deducted when over the 字数 limit
    sensitive_error: float  # per error-severity sensitive finding
    sensitive_warning: float
    declared_mismatch: float


@dataclass(frozen=True, slots=True)
class FitPoints:
    none_fits: float  # score when no typical scenario fits
    unclassified: float  # score when classification was not run


@dataclass(frozen=True, slots=True)
class CompletenessPoints:
    method: float
    per_element: float
    results: float


@dataclass(frozen=True, slots=True)
class QuantifiedPoints:
    per_metric: float
    max_from_metrics: float
    per_category: float
    max_from_categories: float


@dataclass(frozen=True, slots=True)
class AdvancedPoints:
    per_term: float
    max_from_terms: float
    secure: float


@dataclass(frozen=True, slots=True)
class ReadabilityPoints:
    sections: float
    sentence_length: float  # full points when the mean sentence length is within sentence_min..sentence_max
    sentence_min: float
    sentence_max: float
    paragraphs: float
    min_paragraphs: float


@dataclass(frozen=True, slots=True)
class Points:
    compliance: CompliancePoints
    fit: FitPoints
    completeness: CompletenessPoints
    quantified: QuantifiedPoints
    advanced: AdvancedPoints
    readability: ReadabilityPoints


@dataclass(frozen=True, slots=True)
class FactoryRules:
    scenario_weight: float  # 示范工厂: weight of the mean scenario score against breadth, 0..1
    breadth_links: float  # 环节 covered for full breadth points
    min_maturity: float  # GB/T 39116 self-assessment must reach this level


@dataclass(frozen=True, slots=True)
class RankingBonus:
    coverage_bonus: float  # points a pick gains for a typical scenario not yet on the list
    industry_bonus: float  # points a pick gains for an industry not yet on the list


@dataclass(frozen=True, slots=True)
class ExpertRules:
    weight: float  # final = (1 − weight) × automatic + weight × expert, 0..1
    trim_min_experts: int  # with at least this many experts drop the highest and the lowest


@dataclass(frozen=True, slots=True)
class Rubric:
    name: str | None
    weights: Mapping[str, float]  # criterion id -> relative weight (values kept as written: 15 stays 15)
    points: Points
    factory: FactoryRules
    ranking: RankingBonus
    experts: ExpertRules
    quotas: Mapping[str, Mapping[str, int]]  # region type -> project type -> recommendation quota


S = TypeVar("S", bound="DataclassInstance")


def _mapping(data: Any, where: str, path: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise ConfigError(f"评分细则中“{where or '顶层'}”应为映射（键: 值），实际为 {data!r}", path=path)
    return data


def _number(value: Any, where: str, path: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ConfigError(f"评分细则中“{where}”应为非负数，实际为 {value!r}", path=path)
    return value


def _section(cls: type[S], data: Any, where: str, path: str) -> S:
    """A section of numbers; every field is present (the packaged rubric supplies what a user file omits)."""
    values = _mapping(data, where, path)
    return cls(**{f.name: _number(values.get(f.name), f"{where}.{f.name}", path) for f in fields(cls)})


def _share(value: float, what: str, path: str) -> None:
    if not 0 <= value <= 1:
        raise ConfigError(f"{what}应在 0 到 1 之间，实际为 {value!r}", path=path)


def _points(data: Any, path: str) -> Points:
    p = _mapping(data, "points", path)
    return Points(
        compliance=_section(CompliancePoints, p.get("compliance"), "points.compliance", path),
        fit=_section(FitPoints, p.get("fit"), "points.fit", path),
        completeness=_section(CompletenessPoints, p.get("completeness"), "points.completeness", path),
        quantified=_section(QuantifiedPoints, p.get("quantified"), "points.quantified", path),
        advanced=_section(AdvancedPoints, p.get("advanced"), "points.advanced", path),
        readability=_section(ReadabilityPoints, p.get("readability"), "points.readability", path),
    )


def rubric_from_mapping(data: Any, path: str = "") -> Rubric:
    """The typed rubric of a complete rubric mapping (ConfigError naming the first bad key)."""
    top = _mapping(data, "", path)
    weights = _mapping(top.get("weights"), "weights", path)
    for k, v in weights.items():
        _number(v, f"weights.{k}", path)
    if not any(v > 0 for v in weights.values()):
        raise ConfigError("评分细则的权重不能全为 0", path=path)
    points = _points(top.get("points"), path)
    factory = _section(FactoryRules, top.get("factory"), "factory", path)
    _share(factory.scenario_weight, "示范工厂场景权重", path)
    ranking = _section(RankingBonus, top.get("ranking"), "ranking", path)
    experts = _section(ExpertRules, top.get("experts"), "experts", path)
    _share(experts.weight, "专家评分权重", path)
    quotas = {
        region: {
            t: _number(n, f"quotas.{region}.{t}", path)
            for t, n in _mapping(table, f"quotas.{region}", path).items()
        }
        for region, table in _mapping(top.get("quotas"), "quotas", path).items()
    }
    name = top.get("name")
    return Rubric(
        None if name is None else str(name), dict(weights), points, factory, ranking, experts, quotas
    )


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, Mapping) and isinstance(out.get(k), dict) else v
    return out


def _user_file(path: str | Path) -> dict[str, Any]:
    try:
        user = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"无法读取评分细则文件：{exc.strerror or exc}", path=str(path)) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"评分细则不是有效的 YAML：{exc}", path=str(path)) from exc
    if not isinstance(user, dict):
        raise ConfigError("评分细则应为 YAML 映射（键: 值）", path=str(path))
    unknown = set(user.get("weights", {}) or {}) - set(CRITERIA_ZH)
    if unknown:
        raise ConfigError(
            f"未知的评分项：{'、'.join(sorted(unknown))}（可用：{'、'.join(CRITERIA_ZH)}）", path=str(path)
        )
    return user


def load_rubric(path: str | Path | None = None) -> Rubric:
    """The packaged rubric, with a user file's values merged over it (ConfigError on a bad file)."""
    from ..resources import read_text

    packaged = yaml.safe_load(read_text("rubric", "default.yaml"))
    if path is None:
        return rubric_from_mapping(packaged, "corpora/rubric/default.yaml")
    return rubric_from_mapping(_merge(packaged, _user_file(path)), str(path))
