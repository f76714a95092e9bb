"""Seed a realistic demo data set of conversations, ratings and unanswered questions, then render the chart.

    .venv/bin/python scripts/seed_demo_ratings.py --database sqlite+aiosqlite:///demo.db \
        --chart docs/satisfaction-chart.png

The data are synthetic but shaped like real use: more conversations on weekdays than at weekends, about a
third of conversations rated, a procedure-specific level mix (civil-status procedures rate well, land
procedures worse), reasons on negative ratings, some volunteer-relayed ratings and a share of questions the
bot could not match. A fixed random seed makes the chart reproducible. The database must be new or empty.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from bot.database import create_engine, session_factory, upgrade_database
from bot.i18n import use_locale
from bot.models.conversation import Channel, Conversation, ConversationState, Rating, UnansweredQuestion
from bot.satisfaction_chart import render_chart
from bot.satisfaction_report import LOCAL_ZONE, load_report, parse_period
from knowledge.catalogue import Catalogue

# (procedure code, weight of questions, mean level tendency 1-5)
PROCEDURE_MIX: tuple[tuple[str, float, float], ...] = (
    ("1.001193", 9.0, 4.5),  # đăng ký khai sinh
    ("1.000894", 6.0, 4.3),  # đăng ký kết hôn
    ("1.004222", 5.0, 3.9),  # đăng ký thường trú
    ("1.004194", 4.0, 4.0),  # đăng ký tạm trú
    ("1.012786", 3.0, 2.9),  # cấp lại giấy chứng nhận (đất) do bị mất
    ("1.012783", 2.5, 3.2),  # cấp đổi giấy chứng nhận quyền sử dụng đất
    ("1.000656", 2.5, 4.2),  # đăng ký khai tử
    ("1.001456", 2.0, 3.6),  # cấp hộ chiếu phổ thông
    ("2.000942", 1.5, 3.8),  # cấp bản sao có chứng thực
    ("1.004884", 1.0, 4.1),  # đăng ký lại khai sinh
)
UNANSWERED_SAMPLES = (
    "làm căn cước cho con",
    "lam can cuoc cho con",
    "xin giấy phép xây nhà",
    "xin giay phep xay nha",
    "đổi bằng lái xe",
    "doi bang lai xe o dau",
    "trợ cấp thất nghiệp",
    "đăng ký xe máy",
)
REASONS = ("missing", "missing", "unclear", "wrong", "other")


def level_for(rng: random.Random, tendency: float) -> int:
    """Return a level 1-5 drawn around ``tendency``."""
    return max(1, min(5, round(rng.gauss(tendency, 1.05))))


def _json(values: list[str]) -> str:
    return json.dumps(values, ensure_ascii=False)


def build_rows(
    rng: random.Random, days: int, today: date, codes: list[tuple[str, float, float]]
) -> list[Conversation | Rating | UnansweredQuestion]:
    """Return the conversations (each with its rating, if any) and unanswered questions of ``days`` days."""
    rows: list[Conversation | Rating | UnansweredQuestion] = []
    weights = [weight for _code, weight, _tendency in codes]
    for offset in range(days, 0, -1):
        day = today - timedelta(days=offset - 1)
        volume = 14 if day.weekday() >= 5 else 40
        volume = int(volume * (1 + 0.5 * (days - offset) / days))  # use grows over the period
        for _ in range(rng.randint(volume - 6, volume + 6)):
            start_local = datetime.combine(day, time(rng.randint(7, 21), rng.randint(0, 59)), LOCAL_ZONE)
            started = start_local.astimezone(UTC)
            channel = rng.choices([Channel.PRIVATE, Channel.GROUP, Channel.RELAY], [0.82, 0.08, 0.10])[0]
            code, _weight, tendency = rng.choices(codes, weights)[0]
            answered = rng.random() > 0.12
            questions = [f"câu hỏi {i}" for i in range(rng.randint(1, 4))]
            rated = answered and rng.random() < (0.6 if channel is Channel.RELAY else 0.33)
            ended = started + timedelta(minutes=rng.randint(2, 25))
            conversation = Conversation(
                chat_key=f"demo{rng.getrandbits(64):016x}",
                user_key=f"demo{rng.getrandbits(64):016x}",
                channel=channel.value,
                state=(ConversationState.RATED if rated else ConversationState.CLOSED).value,
                procedure_code=code if answered else None,
                procedures_shown=_json([code] if answered else []),
                questions=_json(questions),
                started_at=started,
                last_activity=ended,
                ended_at=ended,
            )
            rows.append(conversation)
            if rated:
                level = level_for(rng, tendency + (0.3 if channel is Channel.RELAY else 0.0))
                rows.append(
                    Rating(
                        conversation_id=0,  # set once the conversation has its id
                        level=level,
                        reason=rng.choice(REASONS) if level <= 2 else None,
                        procedures_shown=conversation.procedures_shown,
                        questions=conversation.questions,
                        channel=channel.value,
                        conversation_started_at=started,
                        created_at=ended,
                        updated_at=ended,
                    )
                )
            if not answered:
                rows.append(
                    UnansweredQuestion(
                        question=rng.choice(UNANSWERED_SAMPLES), channel=channel.value, created_at=started
                    )
                )
    return rows


async def seed(url: str, days: int, today: date, seed_value: int) -> int:
    """Migrate the database at ``url`` and add ``days`` days of demo data; return the number of ratings."""
    await upgrade_database(url)
    catalogue = Catalogue.load()
    codes = [mix for mix in PROCEDURE_MIX if catalogue.get(mix[0]) is not None]
    rows = build_rows(random.Random(seed_value), days, today, codes)
    engine = create_engine(url)
    ratings = 0
    try:
        sessions = session_factory(engine)
        async with sessions() as session, session.begin():
            last: Conversation | None = None
            for row in rows:
                if isinstance(row, Rating):
                    assert last is not None
                    await session.flush()
                    assert last.id is not None
                    row.conversation_id = last.id
                    ratings += 1
                elif isinstance(row, Conversation):
                    last = row
                session.add(row)
    finally:
        await engine.dispose()
    return ratings


async def render(url: str, period_text: str, today: date, locale: str) -> bytes:
    """Return the chart PNG of ``period_text`` (days up to ``today``) from the database at ``url``."""
    engine = create_engine(url)
    try:
        catalogue = Catalogue.load()

        def name_of(code: str) -> str | None:
            procedure = catalogue.get(code)
            return procedure.name if procedure else None

        report = await load_report(session_factory(engine), parse_period(period_text, today), name_of)
    finally:
        await engine.dispose()
    with use_locale(locale):
        return render_chart(report, today)


def main() -> None:
    """Seed the demo database and write the chart."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", required=True, help="SQLAlchemy URL of a new SQLite/PostgreSQL database"
    )
    parser.add_argument("--chart", type=Path, default=Path("docs/satisfaction-chart.png"))
    parser.add_argument("--days", type=int, default=90, help="days of data to seed")
    parser.add_argument("--period", default="30d", help="period of the chart (7d, 30d, YYYY-MM, all)")
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 22))
    parser.add_argument("--locale", default="vi")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    ratings = asyncio.run(seed(args.database, args.days, args.today, args.seed))
    args.chart.write_bytes(asyncio.run(render(args.database, args.period, args.today, args.locale)))
    print(f"seeded {ratings} ratings over {args.days} days; chart written to {args.chart}")


if __name__ == "__main__":
    main()
