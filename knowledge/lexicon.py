"""The abbreviation lexicon: everyday words citizens use, mapped to the official wording of procedure names.

The shipped table is ``knowledge/lexicon.tsv`` (columns ``phrase<TAB>expansion<TAB>note``, one header line,
``#`` comments); a note starting with "typo" marks the phrase as a misspelling of its expansion, which the
search then rewrites in place. Admins can add aliases at run time with :meth:`Lexicon.with_entries`.

:meth:`Lexicon.expand` *appends* expansions instead of replacing the phrase: the user's own words stay in the
query (so a name that really contains them still scores), and the official wording is added for the words
the user did not type. Expansion words the query already holds, with the same accents, are not repeated.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from knowledge.text import PhraseMatch, PhraseMatcher, normalize

DEFAULT_PATH = Path(__file__).with_name("lexicon.tsv")
HEADER = ("phrase", "expansion", "note")
TYPO_NOTE = "typo"  # a note starting so marks the phrase as a misspelling of its expansion


class LexiconError(ValueError):
    """A lexicon entry or file line is malformed; ``line`` is the 1-based line number when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(f"line {line}: {message}" if line is not None else message)
        self.line = line


class Lexicon:
    """An immutable set of phrase → expansion entries with a fast whole-word matcher."""

    def __init__(self, entries: dict[str, str], typos: Iterable[str] = ()) -> None:
        self._entries = dict(entries)
        self._matcher: PhraseMatcher[str] = PhraseMatcher(self._entries.items())
        # Phrases whose note starts with "typo": a misspelling of their expansion, not another name for it.
        self.typos = frozenset(phrase for phrase in typos if phrase in self._entries)

    @classmethod
    def load(cls, path: Path | None = None) -> Lexicon:
        """Read a lexicon TSV (the shipped one by default); a bad line raises :class:`LexiconError`."""
        source = path or DEFAULT_PATH
        try:
            text = source.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise LexiconError(f"{source.name} is not UTF-8: {exc}") from exc
        lines = text.splitlines()
        if not lines or tuple(cell.strip().lower() for cell in lines[0].split("\t")) != HEADER:
            raise LexiconError("the header must be 'phrase<TAB>expansion<TAB>note'", 1)
        entries: dict[str, str] = {}
        typos: list[str] = []
        first_seen: dict[str, int] = {}
        for number, line in enumerate(lines[1:], start=2):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) not in (2, 3):
                raise LexiconError(f"expected 2 or 3 tab-separated columns, found {len(cells)}", number)
            phrase, expansion = _clean_entry(cells[0], cells[1], number)
            if phrase in entries:
                first = first_seen[phrase]
                raise LexiconError(f"duplicate phrase {phrase!r} (first on line {first})", number)
            entries[phrase] = expansion
            first_seen[phrase] = number
            if len(cells) == 3 and cells[2].strip().lower().startswith(TYPO_NOTE):
                typos.append(phrase)
        return cls(entries, typos)

    @classmethod
    def from_entries(cls, entries: Iterable[tuple[str, str]]) -> Lexicon:
        """Build a lexicon from (phrase, expansion) pairs; later pairs override earlier ones."""
        cleaned: dict[str, str] = {}
        for index, (phrase, expansion) in enumerate(entries, start=1):
            key, value = _clean_entry(phrase, expansion, index)
            cleaned[key] = value
        return cls(cleaned)

    def with_entries(self, extra: Iterable[tuple[str, str]]) -> Lexicon:
        """Return a new lexicon with ``extra`` pairs added (they override entries with the same phrase)."""
        merged = dict(self._entries)
        added = Lexicon.from_entries(extra)._entries
        merged.update(added)
        return Lexicon(merged, self.typos - added.keys())

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, phrase: object) -> bool:
        return isinstance(phrase, str) and normalize(phrase) in self._entries

    def entries(self) -> list[tuple[str, str]]:
        """Return every (phrase, expansion) pair, normalized, in insertion order."""
        return list(self._entries.items())

    def find(self, cleaned_query: str) -> list[PhraseMatch[str]]:
        """Return the phrases found in the normalized words of the query, with their word positions."""
        return self._matcher.find(normalize(cleaned_query).split(), overlapping=True)

    def matches(self, cleaned_query: str) -> list[tuple[str, str]]:
        """Return the (phrase, expansion) pairs found in the query, left to right, longest match first.

        Overlapping phrases both count when neither holds the other ("giấy phép xây dựng nhà ở")."""
        return [(m.phrase, m.value) for m in self.find(cleaned_query)]

    def expand(self, cleaned_query: str, found: Sequence[PhraseMatch[str]] | None = None) -> str:
        """Return the query followed by the expansion of every phrase it contains, or of ``found`` only
        (phrases the caller already looked up with :meth:`find`, perhaps leaving some out).

        Phrases match whole words, accented or typed without diacritics ("so do" → "sổ đỏ"), longest first:
        "lam cccd" → "lam cccd thẻ căn cước"; "sổ đỏ" → "sổ đỏ giấy chứng nhận quyền sử dụng đất".
        An expansion the query already contains word for word (same accents) is not added again.
        """
        text = " ".join(normalize(cleaned_query).split())
        matches = self.find(text) if found is None else found
        if not matches:
            return text
        parts = [text]
        padded = f" {text} "
        for match in matches:
            if f" {match.value} " not in padded:
                parts.append(match.value)
                padded += f"{match.value} "
        return " ".join(parts)


def _clean_entry(phrase: str, expansion: str, line: int) -> tuple[str, str]:
    key, value = normalize(phrase), normalize(expansion)
    if not key:
        raise LexiconError("empty phrase", line)
    if not value:
        raise LexiconError(f"empty expansion for {key!r}", line)
    return key, value
