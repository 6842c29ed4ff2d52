"""Reference-guide editions (附件2 智能制造典型场景参考指引): load, validate, resolve names, import.

A guide edition is a YAML file (see corpora/guides/README.md): ``edition``, ``links`` (环节), and
``scenarios`` with id, link, name, aliases, description, keywords and provenance. Several editions live side
by side; ``crosswalk.yaml`` maps ids between them so a label written against one edition can be resolved in
another. ``import_guide`` reads the official attachment itself (table or numbered-list layout).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .errors import ConfigError, InputError

DEFAULT_EDITION = "2022"


@dataclass(frozen=True)
class GuideItem:
    id: str
    link: str
    name: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    keywords: tuple[str, ...] = ()
    verified: bool = False
    source: str = ""
    confidence: str = ""

    @property
    def label(self) -> str:
        return f"{self.link}-{self.name}"


@dataclass(frozen=True)
class Guide:
    edition: str
    title: str
    links: tuple[str, ...]
    items: tuple[GuideItem, ...]
    notes: str = ""
    _by_id: dict[str, GuideItem] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update({it.id: it for it in self.items})

    def get(self, item_id: str) -> GuideItem:
        try:
            return self._by_id[item_id]
        except KeyError:
            raise ConfigError(f"指引 {self.edition} 年版中没有编号为 {item_id} 的典型场景") from None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(it.id for it in self.items)


# --------------------------------------------------------------------------- loading and validation


def _as_str_list(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise ConfigError(f"{where} 应为字符串列表")
    return tuple(str(v).strip() for v in value if str(v).strip())


def guide_from_dict(data: Any, origin: str = "指引文件") -> Guide:
    """Validate a parsed YAML mapping and build a Guide; every problem is a ConfigError in Chinese."""
    if not isinstance(data, dict):
        raise ConfigError(f"{origin} 格式错误：顶层应为映射（edition / links / scenarios）")
    edition = str(data.get("edition") or data.get("version") or "").strip()
    if not edition:
        raise ConfigError(f"{origin} 缺少 edition（版本号，如 2022）")
    raw_items = data.get("scenarios")
    if not isinstance(raw_items, list) or not raw_items:
        raise ConfigError(f"{origin} 缺少 scenarios 列表或列表为空")
    items: list[GuideItem] = []
    seen: set[str] = set()
    for n, raw in enumerate(raw_items, 1):
        where = f"{origin} 第 {n} 个场景"
        if not isinstance(raw, dict):
            raise ConfigError(f"{where} 应为映射")
        sid = str(raw.get("id") or "").strip()
        name = str(raw.get("name") or "").strip()
        link = str(raw.get("link") or "").strip()
        if not sid or not name or not link:
            raise ConfigError(f"{where} 缺少 id、name 或 link")
        if sid in seen:
            raise ConfigError(f"{origin} 中场景编号 {sid} 重复")
        seen.add(sid)
        prov = raw.get("provenance") or {}
        if not isinstance(prov, dict):
            raise ConfigError(f"{where} 的 provenance 应为映射")
        items.append(
            GuideItem(
                id=sid,
                link=link,
                name=name,
                aliases=_as_str_list(raw.get("aliases"), f"{where} 的 aliases"),
                description=str(raw.get("description") or "").strip(),
                keywords=_as_str_list(raw.get("keywords"), f"{where} 的 keywords"),
                verified=bool(prov.get("verified", False)),
                source=str(prov.get("source") or ""),
                confidence=str(prov.get("confidence") or ""),
            )
        )
    links = _as_str_list(data.get("links"), f"{origin} 的 links") or tuple(
        dict.fromkeys(i.link for i in items)
    )
    unknown = sorted({i.link for i in items} - set(links))
    if unknown:
        raise ConfigError(f"{origin} 中场景所属环节不在 links 列表里：{'、'.join(unknown)}")
    return Guide(
        edition=edition,
        title=str(data.get("title") or f"{edition} 年版"),
        links=links,
        items=tuple(items),
        notes=str(data.get("notes") or ""),
    )


def _read_yaml(path: Path) -> Any:
    import yaml

    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"无法读取指引文件 {path}：{exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"指引文件 {path} 不是有效的 YAML：{exc}") from exc


def available_editions() -> list[str]:
    from .resources import corpora_path

    folder = corpora_path("guides")
    return sorted(p.stem for p in folder.glob("*.yaml") if p.stem[:1].isdigit())


@cache
def load_guide(edition: str = DEFAULT_EDITION) -> Guide:
    """A packaged edition by id ("2022", "2025") or a path to a guide YAML file."""
    from .resources import corpora_path

    path = Path(edition)
    if not (edition.endswith((".yaml", ".yml")) and path.is_file()):
        path = corpora_path("guides", f"{edition}.yaml")
        if not path.is_file():
            have = "、".join(available_editions()) or "无"
            raise ConfigError(
                f"没有 {edition} 年版的典型场景参考指引（可用版本：{have}；也可指定 YAML 文件路径）"
            )
    return guide_from_dict(_read_yaml(path), origin=str(path))


@cache
def load_crosswalk() -> dict[tuple[str, str], dict[str, tuple[str, ...]]]:
    """{(from_edition, to_edition): {from_id: (to_ids…)}} in both directions."""
    from .resources import corpora_path

    path = corpora_path("guides", "crosswalk.yaml")
    if not path.is_file():
        return {}
    data = _read_yaml(path) or {}
    a, b = (str(e) for e in data.get("editions", ["2022", "2025"]))
    fwd: dict[str, tuple[str, ...]] = {}
    back: dict[str, list[str]] = {}
    for row in data.get("map") or []:
        src = str(row.get(a))
        dst = tuple(str(x) for x in row.get(b) or [])
        fwd[src] = dst
        for d in dst:
            back.setdefault(d, []).append(src)
    return {(a, b): fwd, (b, a): {k: tuple(v) for k, v in back.items()}}


# --------------------------------------------------------------------------- resolving declared labels

_PREFIX = re.compile(r"^\s*(?:[（(]?[0-9０-９一二三四五六七八九十]+[）)]?[.、．:：\s]*|典型场景[:：]?)")
_PUNCT = re.compile(r"[\s·•\-—－_/／、，,。:：;；“”\"'（）()《》【】\[\]]+")


def _norm(text: str) -> str:
    return _PUNCT.sub("", _PREFIX.sub("", text)).lower()


def _name_table(guide: Guide) -> dict[str, list[str]]:
    """Normalised name or alias -> item ids."""
    table: dict[str, list[str]] = {}
    for it in guide.items:
        for n in (it.name, *it.aliases):
            table.setdefault(_norm(n), []).append(it.id)
    return table


def _candidate_parts(guide: Guide, text: str) -> list[str]:
    """The declared text, its pieces around dashes and slashes, and the text without a leading 环节 name."""
    parts = [text] + [p for p in re.split(r"[-—－:：/／]", text) if p.strip()]
    for link_name in guide.links:  # "计划调度-车间智能排产" → "车间智能排产"
        if text.startswith(link_name):
            parts.append(text[len(link_name) :])
    return parts


def _via_crosswalk(guide: Guide, parts: list[str]) -> tuple[str, ...]:
    """An exact name of another edition, mapped onto ``guide`` through the crosswalk."""
    for other in available_editions():
        if other == guide.edition:
            continue
        try:
            og = load_guide(other)
        except ConfigError:
            continue
        ids = resolve_name_exact(og, parts)
        mapping = load_crosswalk().get((other, guide.edition), {})
        mapped = tuple(dict.fromkeys(t for i in ids for t in mapping.get(i, ())))
        if mapped:
            return mapped
    return ()


def _fuzzy(table: dict[str, list[str]], parts: list[str], cutoff: float) -> tuple[str, ...]:
    """The closest table key to any part (ties to the smaller key), when at least ``cutoff`` similar."""
    best: tuple[float, str] = (0.0, "")
    for p in parts:
        q = _norm(p)
        for key in table:
            r = difflib.SequenceMatcher(None, q, key).ratio()
            if r > best[0] or (r == best[0] and key < best[1]):
                best = (r, key)
    return tuple(dict.fromkeys(table[best[1]])) if best[0] >= cutoff else ()


def resolve_name(guide: Guide, declared: str, *, fuzzy_cutoff: float = 0.6) -> tuple[str, ...]:
    """Map a declared typical scenario (free text from the form) to item ids of ``guide``.

    Tries, in order: an id, exact name or alias (also after stripping numbering and a leading 环节), a name
    of another edition via the crosswalk, then fuzzy matching. Empty tuple when nothing is close enough.
    """
    text = (declared or "").strip()
    if not text:
        return ()
    if text in guide.ids:
        return (text,)
    parts = _candidate_parts(guide, text)
    table = _name_table(guide)
    for p in parts:
        hit = table.get(_norm(p))
        if hit:
            return tuple(dict.fromkeys(hit))
    return _via_crosswalk(guide, parts) or _fuzzy(table, parts, fuzzy_cutoff)


def resolve_name_exact(guide: Guide, parts: list[str]) -> tuple[str, ...]:
    for it in guide.items:
        keys = {_norm(n) for n in (it.name, *it.aliases)}
        if any(_norm(p) in keys for p in parts):
            return (it.id,)
    return ()


# --------------------------------------------------------------------------- import from the official document

_LINK_LINE = re.compile(r"^\s*[（(]?([一二三四五六七八九十]+)[)）]?[、.．]\s*(.{2,12}?)\s*$")
_ITEM_LINE = re.compile(
    r"^\s*[（(]?(\d{1,2})[)）]?[.、．]?\s*(?:场景\s*\d*[:：]?)?\s*([^。：:；;，,]{2,24}?)(?:[。：:；;]\s*(.*))?$"
)


_GLUED = re.compile(r"(?<=[。；;])(?=\s*\d{1,2}[.．、]\s*[^。；;]{2,24}$)")


def _clean_cell(s: str) -> str:
    return re.sub(r"\s+", "", s or "")


def _from_tables(blocks: list[Any]) -> list[dict[str, str]]:
    items: list[dict[str, str]] = []
    for b in blocks:
        if b.kind != "table" or not b.rows:
            continue
        header = [_clean_cell(c) for c in b.rows[0]]
        col = {}
        for i, h in enumerate(header):
            if "环节" in h and "link" not in col:
                col["link"] = i
            elif ("场景" in h and ("名称" in h or h.endswith("场景"))) and "name" not in col:
                col["name"] = i
            elif ("描述" in h or "内容" in h or "说明" in h) and "desc" not in col:
                col["desc"] = i
        if "name" not in col:
            continue
        link = ""
        for row in b.rows[1:]:
            cells = list(row) + [""] * (len(header) - len(row))
            if "link" in col and _clean_cell(cells[col["link"]]):
                link = _clean_cell(cells[col["link"]])
            name = _clean_cell(cells[col["name"]])
            name = re.sub(r"^\d{1,2}[.、．]?", "", name)
            if not name or not link:
                continue
            desc = cells[col["desc"]].strip() if "desc" in col else ""
            items.append({"link": link, "name": name, "description": re.sub(r"\s*\n\s*", "", desc)})
    return items


def _from_lists(blocks: list[Any]) -> list[dict[str, str]]:
    items: list[dict[str, str]] = []
    link = ""
    lines: list[str] = []
    for b in blocks:
        if b.kind == "table":
            continue
        text = (b.label + b.text).strip() if b.label else b.text.strip()
        # PDF text layers sometimes glue a short item line onto the previous paragraph ("…能力。3.数字孪生工厂构建")
        lines += [p for p in _GLUED.split(text) if p.strip()]
    for line in lines:
        m = _LINK_LINE.match(line)
        if m and not line.endswith("。"):
            link = m.group(2)
            continue
        m = _ITEM_LINE.match(line)
        if m and link:
            items.append(
                {"link": link, "name": m.group(2).strip(), "description": (m.group(3) or "").strip()}
            )
            continue
        if items and items[-1]["link"] == link and link:  # a description paragraph after its item line
            items[-1]["description"] = (items[-1]["description"] + line).strip()
    return items


def import_guide(path: str | Path, edition: str) -> Guide:
    """Read the official 附件2 (.doc/.docx/.pdf/.txt) into a Guide; ids are the official order 01, 02, …"""
    from .parsers import parse

    doc = parse(path, ocr="never")
    blocks = list(doc.blocks)
    raw = _from_tables(blocks) or _from_lists(blocks)
    if not raw:
        raise InputError(
            "未在文件中找到典型场景列表（应为“环节|场景|描述”表格，或“一、环节 / 1. 场景”编号列表）",
            path=str(path),
            code="no_guide",
        )
    items = []
    for n, r in enumerate(raw, 1):
        items.append(
            {
                "id": f"{n:02d}",
                "link": r["link"],
                "name": r["name"],
                "aliases": [],
                "description": r["description"],
                "keywords": [],
                "provenance": {"verified": True, "source": f"导入自官方文件 {Path(path).name}"},
            }
        )
    data = {
        "edition": edition,
        "title": f"智能制造典型场景参考指引（{edition}）",
        "links": list(dict.fromkeys(r["link"] for r in raw)),
        "scenarios": items,
    }
    return guide_from_dict(data, origin=str(path))


def guide_to_dict(guide: Guide) -> dict[str, Any]:
    return {
        "edition": guide.edition,
        "title": guide.title,
        "notes": guide.notes,
        "links": list(guide.links),
        "scenarios": [
            {
                "id": it.id,
                "link": it.link,
                "name": it.name,
                "aliases": list(it.aliases),
                "description": it.description,
                "keywords": list(it.keywords),
                "provenance": {
                    "verified": it.verified,
                    "source": it.source,
                    **({"confidence": it.confidence} if it.confidence else {}),
                },
            }
            for it in guide.items
        ],
    }


def dump_guide(guide: Guide) -> str:
    import yaml

    return yaml.safe_dump(guide_to_dict(guide), allow_unicode=True, sort_keys=False, width=200)
