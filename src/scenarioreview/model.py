"""The one document model every stage passes along.

Frozen dataclasses and no logic: parsers produce a ``Document``; ``segment`` turns it into an
``Application`` with ``Scenario`` objects; checks produce ``Finding`` objects; the classifier produces a
``Classification``; the pipeline bundles everything for one file into a ``FileReport``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Format = Literal["docx", "doc", "wps", "pdf", "txt"]
Status = Literal["ok", "partial", "failed"]
Severity = Literal["error", "warning", "info"]
BlockKind = Literal["paragraph", "heading", "table", "caption", "textbox", "image"]
ApplicationType = Literal["优秀场景", "示范工厂", "unknown"]
TextSource = Literal["text-layer", "ocr"]


@dataclass(frozen=True)
class Block:
    """One body element in document order.

    ``text`` is the visible text without automatic numbering; ``label`` is the rendered automatic numbering
    ("场景一：", "（三）", "3.") that Word draws but does not store in the paragraph text. For tables ``rows``
    holds the cell texts (a multi-paragraph cell joins its paragraphs with "\\n") and ``text`` is empty.
    """

    kind: BlockKind
    text: str = ""
    index: int = 0  # position in the body, 0-based, counting every block
    level: int | None = None  # heading/outline level 1..9; None for body text
    label: str = ""
    style: str = ""
    page: int | None = None  # 1-based page where the block starts (PDF; None when unknown)
    rows: tuple[tuple[str, ...], ...] = ()
    source: TextSource = "text-layer"
    confidence: float | None = None  # OCR confidence 0..1; None for a text layer

    @property
    def display_text(self) -> str:
        """The text as a reader sees it: numbering label followed by the text."""
        return f"{self.label}{self.text}" if self.label else self.text


@dataclass(frozen=True)
class Notice:
    """A non-fatal remark about a file or page (e.g. a page with no text layer)."""

    code: str
    message: str  # Chinese, for people
    page: int | None = None


@dataclass(frozen=True)
class Document:
    path: str
    format: Format
    sha256: str
    blocks: tuple[Block, ...]
    headers: tuple[str, ...] = ()
    footers: tuple[str, ...] = ()
    pages: int | None = None
    status: Status = "ok"
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True)
class Counts:
    """Office-compatible counts (see counting.py)."""

    words: int  # 字数
    chars_no_spaces: int  # 字符数(不计空格)
    chars_with_spaces: int  # 字符数(计空格)
    cjk_chars: int  # 中文字符和朝鲜语单词
    non_cjk_words: int  # 非中文单词


@dataclass(frozen=True)
class Location:
    page: int | None
    paragraph: int  # 1-based paragraph number within the scenario description (or body, for scenarios)


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a scenario description, with where it came from."""

    text: str
    block_index: int
    page: int | None = None
    source: TextSource = "text-layer"


@dataclass(frozen=True)
class Scenario:
    index: int  # 1-based within the application
    title: str
    declared_typical: str | None
    paragraphs: tuple[Paragraph, ...]
    location: Location  # where the scenario starts in the document
    declared_link: str | None = None  # 所属环节 when the form states it
    declared_source: str | None = None  # where declared_typical came from: "label" | "heading" | None

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

    @property
    def from_ocr(self) -> bool:
        return any(p.source == "ocr" for p in self.paragraphs)


@dataclass(frozen=True)
class Applicant:
    name: str | None = None
    credit_code: str | None = None
    industry: str | None = None
    region: str | None = None  # 推荐单位 / city when the form states it
    maturity_level: int | None = None  # GB/T 39116 self-assessment, 1..5


@dataclass(frozen=True)
class Unassigned:
    """A run of body text that belongs to no scenario (outside the cover, tables and the form's end sections)."""

    text: str
    block_index: int
    page: int | None
    chars: int


@dataclass(frozen=True)
class Application:
    """A parsed application form: who applies, for what, with which scenarios."""

    document: Document
    application_type: ApplicationType
    applicant: Applicant
    scenarios: tuple[Scenario, ...]
    structure: str  # how scenarios were found: "headings", "table", "numbering", "fallback", …
    notices: tuple[Notice, ...] = ()
    unassigned: tuple[Unassigned, ...] = ()
    coverage: float | None = None  # share of body characters assigned to scenarios, 0..1


@dataclass(frozen=True)
class Span:
    start: int  # offsets into Scenario.text, half-open
    end: int


@dataclass(frozen=True)
class Finding:
    check: str  # "length", "sensitive", "classification", "completeness", "eligibility", …
    severity: Severity
    message: str  # Chinese, for people
    span: Span | None = None
    evidence: str = ""
    category: str | None = None
    extra: tuple[tuple[str, object], ...] = ()  # small structured details, serialised as an object


@dataclass(frozen=True)
class Match:
    id: str
    name: str
    link: str
    score: float


@dataclass(frozen=True)
class Classification:
    edition: str
    top: tuple[Match, ...]
    none_fits: bool
    declared_matches: bool | None = None
    declared_id: str | None = None
    keywords: tuple[str, ...] = ()
    sentences: tuple[str, ...] = ()


@dataclass(frozen=True)
class LimitCrossing:
    """Where the text goes over the limit (the first 字 past it), so an applicant knows where to cut."""

    paragraph: int  # 1-based within the scenario
    page: int | None
    offset: int  # character offset into Scenario.text just after the limit-th 字
    excerpt: str


@dataclass(frozen=True)
class ScenarioReport:
    scenario: Scenario
    counts: Counts
    limit: int
    crossing: LimitCrossing | None
    findings: tuple[Finding, ...] = ()
    classification: Classification | None = None

    @property
    def over_limit(self) -> bool:
        return self.counts.words > self.limit


@dataclass(frozen=True)
class ErrorInfo:
    code: str
    message: str


@dataclass(frozen=True)
class FileReport:
    """Everything known about one input file; a failed file has ``error`` set and no scenarios."""

    file: str
    sha256: str | None
    format: Format | None
    status: Status
    error: ErrorInfo | None = None
    application: Application | None = None
    scenarios: tuple[ScenarioReport, ...] = ()
    notices: tuple[Notice, ...] = field(default_factory=tuple)
    findings: tuple[Finding, ...] = ()  # file-level: e.g. a secrecy marking in a page header


# --- review level (issue 5): metrics, scores, ranking -------------------------------------------------


@dataclass(frozen=True)
class Metric:
    """A quantified result found in a narrative, e.g. 一次合格率由92.3%提升至98.6%."""

    indicator: str  # the phrase as written, e.g. "一次合格率"
    category: str  # efficiency|quality|cost|cycle|energy|equipment|resource|labour|other
    direction: Literal["up", "down"] | None
    before: float | None
    after: float | None
    change: float | None  # the stated change, in ``change_unit``
    change_unit: str  # "%", "个百分点", "万元", "天", …
    span: Span
    text: str
