"""Side-by-side comparison of solved scenarios: result folders in, comparison tables and files out.

The face of the comparison: ``read_result`` reads a result folder, ``compare`` turns two or more results into a
``Comparison`` (``compare_tables``), and ``comparison_files`` renders it to bytes: a workbook, tidy CSVs and two
charts (``compare_files``), without writing anything.
"""


from __future__ import annotations

from .compare_files import comparison_files, tidy_tables
from .compare_sheets import sheet, workbook_sheets
from .compare_tables import Comparison, ResultTables, compare, read_result

__all__ = ["Comparison", "ResultTables", "compare", "comparison_files", "read_result", "sheet",
           "tidy_tables", "workbook_sheets"]
