"""The catalogue: every known procedure, loaded from the compact file shipped in ``knowledge/data``."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from knowledge.procedure import Procedure

DEFAULT_CATALOGUE_PATH = Path(__file__).parent / "data" / "catalogue.json.gz"
FORMAT_VERSION = 1


class CatalogueFormatError(ValueError):
    """Raised when a catalogue file cannot be read."""


class Catalogue:
    """An immutable, code-indexed collection of procedures."""

    def __init__(self, procedures: Iterable[Procedure]) -> None:
        self._by_code: dict[str, Procedure] = {}
        for procedure in procedures:
            self._by_code[procedure.code] = procedure

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Procedure]:
        return iter(self._by_code.values())

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def get(self, code: str) -> Procedure | None:
        """Return the procedure with this code, or None."""
        return self._by_code.get(code)

    def with_overrides(self, procedures: Iterable[Procedure]) -> Catalogue:
        """Return a new catalogue where the given procedures replace or add to this one's."""
        merged = dict(self._by_code)
        for procedure in procedures:
            merged[procedure.code] = procedure
        return Catalogue(merged.values())

    def save(self, path: Path) -> int:
        """Write the catalogue as gzipped JSON (deterministic bytes); return the file size in bytes."""
        payload = {
            "format": FORMAT_VERSION,
            "source": "Cổng Dịch vụ công quốc gia (dichvucong.gov.vn)",
            "procedures": [p.to_dict() for p in sorted(self, key=lambda p: p.code)],
        }
        raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle, gzip.GzipFile(filename="", fileobj=handle, mode="wb", mtime=0) as gz:
            gz.write(raw)
        return path.stat().st_size

    @classmethod
    def load(cls, path: Path | None = None) -> Catalogue:
        """Read a catalogue file (the shipped one by default); raise CatalogueFormatError if it is bad."""
        target = path or DEFAULT_CATALOGUE_PATH
        try:
            with gzip.open(target, "rb") as handle:
                payload = json.loads(handle.read())
            if payload.get("format") != FORMAT_VERSION:
                raise CatalogueFormatError(f"{target}: unsupported format {payload.get('format')!r}")
            return cls(Procedure.from_dict(item) for item in payload["procedures"])
        except (OSError, EOFError, zlib.error, json.JSONDecodeError, KeyError, ValueError, TypeError) as exc:
            if isinstance(exc, CatalogueFormatError):
                raise
            raise CatalogueFormatError(f"{target}: cannot read catalogue ({exc})") from exc
