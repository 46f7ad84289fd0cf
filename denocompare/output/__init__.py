"""Output: everything DenoCompare writes to disk (charts, tables, workbooks, the report).

Kept apart from ``io`` (input) so that reading a dataset never sits above plotting:
input knows nothing of charts, output draws them. Qt-free, like the rest of the core.
"""
