"""Segmentation: a parsed Document -> an Application with its Scenarios.

The flow, one module a step:
  items.py       Document blocks -> Items (text lines; table cells read as form labels and values)
  roles.py       Items -> roles (cover, section heading, furniture, …) so that no layout rule needs to guess
  walk.py        Items + roles -> scenario drafts (one pass of a small state machine)
  application.py drafts -> Application: scenarios, declarations and where they came from, coverage, text that
                 belongs to no scenario
  applicant.py   who applies for what (cover and company table)
  sections.py    second strategy: unmarked child headings of the form's scenario section
  patterns.py    every Chinese heading, numbering and label pattern, compiled once and named
"""

from .application import NO_STRUCTURE, read_application, split_scenarios

__all__ = ["NO_STRUCTURE", "read_application", "split_scenarios"]
