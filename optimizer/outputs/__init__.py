"""A solved ``Result`` out as tables, charts, the appendix workbook, the HTML page and the result folder's bytes.

``result_files`` renders every file of a result folder (name -> bytes); ``folder`` defines that folder's format
and reads it back. Nothing here writes a file: ``files`` does, called from ``api``.
"""

from .render import result_files

__all__ = ["result_files"]
