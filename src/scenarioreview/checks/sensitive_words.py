"""Sensitive-term lexicons: the model, YAML/CSV loading with clear errors, and the Aho–Corasick automaton.

A lexicon is data (see ``corpora/lexicon/sensitive.yaml`` for the format). Terms are stored in normalised
form (``textnorm.normalize_term``) so that one automaton pass over a normalised text finds every term no
matter how width, case, script or stray spaces differ.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..textnorm import normalize_term

SEVERITIES = ("error", "warning", "info")
MODES = (
    "anywhere",
    "marking",
    "secret",
    "price",
    "margin",
    "formula",
    "process",
    "deal",
    "customer",
    "credential",
    "hostname",
    "codename",
)
WHITELIST = "whitelist"  # category name that marks a whitelist row in CSV files


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    severity: str
    explanation: str


@dataclass(frozen=True)
class Term:
    text: str  # as written in the lexicon
    norm: str  # normalised form used for matching
    category: str
    mode: str = "anywhere"
    severity: str | None = None  # overrides the category's severity
    explanation: str | None = None  # overrides the category's explanation
    source: str = ""  # "file:line" or "file#entry", for error messages and `lexicon show`


@dataclass
class Lexicon:
    categories: dict[str, Category]
    terms: list[Term]
    whitelist: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    _automaton: Any = field(default=None, repr=False, compare=False)

    def automaton(self) -> Any:
        """The Aho–Corasick automaton over all normalised terms and whitelist phrases (built once).

        Each key maps to (length, terms, is_whitelisted); several lexicon entries may share one key.
        """
        if self._automaton is None:
            import ahocorasick

            by_key: dict[str, list[Term]] = {}
            for t in self.terms:
                by_key.setdefault(t.norm, []).append(t)
            white = {normalize_term(w) for w in self.whitelist} - {""}
            auto = ahocorasick.Automaton()
            for key in set(by_key) | white:
                auto.add_word(key, (len(key), tuple(by_key.get(key, ())), key in white))
            if len(auto):
                auto.make_automaton()
            self._automaton = auto
        return self._automaton

    def scan(self, norm_text: str) -> Iterator[tuple[int, int, tuple[Term, ...]]]:
        """Term hits in a normalised text as (start, end, terms), whitelist phrases removed. One pass."""
        auto = self.automaton()
        if not len(auto):
            return
        hits: list[tuple[int, int, tuple[Term, ...]]] = []
        white: list[tuple[int, int]] = []
        for end, (length, terms, is_white) in auto.iter(norm_text):
            start = end - length + 1
            if is_white:
                white.append((start, end + 1))
            if terms:
                hits.append((start, end + 1, terms))
        if white:
            hits = [h for h in hits if not any(ws <= h[0] and h[1] <= we for ws, we in white)]
        yield from hits

    def category(self, term: Term) -> Category:
        return self.categories[term.category]

    def severity(self, term: Term) -> str:
        return term.severity or self.categories[term.category].severity

    def explanation(self, term: Term) -> str:
        return term.explanation or self.categories[term.category].explanation

    def merged(self, other: Lexicon) -> Lexicon:
        cats = dict(self.categories)
        cats.update(other.categories)
        return Lexicon(
            cats, self.terms + other.terms, self.whitelist + other.whitelist, self.sources + other.sources
        )


# ------------------------------------------------------------------------------------------------- parsing
def _err(source: str, where: str, reason: str) -> ConfigError:
    return ConfigError(f"词表文件 {source} {where}：{reason}")


def _category(source: str, cid: Any, raw: Any) -> Category:
    where = f"类别 {cid}"
    if not isinstance(cid, str) or not cid.strip():
        raise _err(source, "categories", f"类别名必须是非空字符串，实际为 {cid!r}")
    if not isinstance(raw, dict):
        raise _err(source, where, "类别定义应为键值对（name、severity、explanation）")
    severity = raw.get("severity", "warning")
    if severity not in SEVERITIES:
        raise _err(source, where, f"severity 只能是 error、warning 或 info，实际为 {severity!r}")
    explanation = raw.get("explanation") or raw.get("message")
    if not isinstance(explanation, str) or not explanation.strip():
        raise _err(source, where, "缺少 explanation（向用户说明为什么有风险）")
    return Category(cid, str(raw.get("name") or cid), severity, explanation.strip())


def _term(
    source: str,
    where: str,
    text: Any,
    category: Any,
    mode: Any,
    severity: Any,
    explanation: Any,
    known: dict[str, Category],
) -> Term:
    if not isinstance(text, (str, int)) or not str(text).strip():
        raise _err(source, where, f"词条为空或不是字符串：{text!r}")
    text = str(text).strip()
    norm = normalize_term(text)
    if len(norm) < 2:
        raise _err(source, where, f"词条“{text}”去掉空白和符号后不足 2 个字符，会造成大量误报")
    if not isinstance(category, str) or not category.strip():
        raise _err(source, where, f"词条“{text}”缺少 category")
    mode = mode or ("customer" if category == "customer" else "anywhere")
    if mode not in MODES:
        raise _err(source, where, f"词条“{text}”的 mode {mode!r} 无效，可选：{'、'.join(MODES)}")
    if severity is not None and severity not in SEVERITIES:
        raise _err(
            source, where, f"词条“{text}”的 severity 只能是 error、warning 或 info，实际为 {severity!r}"
        )
    if category not in known and (severity is None or not explanation):
        raise _err(
            source,
            where,
            f"词条“{text}”的类别“{category}”未定义：请在 categories 中定义，"
            "或为词条同时给出 severity 和 explanation",
        )
    return Term(text, norm, category, mode, severity, explanation or None, f"{source} {where}")


def _adopt_category(term: Term, cats: dict[str, Category], known: dict[str, Category]) -> None:
    """A term may bring its own category (with severity and explanation); register it on first sight."""
    if term.category not in known and term.category not in cats:
        cats[term.category] = Category(
            term.category, term.category, term.severity or "warning", term.explanation or ""
        )
        known[term.category] = cats[term.category]


def _load_yaml_mapping(content: str, source: str) -> dict[Any, Any]:
    """The top-level mapping of a YAML lexicon, with a clear error for bad YAML or a bad shape."""
    import yaml

    try:
        data = yaml.safe_load(content)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark is not None else "（位置未知）"
        raise _err(source, where, f"YAML 格式错误：{getattr(exc, 'problem', None) or exc}") from exc
    if data is None:
        raise _err(source, "", "文件为空")
    if isinstance(data, list):  # a bare list of terms is accepted as a shorthand
        data = {"terms": data}
    if not isinstance(data, dict):
        raise _err(source, "顶层", "应为包含 categories / terms / whitelist 的键值对")
    unknown = set(data) - {"version", "categories", "terms", "whitelist"}
    if unknown:
        names = ", ".join(sorted(map(str, unknown)))
        raise _err(source, "顶层", f"未知字段 {names}（可用 categories、terms、whitelist）")
    return data


def _yaml_terms(
    raw_terms: Any, source: str, cats: dict[str, Category], all_cats: dict[str, Category]
) -> list[Term]:
    """The ``terms`` list (or ``{category: [term, …]}``); categories a term brings are added to ``cats``."""
    if isinstance(raw_terms, dict):  # {category: [term, …]}
        raw_terms = [{"category": c, "terms": ts} for c, ts in raw_terms.items()]
    if not isinstance(raw_terms, list):
        raise _err(source, "terms", "应为列表")
    terms: list[Term] = []
    for i, entry in enumerate(raw_terms, 1):
        where = f"terms 第 {i} 项"
        if isinstance(entry, str):
            raise _err(source, where, f"词条“{entry}”缺少 category（写成 {{term: …, category: …}}）")
        if not isinstance(entry, dict):
            raise _err(source, where, f"应为键值对，实际为 {type(entry).__name__}")
        extra = set(entry) - {"term", "terms", "category", "mode", "severity", "explanation"}
        if extra:
            raise _err(source, where, f"未知字段 {', '.join(sorted(map(str, extra)))}")
        group = entry.get("terms", [entry.get("term")] if "term" in entry else None)
        if not isinstance(group, list) or not group:
            raise _err(source, where, "需要 term（单个词）或 terms（词列表）")
        for j, text in enumerate(group, 1):
            w = where if len(group) == 1 else f"{where}第 {j} 个词"
            terms.append(
                _term(
                    source,
                    w,
                    text,
                    entry.get("category"),
                    entry.get("mode"),
                    entry.get("severity"),
                    entry.get("explanation"),
                    all_cats,
                )
            )
            _adopt_category(terms[-1], cats, all_cats)
    return terms


def parse_yaml(content: str, source: str, known: dict[str, Category]) -> Lexicon:
    data = _load_yaml_mapping(content, source)
    raw_cats = data.get("categories") or {}
    if not isinstance(raw_cats, dict):
        raise _err(source, "categories", "应为“类别名: 定义”的键值对")
    cats = {cid: _category(source, cid, raw) for cid, raw in raw_cats.items()}
    terms = _yaml_terms(data.get("terms") or [], source, cats, {**known, **cats})
    whitelist = data.get("whitelist") or []
    if not isinstance(whitelist, list) or not all(isinstance(w, str) and w.strip() for w in whitelist):
        raise _err(source, "whitelist", "应为非空字符串的列表")
    return Lexicon(cats, terms, [w.strip() for w in whitelist], [source])


def parse_csv(content: str, source: str, known: dict[str, Category]) -> Lexicon:
    """CSV rows: term,category[,severity[,explanation[,mode]]]; an optional header row starts with "term";
    category "whitelist" makes the row a whitelist phrase; lines starting with # are comments."""
    terms: list[Term] = []
    whitelist: list[str] = []
    cats: dict[str, Category] = {}
    rows = csv.reader(io.StringIO(content))
    for lineno, row in enumerate(rows, 1):
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if lineno == 1 and cells[0].lower() in ("term", "词条"):
            continue
        where = f"第 {lineno} 行"
        if len(cells) < 2 or not cells[1]:
            raise _err(source, where, "每行至少需要两列：词条,类别")
        if len(cells) > 5:
            raise _err(source, where, f"列数过多（{len(cells)} 列），格式为 词条,类别,严重程度,说明,模式")
        cells += [""] * (5 - len(cells))
        if cells[1] == WHITELIST:
            whitelist.append(cells[0])
            continue
        terms.append(
            _term(
                source,
                where,
                cells[0],
                cells[1],
                cells[4] or None,
                cells[2] or None,
                cells[3] or None,
                {**known, **cats},
            )
        )
        _adopt_category(terms[-1], cats, {**known, **cats})
    if not terms and not whitelist:
        raise _err(source, "", "没有任何词条")
    return Lexicon(cats, terms, whitelist, [source])


def load_file(path: str | Path, known: dict[str, Category]) -> Lexicon:
    p = Path(path)
    source = str(path)
    if not p.is_file():
        raise ConfigError(f"词表文件 {source} 不存在或不是文件")
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ConfigError(f"无法读取词表文件 {source}：{exc.strerror or exc}") from exc
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _err(source, f"第 {line} 行", "不是 UTF-8 编码，请另存为 UTF-8") from exc
    if p.suffix.lower() == ".csv":
        return parse_csv(content, source, known)
    if p.suffix.lower() in (".yaml", ".yml"):
        return parse_yaml(content, source, known)
    raise ConfigError(f"词表文件 {source} 的格式不受支持：请使用 .yaml/.yml 或 .csv")
