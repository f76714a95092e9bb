"""Tests for ``tthc-bot ask``: JSON schema, batch mode and the readable Vietnamese answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from knowledge.catalogue import Catalogue
from knowledge.procedure import (
    AdminLevel,
    Channel,
    Document,
    Fee,
    OnlineLevel,
    Procedure,
    SubmissionMethod,
    TimeUnit,
)

MARRIAGE = Procedure(
    code="1.000894",
    name="Thủ tục đăng ký kết hôn",
    field="Hộ tịch",
    levels=(AdminLevel.COMMUNE,),
    agency="Ủy ban nhân dân cấp xã",
    online_level=OnlineLevel.PARTIAL,
    online_submission=True,
    channels=(
        Channel(SubmissionMethod.DIRECT, 3, TimeUnit.WORKING_DAY, fees=(Fee(0, "Miễn lệ phí"),)),
        Channel(SubmissionMethod.ONLINE, 3, TimeUnit.WORKING_DAY, fees=(Fee(1_500_000, "Lệ phí"),)),
    ),
    documents=(Document("Tờ khai đăng ký kết hôn", originals=1), Document("Giấy tờ tùy thân", copies=1)),
    legal_basis=("123/2015/NĐ-CP",),
    url="https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.000894",
    is_national_standard=True,
)
BIRTH = Procedure(code="1.001193", name="Thủ tục đăng ký khai sinh", online_level=OnlineLevel.FULL)
PASSPORT = Procedure(code="2.000001", name="Cấp hộ chiếu phổ thông", online_submission=True)
LICENCE = Procedure(code="3.000346", name="Cấp giấy phép lái xe")
LICENCE_AGAIN = Procedure(code="3.000348", name="Cấp lại giấy phép lái xe")


@pytest.fixture
def catalogue_path(tmp_path: Path) -> Path:
    path = tmp_path / "catalogue.json.gz"
    Catalogue([MARRIAGE, BIRTH, PASSPORT, LICENCE, LICENCE_AGAIN]).save(path)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_json_output_has_exactly_the_schema(capsys: pytest.CaptureFixture[str], catalogue_path: Path) -> None:
    code, out = run(capsys, "ask", "--catalogue", str(catalogue_path), "--json", "lệ phí đăng ký kết hôn")
    assert code == 0
    payload = json.loads(out)
    assert set(payload) == {"query", "aspect", "decision", "matches"}
    assert payload["query"] == "lệ phí đăng ký kết hôn"
    assert payload["aspect"] == "fees"
    assert payload["decision"] == "confident"
    assert 1 <= len(payload["matches"]) <= 5
    first = payload["matches"][0]
    assert set(first) == {"code", "name", "score", "online_level"}
    assert first["code"] == "1.000894"
    assert first["name"] == "Thủ tục đăng ký kết hôn"
    assert first["online_level"] == "partial"
    assert 0.0 <= first["score"] <= 1.0
    assert "kết hôn" in out  # ensure_ascii=False keeps Vietnamese readable


def test_json_for_off_topic_says_none(capsys: pytest.CaptureFixture[str], catalogue_path: Path) -> None:
    code, out = run(capsys, "ask", "--catalogue", str(catalogue_path), "--json", "cảm ơn")
    assert code == 0
    assert json.loads(out)["decision"] == "none"


def test_batch_prints_one_json_line_per_question(
    capsys: pytest.CaptureFixture[str], catalogue_path: Path, tmp_path: Path
) -> None:
    questions = tmp_path / "questions.txt"
    questions.write_text("đăng ký kết hôn\n\ndang ky khai sinh\ncấp hộ chiếu\n", encoding="utf-8")
    code, out = run(capsys, "ask", "--catalogue", str(catalogue_path), "--batch", str(questions), "--k", "2")
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 3
    payloads = [json.loads(line) for line in lines]
    assert [p["matches"][0]["code"] for p in payloads] == ["1.000894", "1.001193", "2.000001"]
    assert all(len(p["matches"]) <= 2 for p in payloads)


def test_readable_answer_shows_facts_of_the_asked_aspect(
    capsys: pytest.CaptureFixture[str], catalogue_path: Path
) -> None:
    code, out = run(capsys, "ask", "--catalogue", str(catalogue_path), "lệ phí đăng ký kết hôn bao nhiêu")
    assert code == 0
    assert "Thủ tục đăng ký kết hôn (mã 1.000894)" in out
    assert "Nộp trực tuyến một phần" in out
    assert "1.500.000" in out and "₫" in out
    assert MARRIAGE.url in out
    assert out.rstrip().endswith("Nguồn: Cổng Dịch vụ công quốc gia")


def test_readable_answer_lists_documents(capsys: pytest.CaptureFixture[str], catalogue_path: Path) -> None:
    _, out = run(capsys, "ask", "--catalogue", str(catalogue_path), "đăng ký kết hôn cần giấy tờ gì")
    assert "- Tờ khai đăng ký kết hôn (1 bản chính)" in out
    assert "- Giấy tờ tùy thân (1 bản sao)" in out


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("đăng ký khai sinh", "Nộp trực tuyến toàn trình"),
        ("cấp hộ chiếu phổ thông", "Có thể nộp trực tuyến; mức độ chưa được công bố"),
        ("cấp lại giấy phép lái xe", "Chưa rõ mức độ trực tuyến"),
    ],
)
def test_online_level_in_words(
    capsys: pytest.CaptureFixture[str], catalogue_path: Path, question: str, words: str
) -> None:
    _, out = run(capsys, "ask", "--catalogue", str(catalogue_path), question)
    assert words in out


def test_ambiguous_question_offers_choices(capsys: pytest.CaptureFixture[str], catalogue_path: Path) -> None:
    # A licence question that says neither first issue nor re-issue.
    _, out = run(capsys, "ask", "--catalogue", str(catalogue_path), "bằng lái xe")
    assert "Ý bạn là" in out
    assert "3.000346" in out and "3.000348" in out


def test_no_match_is_a_polite_answer(capsys: pytest.CaptureFixture[str], catalogue_path: Path) -> None:
    code, out = run(capsys, "ask", "--catalogue", str(catalogue_path), "thời tiết hôm nay")
    assert code == 0
    assert "chưa tìm thấy thủ tục" in out


def test_missing_question_and_bad_catalogue_are_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["ask"]) == 2
    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(b"not gzip")
    assert main(["ask", "--catalogue", str(bad), "đăng ký kết hôn"]) == 1
    assert "Không đọc được danh mục" in capsys.readouterr().err


def test_ask_does_not_import_the_database_or_telegram_stacks(tmp_path: Path) -> None:
    import subprocess
    import sys

    catalogue = tmp_path / "catalogue.json.gz"
    Catalogue([MARRIAGE]).save(catalogue)
    script = (
        "import sys\n"
        "from bot.cli import main\n"
        f"main(['ask', '--json', '--catalogue', {str(catalogue)!r}, 'đăng ký kết hôn'])\n"
        "heavy = sorted(m for m in ('sqlalchemy', 'telegram', 'openpyxl', 'alembic') if m in sys.modules)\n"
        "print('HEAVY', heavy)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert '"1.000894"' in done.stdout
    assert "HEAVY []" in done.stdout
