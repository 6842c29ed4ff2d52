"""Per-file budgets and worker hygiene for batch runs.

A batch of hundreds of files must not stall on one: each file gets a time budget (an interval timer that
interrupts the analysis), and each pool worker an address-space limit, so that a file needing more memory
fails with ``too_large`` instead of taking the machine down. Workers also ask the kernel to kill them when
their parent dies: a ``kill -9`` of ``review`` must not leave orphans holding ~100 MB each.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")

# Generous defaults: the slowest honest file (a 300-page scanned PDF with OCR) takes a few minutes, and an
# OCR worker reserves about 2 GB of address space (1.8 GB VmPeak on a one-page scan; RSS is half that).
FILE_SECONDS = float(os.environ.get("SCENARIOREVIEW_FILE_SECONDS", "900"))
WORKER_MEMORY_MB = int(os.environ.get("SCENARIOREVIEW_WORKER_MEMORY_MB", "6144"))
_PR_SET_PDEATHSIG = 1


class OverBudget(BaseException):
    """Raised inside the analysis when the file's time is up. A BaseException so that the parsers' and
    checks' ``except Exception`` (which turn bugs into notices) cannot swallow it."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds

    @property
    def message(self) -> str:
        return (
            f"处理时间超过每个文件 {self.seconds:g} 秒的上限，已停止（文件可能异常庞大或被恶意构造）；"
            "其余文件照常审查"
        )


MEMORY_MESSAGE = "处理所需内存超过每个文件的上限，已停止（文件可能异常庞大或被恶意构造）；其余文件照常审查"


@contextmanager
def time_budget(seconds: float | None = None) -> Iterator[None]:
    """Raise OverBudget in this (main) thread after ``seconds``; no-op elsewhere or when 0."""
    seconds = FILE_SECONDS if seconds is None else seconds
    if (
        seconds <= 0
        or threading.current_thread() is not threading.main_thread()
        or not hasattr(signal, "setitimer")
    ):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise OverBudget(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def within_budget(fn: Callable[[], T], on_timeout: Callable[[OverBudget], T]) -> T:
    try:
        with time_budget():
            return fn()
    except OverBudget as exc:
        return on_timeout(exc)


def _die_with_parent(parent: int) -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: nothing to ask for
        return
    if os.getppid() != parent:  # the parent died before the request was in place
        os._exit(1)


def init_worker(parent: int) -> None:
    """Pool initializer: die with the parent, cap the address space."""
    _die_with_parent(parent)
    if WORKER_MEMORY_MB > 0:
        try:
            import resource

            limit = WORKER_MEMORY_MB * 1024 * 1024
            _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            if hard == resource.RLIM_INFINITY or hard > limit:
                resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        except (ImportError, ValueError, OSError):
            pass
