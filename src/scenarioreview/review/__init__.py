"""The review level: a province batch of FileReports -> scores, duplicates, ranking -> one ``Review``.

batch.py builds the review (workspace, analysis cache, duplicates, exclusions), scoring.py holds the rubric
criteria and the expert merge, meeting.py the meeting commands as data, experts.py the expert score sheets.
"""
