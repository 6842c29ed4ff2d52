"""One exception family. Messages are Chinese and name the file; the CLI maps them to exit codes."""

from __future__ import annotations


class ReviewError(Exception):
    """Base of every error the library raises on purpose.

    ``code`` is a stable machine-readable id (used in JSON ``error.code``); ``message`` is for people.
    """

    code = "error"

    def __init__(self, message: str, *, path: str | None = None, code: str | None = None) -> None:
        self.path = path
        if code:
            self.code = code
        super().__init__(message)

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""

    def __str__(self) -> str:  # "文件 a.docx：原因"
        base = self.args[0] if self.args else ""
        return f"{self.path}：{base}" if self.path else str(base)


class InputError(ReviewError):
    """The input cannot be read: missing, a directory, empty, corrupt, encrypted, unsupported, too large."""

    code = "unreadable"


class UnsupportedFormat(InputError):
    code = "unsupported_format"


class CorruptFile(InputError):
    code = "corrupt"


class EncryptedFile(InputError):
    code = "encrypted"


class EmptyFile(InputError):
    code = "empty"


class ConfigError(ReviewError):
    """A settings, lexicon, rubric, guide or model file is invalid (a usage error)."""

    code = "config"


class ModelError(ReviewError):
    """An embedding model cannot be loaded or used."""

    code = "model"


class MissingExtra(ReviewError):
    """An optional dependency (e.g. OCR, sentence-transformers) is not installed."""

    code = "missing_extra"
