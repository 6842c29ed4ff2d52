"""The review workspace: OUTDIR/review.sqlite, keyed by file content hash.

Schema (version 1; see README "工作区"):
  meta(key, value)                      schema_version, tool_version
  runs(id, started, finished, inputs_json, settings_json, processed, reused, failed)
  documents(sha256, analysis_key, file, format, status, error_code, error_message, application_type,
            applicant_name, industry, region, report_json, report_blob)   -- one analysed file
  files(path, sha256, run_id)           -- which paths the latest runs read, failed files included
  scenarios(sha256, idx, title, declared, text, words, over_limit, top_id, top_name, top_score)
  duplicates(set_key, payload_blob)     -- cached duplicate report for one set of scenarios
  derived(kind, key, payload_blob)      -- other caches, e.g. kind "profiles": content profiles of one
                                           document's scenarios (added in place: older version-1
                                           workspaces get the table on opening, nothing else changes)
  scores(sha256, rubric_key, payload_json)
  expert_scores(submission, expert, score, imported_at)
  ranking(run_id, sha256, application_type, rank, recommended, priority, score, reason)

``report_blob`` is a pickle of the FileReport (an internal cache, rebuilt when ``analysis_key`` changes). Blobs are
read with a restricted unpickler that only builds this package's own dataclasses and plain containers, so a
workspace received from someone else cannot run code; a blob it refuses is treated as a cache miss.
``report_json`` is the public document contract. Opening a workspace with an older schema version migrates it;
a newer one is refused with a clear message.
"""

from __future__ import annotations

import errno
import fcntl
import importlib
import io
import json
import os
import pickle
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .model import FileReport
from .safetext import display_path, json_safe

SCHEMA_VERSION = 1
_PICKLE_MODULES = frozenset(
    {"scenarioreview.model", "scenarioreview.duplicates", "scenarioreview.checks.completeness"}
)
_PICKLE_BUILTINS = frozenset(
    {"tuple", "list", "dict", "set", "frozenset", "str", "int", "float", "bool", "bytes"}
)


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module == "builtins" and name in _PICKLE_BUILTINS:
            return super().find_class(module, name)
        if module in _PICKLE_MODULES:
            obj = getattr(importlib.import_module(module), name, None)
            if isinstance(obj, type) and obj.__module__ == module:
                return obj
        raise pickle.UnpicklingError(f"refused to load {module}.{name} from a workspace")


def safe_loads(blob: bytes) -> Any | None:
    """Unpickle a workspace blob, or None when it holds anything but our own data types (or is stale)."""
    try:
        return _SafeUnpickler(io.BytesIO(blob)).load()
    except Exception:  # noqa: BLE001 - refused, or written by an incompatible version (any error): recompute
        return None


DB_NAME = "review.sqlite"

_DDL = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs(id INTEGER PRIMARY KEY AUTOINCREMENT, started REAL, finished REAL,
    inputs_json TEXT, settings_json TEXT, processed INTEGER, reused INTEGER, failed INTEGER);
CREATE TABLE IF NOT EXISTS documents(sha256 TEXT PRIMARY KEY, analysis_key TEXT NOT NULL, file TEXT,
    format TEXT, status TEXT, error_code TEXT, error_message TEXT, application_type TEXT, applicant_name TEXT,
    industry TEXT, region TEXT, report_json TEXT NOT NULL, report_blob BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS files(path TEXT PRIMARY KEY, sha256 TEXT, run_id INTEGER, error_code TEXT,
    error_message TEXT);
CREATE TABLE IF NOT EXISTS scenarios(sha256 TEXT, idx INTEGER, title TEXT, declared TEXT, text TEXT,
    words INTEGER, over_limit INTEGER, top_id TEXT, top_name TEXT, top_score REAL, PRIMARY KEY(sha256, idx));
CREATE TABLE IF NOT EXISTS duplicates(set_key TEXT PRIMARY KEY, payload_blob BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS derived(kind TEXT, key TEXT, payload_blob BLOB NOT NULL, PRIMARY KEY(kind, key));
CREATE TABLE IF NOT EXISTS scores(sha256 TEXT, rubric_key TEXT, payload_json TEXT, PRIMARY KEY(sha256));
CREATE TABLE IF NOT EXISTS expert_scores(submission TEXT, expert TEXT, score REAL, imported_at REAL,
    PRIMARY KEY(submission, expert));
CREATE TABLE IF NOT EXISTS ranking(run_id INTEGER, sha256 TEXT, application_type TEXT, rank INTEGER,
    recommended INTEGER, priority INTEGER, score REAL, reason TEXT, PRIMARY KEY(run_id, sha256));
"""


LOCK_NAME = ".review.lock"


def prepare_out_dir(folder: str | Path) -> Path:
    """Create the output folder, or say in Chinese why it cannot be one (not a folder, no permission, …)."""
    p = Path(folder)
    shown = display_path(str(folder))
    if p.exists() and not p.is_dir():
        raise ConfigError("输出位置已存在且不是目录，请用 --out 指定一个目录", path=shown)
    try:
        p.mkdir(parents=True, exist_ok=True)
    except NotADirectoryError as exc:
        raise ConfigError("无法创建输出目录：路径中的上级是一个文件，不是目录", path=shown) from exc
    except OSError as exc:
        raise ConfigError(f"无法创建输出目录：{_reason(exc)}", path=shown) from exc
    if not os.access(p, os.W_OK | os.X_OK):
        raise ConfigError("输出目录没有写权限（只读目录或权限不足），请换一个目录或修改权限", path=shown)
    return p


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "磁盘空间已满"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "没有写权限（只读目录或只读文件系统）"
    return exc.strerror or type(exc).__name__


@contextmanager
def workspace_lock(folder: str | Path) -> Iterator[None]:
    """Hold the workspace for one writing run; a second ``review`` on the same --out is refused, not mixed in."""
    p = prepare_out_dir(folder)
    try:
        fd = os.open(p / LOCK_NAME, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as exc:
        raise ConfigError(f"无法创建工作区锁文件：{_reason(exc)}", path=display_path(str(folder))) from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise ConfigError(
                "工作区正被另一个审查任务（review 或 scores import）使用，请等其完成后再运行",
                path=display_path(str(folder)),
                code="busy",
            ) from exc
        yield
    finally:
        os.close(fd)  # closing releases the lock


class Workspace:
    """A review workspace folder holding review.sqlite and the reports."""

    def __init__(self, folder: str | Path, *, create: bool = False) -> None:
        self.folder = Path(folder)
        self._loaded: dict[str, FileReport] = {}  # reports unpickled by this connection (read-only use)
        db = self.folder / DB_NAME if self.folder.suffix != ".sqlite" else self.folder
        if self.folder.suffix == ".sqlite":
            self.folder = self.folder.parent
        if not db.exists() and not create:
            raise ConfigError(
                "不是审查工作区：找不到 review.sqlite（请先运行 scenarioreview review）", path=str(folder)
            )
        if create:
            prepare_out_dir(self.folder)
        try:
            self.db = sqlite3.connect(db)
            self.db.execute("PRAGMA journal_mode=WAL")
            self._migrate()
        except sqlite3.OperationalError as exc:  # permissions, a full disk, a locked file: not corruption
            raise ConfigError(f"无法读写工作区数据库：{exc}（请检查写权限与磁盘空间）", path=str(db)) from exc
        except sqlite3.DatabaseError as exc:
            raise ConfigError(f"工作区数据库已损坏或不是 SQLite 文件：{exc}", path=str(db)) from exc

    def _migrate(self) -> None:
        has_meta = self.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'"
        ).fetchone()
        version = 0
        if has_meta:
            row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            version = int(row[0]) if row else 0
        if version > SCHEMA_VERSION:
            raise ConfigError(
                f"工作区由更新版本的工具创建（结构版本 {version}，本工具支持 {SCHEMA_VERSION}），请升级 scenarioreview"
            )
        with self.db:
            self.db.executescript(_DDL)
            # Future versions add ALTER TABLE steps here, keyed on ``version``.
            self.db.execute("INSERT OR REPLACE INTO meta VALUES('schema_version', ?)", (str(SCHEMA_VERSION),))

    def close(self) -> None:
        self.db.close()

    # --- documents ---------------------------------------------------------------------------------
    def cached_report(self, sha: str, analysis_key: str) -> FileReport | None:
        row = self.db.execute(
            "SELECT report_blob FROM documents WHERE sha256=? AND analysis_key=?", (sha, analysis_key)
        ).fetchone()
        if not row:
            return None
        rep = safe_loads(row[0])
        if rep is not None:
            self._loaded[sha] = rep  # build_review reads the same reports again right after
        return rep

    def save_report(self, rep: FileReport, analysis_key: str, report_json: dict[str, Any]) -> None:
        app = rep.application
        with self.db:
            self.db.execute(
                "INSERT OR REPLACE INTO documents VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    rep.sha256,
                    analysis_key,
                    rep.file,
                    rep.format,
                    rep.status,
                    rep.error.code if rep.error else None,
                    rep.error.message if rep.error else None,
                    app.application_type if app else None,
                    app.applicant.name if app else None,
                    app.applicant.industry if app else None,
                    app.applicant.region if app else None,
                    json.dumps(report_json, ensure_ascii=False),
                    pickle.dumps(rep, protocol=5),
                ),
            )
            self._loaded.pop(rep.sha256 or "", None)
            self.db.execute("DELETE FROM scenarios WHERE sha256=?", (rep.sha256,))
            self.db.executemany(
                "INSERT INTO scenarios VALUES(?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        rep.sha256,
                        s.scenario.index,
                        s.scenario.title,
                        s.scenario.declared_typical,
                        s.scenario.text,
                        s.counts.words,
                        int(s.over_limit),
                        s.classification.top[0].id if s.classification and s.classification.top else None,
                        s.classification.top[0].name if s.classification and s.classification.top else None,
                        s.classification.top[0].score if s.classification and s.classification.top else None,
                    )
                    for s in rep.scenarios
                ],
            )

    def record_files(
        self, run_id: int, entries: Iterable[tuple[str, str | None, str | None, str | None]]
    ) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO files VALUES(?,?,?,?,?)",
                [(p, sha, run_id, code, msg) for p, sha, code, msg in entries],
            )

    def reports(self, shas: Sequence[str]) -> list[FileReport]:
        out = []
        for sha in shas:
            if sha in self._loaded:
                out.append(self._loaded[sha])
                continue
            row = self.db.execute("SELECT report_blob FROM documents WHERE sha256=?", (sha,)).fetchone()
            if row:
                rep = safe_loads(row[0])
                if rep is None:
                    raise ConfigError(
                        "工作区中的分析结果无法读取（由不兼容的版本写入或已被改动），请删除该输出目录后重新运行 review",
                        path=str(self.folder),
                    )
                out.append(rep)
        return out

    # --- runs ----------------------------------------------------------------------------------------
    def start_run(self, inputs: Sequence[str], settings: dict[str, Any]) -> int:
        with self.db:
            cur = self.db.execute(
                "INSERT INTO runs(started, inputs_json, settings_json) VALUES(?,?,?)",
                (
                    time.time(),
                    json_safe(json.dumps(list(inputs), ensure_ascii=False)),
                    json_safe(json.dumps(settings, ensure_ascii=False)),
                ),
            )
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, processed: int, reused: int, failed: int) -> None:
        with self.db:
            self.db.execute(
                "UPDATE runs SET finished=?, processed=?, reused=?, failed=? WHERE id=?",
                (time.time(), processed, reused, failed, run_id),
            )

    def latest_run(self) -> tuple[int, list[str], dict[str, Any]]:
        row = self.db.execute(
            "SELECT id, inputs_json, settings_json FROM runs WHERE finished IS NOT NULL "
            "ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if not row:
            raise ConfigError("工作区中还没有完成的审查记录", path=str(self.folder))
        return int(row[0]), json.loads(row[1]), json.loads(row[2])

    def run_files(self, run_id: int) -> list[tuple[str, str | None, str | None, str | None]]:
        return [
            tuple(r)
            for r in self.db.execute(
                "SELECT path, sha256, error_code, error_message FROM files WHERE run_id=? ORDER BY path",
                (run_id,),
            )
        ]

    # --- cached derived data --------------------------------------------------------------------------
    def cached_blob(self, table: str, key: str) -> Any | None:
        assert table == "duplicates"
        row = self.db.execute("SELECT payload_blob FROM duplicates WHERE set_key=?", (key,)).fetchone()
        return safe_loads(row[0]) if row else None

    def save_blob(self, table: str, key: str, value: Any) -> None:
        assert table == "duplicates"
        with self.db:
            self.db.execute(
                "INSERT OR REPLACE INTO duplicates VALUES(?,?)", (key, pickle.dumps(value, protocol=5))
            )

    def cached_many(self, kind: str, keys: Sequence[str]) -> dict[str, Any]:
        """Cached derived values of ``kind`` for the keys present (one query per 500 keys)."""
        out: dict[str, Any] = {}
        for i in range(0, len(keys), 500):
            chunk = list(keys[i : i + 500])
            q = ",".join("?" * len(chunk))
            for key, blob in self.db.execute(
                f"SELECT key, payload_blob FROM derived WHERE kind=? AND key IN ({q})", (kind, *chunk)
            ):
                value = safe_loads(blob)
                if value is not None:
                    out[key] = value
        return out

    def save_many(self, kind: str, items: dict[str, Any]) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO derived VALUES(?,?,?)",
                [(kind, k, pickle.dumps(v, protocol=5)) for k, v in items.items()],
            )

    def save_ranking(
        self, run_id: int, rows: Iterable[tuple[str, str, int, bool, int | None, float, str]]
    ) -> None:
        with self.db:
            self.db.execute("DELETE FROM ranking WHERE run_id=?", (run_id,))
            self.db.executemany("INSERT INTO ranking VALUES(?,?,?,?,?,?,?,?)", [(run_id, *r) for r in rows])

    def save_scores(self, rows: Iterable[tuple[str, str, dict[str, Any]]]) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO scores VALUES(?,?,?)",
                [(sha, key, json.dumps(p, ensure_ascii=False)) for sha, key, p in rows],
            )

    # --- expert scores ---------------------------------------------------------------------------------
    def import_expert_scores(self, rows: Iterable[tuple[str, str, float]]) -> int:
        now = time.time()
        rows = list(rows)
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO expert_scores VALUES(?,?,?,?)",
                [(s, e, float(v), now) for s, e, v in rows],
            )
        return len(rows)

    def expert_scores(self) -> dict[str, list[float]]:
        out: dict[str, list[float]] = {}
        for sub, score in self.db.execute(
            "SELECT submission, score FROM expert_scores ORDER BY submission, expert"
        ):
            out.setdefault(sub, []).append(float(score))
        return out
