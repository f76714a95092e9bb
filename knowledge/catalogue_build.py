"""Build the project's catalogue from the portal's three raw sources (list API, detail API, scraped pages).

Run ``python -m knowledge.catalogue_build [SOURCE_DIR] [OUTPUT]`` to rebuild
``knowledge/data/catalogue.json.gz`` from ``../shared/data`` and print the build report.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from knowledge.catalogue import DEFAULT_CATALOGUE_PATH, Catalogue
from knowledge.procedure import AdminLevel, Procedure
from knowledge.sources import (
    UnusableRecordError,
    page_codes,
    procedure_from_detail,
    procedure_from_list,
    procedure_from_page,
)
from knowledge.sources.name_cleaning import clean_name, fold, shorten

DEFAULT_SOURCE_DIR = Path("..") / "shared" / "data"
SOURCE_FILES: dict[str, str] = {
    "list": "portal-api/catalog.jsonl",
    "detail": "portal-api/details.jsonl",
    "page": "portal-pages/pages.jsonl",
}
SOURCE_ORDER: tuple[str, ...] = ("list", "detail", "page")
Parser = Callable[[dict[str, Any], list[str]], Procedure]
PARSERS: dict[str, Parser] = {
    "list": procedure_from_list,
    "detail": procedure_from_detail,
    "page": procedure_from_page,
}


@dataclass(frozen=True, slots=True)
class CodeMismatch:
    """A scraped page whose stated code differs from the code printed in its own text."""

    line: int
    stated_code: str
    printed_code: str
    page_name: str
    stated_code_name: str  # what the list API calls the stated code ("" when unknown)
    trusted_code: str


@dataclass
class BuildReport:
    """What a catalogue build read, merged, repaired and rejected."""

    read: Counter[str] = field(default_factory=Counter)  # records read per source
    parsed: Counter[str] = field(default_factory=Counter)  # records turned into procedures per source
    # source → codes seen again after their first record (the later records are dropped)
    duplicates: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # source → repair kind → count
    repaired: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    # reason → ["source:line code", ...]
    rejected: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    code_mismatches: list[CodeMismatch] = field(default_factory=list)
    merged: int = 0  # distinct codes in the catalogue
    source_mix: Counter[str] = field(default_factory=Counter)  # e.g. "list+detail+page" → n
    variants: int = 0  # SPECIFIC records linked to a STANDARD one
    variants_ambiguous: int = 0
    # How many shared codes have a page URL equal to the URL built from the list API's id (the proof that
    # list-only records may use that pattern), out of how many shared codes.
    url_pattern_matches: int = 0
    url_pattern_checked: int = 0

    @property
    def rejected_total(self) -> int:
        """Return how many records were rejected, all reasons together."""
        return sum(len(items) for items in self.rejected.values())

    def repairs_by_kind(self) -> Counter[str]:
        """Return the repair counts summed over all sources."""
        total: Counter[str] = Counter()
        for counts in self.repaired.values():
            total.update(counts)
        return total

    def render(self) -> str:
        """Return the report as readable multi-line text."""
        lines = ["Catalogue build report (source: Cổng Dịch vụ công quốc gia)"]
        lines.append("Records read / used / duplicate codes dropped:")
        for source in SOURCE_ORDER:
            lines.append(
                f"  {source:<7} {self.read[source]:>6} read  {self.parsed[source]:>6} used"
                f"  {len(self.duplicates[source]):>4} duplicates"
            )
        for source in SOURCE_ORDER:
            if self.duplicates[source]:
                codes = sorted(set(self.duplicates[source]))
                lines.append(f"  {source} codes seen more than once (first record kept): {', '.join(codes)}")
        lines.append(f"Merged: {self.merged} distinct procedure codes")
        for mix, count in sorted(self.source_mix.items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"  {mix:<18} {count:>6}")
        lines.append(f"Provincial variants linked to a national standard: {self.variants}"
                     f" (ambiguous, left unlinked: {self.variants_ambiguous})")
        lines.append(
            f"Page URLs equal to the portal URL built from the list API id: {self.url_pattern_matches}"
            f" of {self.url_pattern_checked}"
        )
        lines.append("Repairs by kind:")
        for source in SOURCE_ORDER:
            for kind, count in sorted(self.repaired[source].items(), key=lambda item: (-item[1], item[0])):
                lines.append(f"  {source:<7} {kind:<34} {count:>6}")
        lines.append(f"Rejected: {self.rejected_total}")
        for reason, items in sorted(self.rejected.items()):
            shown = ", ".join(items[:10]) + (f", … (+{len(items) - 10})" if len(items) > 10 else "")
            lines.append(f"  {reason} ({len(items)}): {shown}")
        lines.append(
            f"Pages whose stated code differs from the code printed on the page: {len(self.code_mismatches)}"
        )
        for case in self.code_mismatches:
            lines.append(
                f"  line {case.line}: stated {case.stated_code}"
                f" ({shorten(case.stated_code_name, 60) or '?'}), printed {case.printed_code}"
                f" ({shorten(case.page_name, 60)}) → trusted {case.trusted_code}"
            )
        return "\n".join(lines)


def read_jsonl(path: Path) -> Iterator[tuple[int, Any, str]]:
    """Yield (line number, decoded value, error) for each non-blank line; a malformed line has value None."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                yield number, json.loads(raw), ""
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                yield number, None, f"{type(exc).__name__}"


def merge_procedures(
    listed: Procedure | None, detailed: Procedure | None, paged: Procedure | None
) -> Procedure:
    """Return one procedure from up to three source versions of the same code.

    Descriptive facts (name, field, agency, issuer, targets, record type) come from the list API first; the
    detail API wins for online level, online submission, channels, documents, steps, results, legal basis
    and levels; the page fills whatever is still empty. The page's URL is preferred: it is the page itself.
    """
    versions = [p for p in (listed, detailed, paged) if p is not None]
    if not versions:
        raise ValueError("merge_procedures needs at least one version")
    descriptive = versions
    operational = [p for p in (detailed, paged) if p is not None] or versions

    def first(candidates: Sequence[Procedure], attribute: str) -> Any:
        for procedure in candidates:
            value = getattr(procedure, attribute)
            if value:
                return value
        return getattr(candidates[0], attribute)

    base = descriptive[0]
    record_type = first(descriptive, "record_type")
    online_source = detailed or paged or base
    return replace(
        base,
        name=first(descriptive, "name"),
        field=first(descriptive, "field"),
        agency=first(descriptive, "agency"),
        issuer=first(descriptive, "issuer"),
        targets=first(descriptive, "targets"),
        levels=first(operational, "levels"),
        online_level=detailed.online_level if detailed is not None else base.online_level,
        online_submission=online_source.online_submission,
        channels=first(operational, "channels"),
        documents=first(operational, "documents"),
        steps=first(operational, "steps"),
        results=first(operational, "results"),
        legal_basis=first(operational, "legal_basis"),
        url=first([p for p in (paged, detailed, listed) if p is not None], "url"),
        record_type=record_type,
        is_national_standard=record_type == "STANDARD",
        sources=tuple(s for p in versions for s in p.sources),
    )


def variant_key(name: str) -> str:
    """Return the key under which a provincial variant and its national standard share a name."""
    return fold(clean_name(name))


_LEADING_WORDS_RE = re.compile(r"^(?:thu tuc )+")
_LIST_SEPARATORS_RE = re.compile(r"[,;]")
MIN_LINKED_WORDS = 3  # shorter names ("Cấp phép") are too generic to link by containment
NEAR_NAME_RATIO = 90.0  # rapidfuzz ratio of two folded names for a near-identical name
NEAR_NAME_LEAD = 3.0  # ... that the best standard must lead the next one by
NEAR_NAME_MAX_NEW_WORDS = 1  # words of the provincial name absent from the standard's


def _link_key(name: str) -> str:
    """The folded name without a leading "thủ tục", the form names are compared in."""
    return _LEADING_WORDS_RE.sub("", variant_key(name))


@dataclass(frozen=True, slots=True)
class _StandardName:
    procedure: Procedure
    key: str  # folded name, padded with spaces for whole-word containment
    items: tuple[str, ...]  # folded list items of the name ("Giao đất, cho thuê đất, chuyển mục đích …")
    words: frozenset[str]


def _standard_name(procedure: Procedure) -> _StandardName:
    key = _link_key(procedure.name)
    items = tuple(
        _link_key(item) for item in _LIST_SEPARATORS_RE.split(clean_name(procedure.name)) if item.strip()
    )
    return _StandardName(procedure, f" {key} ", items, frozenset(key.split()))


def _similar_standard(
    key: str, standards: list[_StandardName], levels: tuple[AdminLevel, ...] = ()
) -> Procedure | None:
    """Return the one standard of the same field whose name contains or nearly equals ``key``.

    Containment is whole-word ("chuyển mục đích sử dụng đất" in "Giao đất, cho thuê đất, chuyển mục đích
    sử dụng đất …"); several containing names are narrowed to those with a list item starting with the
    key, then to those sharing an administrative level with the variant. Otherwise a near-identical
    name (ratio ≥ :data:`NEAR_NAME_RATIO`, a clear lead, at most :data:`NEAR_NAME_MAX_NEW_WORDS` words
    not in the standard) is taken.
    """
    words = key.split()
    if len(words) < MIN_LINKED_WORDS:
        return None
    padded = f" {key} "
    containing = [s for s in standards if padded in s.key]
    if len(containing) > 1:
        containing = [s for s in containing if any(item.startswith(key) for item in s.items)]
    if len(containing) > 1 and levels:
        containing = [s for s in containing if set(s.procedure.levels) & set(levels)]
    if len(containing) == 1:
        return containing[0].procedure
    if containing:
        return None
    scored = sorted(((fuzz.ratio(key, s.key.strip()), s) for s in standards), key=lambda pair: -pair[0])
    if not scored or scored[0][0] < NEAR_NAME_RATIO:
        return None
    if len(scored) > 1 and scored[1][0] > scored[0][0] - NEAR_NAME_LEAD:
        return None
    best = scored[0][1]
    if len(set(words) - best.words) > NEAR_NAME_MAX_NEW_WORDS:
        return None
    return best.procedure


def link_variants(
    procedures: dict[str, Procedure], report: BuildReport | None = None
) -> dict[str, Procedure]:
    """Return the procedures with ``variant_of`` set on SPECIFIC records that vary one STANDARD record.

    First by an identical name: when several standards share it, the one in the same field is taken; if
    that is still not a single record the variant is left unlinked (and counted as ambiguous). A SPECIFIC
    record with no namesake is then linked to the one standard of its field whose name contains its name
    or nearly equals it (see :func:`_similar_standard`), e.g. a province's "Chuyển mục đích sử dụng đất"
    to the national "Giao đất, cho thuê đất, chuyển mục đích sử dụng đất …".
    """
    standards: dict[str, list[Procedure]] = defaultdict(list)
    by_field: dict[str, list[_StandardName]] = defaultdict(list)
    for procedure in procedures.values():
        if procedure.record_type == "STANDARD":
            standards[variant_key(procedure.name)].append(procedure)
            by_field[procedure.field].append(_standard_name(procedure))
    out = dict(procedures)
    for code, procedure in procedures.items():
        if procedure.record_type != "SPECIFIC":
            continue
        candidates = standards.get(variant_key(procedure.name), [])
        if len(candidates) > 1:
            candidates = [c for c in candidates if c.field == procedure.field]
        if not candidates and procedure.field:
            similar = _similar_standard(
                _link_key(procedure.name), by_field.get(procedure.field, []), procedure.levels
            )
            candidates = [similar] if similar is not None else []
        if len(candidates) == 1:
            out[code] = replace(procedure, variant_of=candidates[0].code)
            if report is not None:
                report.variants += 1
        elif candidates and report is not None:
            report.variants_ambiguous += 1
    return out


def _parse_source(
    source: str, path: Path, report: BuildReport, list_names: dict[str, str]
) -> dict[str, Procedure]:
    parser = PARSERS[source]
    found: dict[str, Procedure] = {}
    if not path.exists():
        report.rejected["missing_file"].append(f"{source}:{path.name}")
        return found
    for line, value, error in read_jsonl(path):
        report.read[source] += 1
        where = f"{source}:{line}"
        if error:
            report.rejected[f"malformed_json ({error})"].append(where)
            continue
        repairs: list[str] = []
        try:
            procedure = parser(value, repairs)
        except UnusableRecordError as exc:
            report.rejected[exc.reason].append(f"{where} {exc.code}".strip())
            continue
        report.repaired[source].update(repairs)
        if source == "page":
            stated, printed = page_codes(value)
            if printed and printed != stated:
                report.code_mismatches.append(
                    CodeMismatch(
                        line=line,
                        stated_code=stated,
                        printed_code=printed,
                        page_name=procedure.name,
                        stated_code_name=list_names.get(stated, ""),
                        trusted_code=procedure.code,
                    )
                )
        if procedure.code in found:
            # Several wrongly-coded pages are copies of one page; the first version of a code is kept.
            report.duplicates[source].append(procedure.code)
            continue
        found[procedure.code] = procedure
        report.parsed[source] += 1
    return found


def build_catalogue(source_dir: Path) -> tuple[Catalogue, BuildReport]:
    """Return the catalogue merged from the three raw sources in ``source_dir`` and the build report.

    Never raises on bad data: malformed lines and unusable records are rejected and listed in the report.
    """
    report = BuildReport()
    parsed: dict[str, dict[str, Procedure]] = {}
    for source in SOURCE_ORDER:
        list_names = {code: p.name for code, p in parsed.get("list", {}).items()}
        parsed[source] = _parse_source(source, source_dir / SOURCE_FILES[source], report, list_names)
    for code, page in parsed["page"].items():
        listed = parsed["list"].get(code)
        if listed is not None and page.url and listed.url:
            report.url_pattern_checked += 1
            report.url_pattern_matches += page.url == listed.url
    codes = sorted(set().union(*(parsed[s].keys() for s in SOURCE_ORDER)))
    merged: dict[str, Procedure] = {}
    for code in codes:
        versions = [parsed[s].get(code) for s in SOURCE_ORDER]
        procedure = merge_procedures(*versions)
        merged[code] = procedure
        report.source_mix["+".join(procedure.sources)] += 1
    merged = link_variants(merged, report)
    report.merged = len(merged)
    return Catalogue(merged.values()), report


def main(argv: Sequence[str] | None = None) -> int:
    """Build the catalogue file from the raw sources, print the report; return the exit code."""
    parser = argparse.ArgumentParser(description="Build the procedure catalogue from the raw portal sources.")
    parser.add_argument("source_dir", nargs="?", type=Path, default=DEFAULT_SOURCE_DIR)
    parser.add_argument("output", nargs="?", type=Path, default=DEFAULT_CATALOGUE_PATH)
    args = parser.parse_args(argv)
    catalogue, report = build_catalogue(args.source_dir)
    print(report.render())
    if len(catalogue) == 0:
        print("No procedures built; the catalogue file was not written.", file=sys.stderr)
        return 1
    size = catalogue.save(args.output)
    print(f"Wrote {len(catalogue)} procedures, {size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
