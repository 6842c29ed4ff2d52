"""The review level: a province batch of FileReports -> scores, duplicates, ranking -> one typed ``Review``.

types.py       the frozen objects (Review, SubmissionResult, ScenarioResult, ScoreCard, DuplicatePair, …)
serialise.py   the one serialiser of the review/1 JSON (report.json) and the one loader back into a Review
batch.py       run_review / build_review / rebuild: workspace -> duplicates -> scores -> ranking -> Review
analysis.py    the analysis cache (content hash + analysis key) and cached content profiles
exclusions.py  why a submission stays off the list (hard exclusions, flags)
results.py     FileReport -> the masked SubmissionResult the reports show
rubric.py      the typed rubric; scoring.py the seven criteria and the expert merge; ranking.py the quotas
meeting.py     the meeting commands as typed views; experts.py expert score sheets
"""
