"""``tthc-bot ask``: answer one question, or a file of questions, from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from babel.numbers import format_currency, format_decimal

from knowledge.aspects import Aspect
from knowledge.catalogue import Catalogue, CatalogueFormatError
from knowledge.lexicon import Lexicon
from knowledge.procedure import AdminLevel, Channel, OnlineLevel, Procedure, SubmissionMethod, TimeUnit
from knowledge.search import Decision, SearchIndex, SearchResult

SOURCE_LINE = "Nguồn: Cổng Dịch vụ công quốc gia"
MAX_LISTED = 15

_METHODS = {
    SubmissionMethod.ONLINE: "Trực tuyến",
    SubmissionMethod.POSTAL: "Dịch vụ bưu chính",
    SubmissionMethod.DIRECT: "Trực tiếp",
}
_UNITS = {
    TimeUnit.WORKING_DAY: "ngày làm việc",
    TimeUnit.DAY: "ngày",
    TimeUnit.MONTH: "tháng",
    TimeUnit.HOUR: "giờ",
    TimeUnit.OTHER: "",
}
_LEVELS = {
    AdminLevel.CENTRAL: "cấp trung ương",
    AdminLevel.PROVINCE: "cấp tỉnh",
    AdminLevel.COMMUNE: "cấp xã",
    AdminLevel.OTHER: "cơ quan khác",
}


def register(subparsers: Any) -> None:
    """Add the ``ask`` sub-command to the CLI parser."""
    parser = subparsers.add_parser(
        "ask",
        help="Hỏi về một thủ tục hành chính / ask about a procedure",
        description="Tìm thủ tục hành chính phù hợp với câu hỏi và trả lời.",
    )
    parser.add_argument("question", nargs="?", help="câu hỏi, ví dụ: \"đăng ký khai sinh cần gì\"")
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    parser.add_argument(
        "--batch", type=Path, metavar="FILE", help="mỗi dòng một câu hỏi; in mỗi dòng một JSON"
    )
    parser.add_argument("--k", type=int, default=5, help="số thủ tục tối đa (mặc định 5)")
    parser.add_argument("--catalogue", type=Path, default=None, help="tệp danh mục thay cho tệp đi kèm")
    parser.set_defaults(func=run)


def online_level_words(procedure: Procedure) -> str:
    """Return the online service level of ``procedure`` in Vietnamese words (never guessed)."""
    if procedure.online_level is OnlineLevel.FULL:
        return "Nộp trực tuyến toàn trình"
    if procedure.online_level is OnlineLevel.PARTIAL:
        return "Nộp trực tuyến một phần"
    if procedure.online_level is OnlineLevel.OFFLINE:
        return "Chỉ nộp trực tiếp"
    if procedure.online_submission:
        return "Có thể nộp trực tuyến; mức độ chưa được công bố"
    return "Chưa rõ mức độ trực tuyến"


def result_to_json(question: str, result: SearchResult) -> dict[str, Any]:
    """Return the machine-readable form of a search result (the ``--json`` schema)."""
    return {
        "query": question,
        "aspect": str(result.aspect),
        "decision": result.decision.value,
        "matches": [
            {
                "code": m.procedure.code,
                "name": m.procedure.name,
                "score": m.score,
                "online_level": m.procedure.online_level.value,
            }
            for m in result.matches[:5]
        ],
    }


def _time_words(channel: Channel) -> str:
    if channel.time_value is not None:
        value = format_decimal(channel.time_value, locale="vi_VN")
        unit = _UNITS.get(channel.time_unit, "") if channel.time_unit else ""
        return f"{value} {unit}".strip()
    return channel.time_text


def _aspect_lines(procedure: Procedure, aspect: Aspect) -> list[str]:
    """Return the facts the asked aspect calls for, or a line saying the source does not give them."""
    lines: list[str] = []
    missing = "Nguồn chưa công bố thông tin này; xem trang chính thức bên dưới."
    if aspect == Aspect.DOCUMENTS:
        lines.append("Hồ sơ cần có:")
        for doc in procedure.documents[:MAX_LISTED]:
            counts = []
            if doc.originals:
                counts.append(f"{doc.originals} bản chính")
            if doc.copies:
                counts.append(f"{doc.copies} bản sao")
            suffix = f" ({', '.join(counts)})" if counts else ""
            lines.append(f"- {doc.name}{suffix}")
        if len(procedure.documents) > MAX_LISTED:
            lines.append(f"- … và {len(procedure.documents) - MAX_LISTED} giấy tờ khác")
    elif aspect == Aspect.FEES:
        lines.append("Phí, lệ phí:")
        for channel in procedure.channels:
            for fee in channel.fees:
                if fee.amount_vnd == 0:
                    amount = "Miễn phí"
                elif fee.amount_vnd is not None:
                    amount = format_currency(fee.amount_vnd, "VND", locale="vi_VN")
                else:
                    amount = "không ghi số tiền"
                label = f" ({fee.label})" if fee.label and "miễn" not in fee.label.lower() else ""
                lines.append(f"- {_METHODS[channel.method]}: {amount}{label}")
    elif aspect == Aspect.TIME:
        lines.append("Thời hạn giải quyết:")
        for channel in procedure.channels:
            words = _time_words(channel)
            if words:
                lines.append(f"- {_METHODS[channel.method]}: {words}")
    elif aspect == Aspect.AGENCY:
        lines.append("Nơi thực hiện:")
        if procedure.agency:
            lines.append(f"- {procedure.agency}")
        if procedure.levels:
            lines.append("- " + ", ".join(_LEVELS[level] for level in procedure.levels).capitalize())
    elif aspect == Aspect.LEGAL:
        lines.append("Căn cứ pháp lý:")
        lines.extend(f"- {number}" for number in procedure.legal_basis[:MAX_LISTED])
    elif aspect == Aspect.STEPS:
        lines.append("Các bước chính:")
        lines.extend(f"{i}. {step}" for i, step in enumerate(procedure.steps[:MAX_LISTED], start=1))
    else:
        if procedure.field:
            lines.append(f"Lĩnh vực: {procedure.field}")
        if procedure.agency:
            lines.append(f"Cơ quan thực hiện: {procedure.agency}")
        return lines
    if len(lines) == 1:
        lines.append(missing)
    return lines


def render_answer(result: SearchResult) -> str:
    """Return a readable Vietnamese answer for a search result."""
    if result.decision is Decision.NONE or not result.matches:
        return (
            "Xin lỗi, tôi chưa tìm thấy thủ tục phù hợp với câu hỏi.\n"
            "Bạn thử nêu tên thủ tục, ví dụ: \"đăng ký khai sinh cần giấy tờ gì\"."
        )
    lines: list[str] = []
    if result.decision is Decision.AMBIGUOUS and len(result.matches) > 1:
        lines.append("Ý bạn là một trong các thủ tục sau?")
        for i, match in enumerate(result.matches, start=1):
            lines.append(f"  {i}. {match.procedure.name} ({match.procedure.code})")
        lines.append("")
        lines.append("Thông tin về thủ tục gần nhất:")
    procedure = result.matches[0].procedure
    lines.append(f"{procedure.name} (mã {procedure.code})")
    lines.append(f"Mức độ trực tuyến: {online_level_words(procedure)}")
    lines.extend(_aspect_lines(procedure, result.aspect))
    if procedure.url:
        lines.append(f"Xem chi tiết: {procedure.url}")
    lines.append(SOURCE_LINE)
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Answer ``args.question`` or every line of ``args.batch``; return the exit code."""
    if not args.question and args.batch is None:
        print("Cần một câu hỏi hoặc --batch FILE.", file=sys.stderr)
        return 2
    try:
        catalogue = Catalogue.load(args.catalogue)
    except CatalogueFormatError as exc:
        print(f"Không đọc được danh mục thủ tục: {exc}", file=sys.stderr)
        return 1
    index = SearchIndex.build(catalogue, Lexicon.load())
    k = max(1, args.k)
    if args.batch is not None:
        try:
            lines = args.batch.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            print(f"Không đọc được tệp câu hỏi: {exc}", file=sys.stderr)
            return 1
        for line in lines:
            question = line.strip()
            if question:
                print(json.dumps(result_to_json(question, index.search(question, k)), ensure_ascii=False))
        return 0
    result = index.search(args.question, k)
    if args.json:
        print(json.dumps(result_to_json(args.question, result), ensure_ascii=False))
    else:
        print(render_answer(result))
    return 0
