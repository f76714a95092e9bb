"""Parsers for the portal's three raw sources: list API, detail API and scraped pages.

Each parser is a pure function from one raw record (a dict) to a ``Procedure``; pass a list as ``repairs`` to
collect the kinds of repairs and defects noticed. A record that cannot be used raises ``UnusableRecordError``
(a ``ValueError``).
"""

from knowledge.sources.portal_detail import online_level_from_detail, procedure_from_detail
from knowledge.sources.portal_list import procedure_from_list
from knowledge.sources.portal_pages import page_codes, procedure_from_page
from knowledge.sources.record_errors import UnusableRecordError

__all__ = [
    "UnusableRecordError",
    "online_level_from_detail",
    "page_codes",
    "procedure_from_detail",
    "procedure_from_list",
    "procedure_from_page",
]
