"""The compose deployment, checked statically (no Docker engine needed): services, settings, proxy routes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from bot import config
from bot.config import load_settings
from bot.webhook_server import webhook_path

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "compose.yaml"
BOTS = ("bot-1", "bot-2")
EXAMPLE_VALUES = {
    "TELEGRAM_BOT_TOKEN": "123456:ABCdef",
    "USER_HASH_KEY": "a-long-random-hash-key",
    "POSTGRES_PASSWORD": "secret",
    "WEBHOOK_URL": "https://bot.example.org/telegram",
    "WEBHOOK_SECRET": "hook-secret",
}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    document = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def substitute(value: str) -> str:
    """Expand ``${NAME}``, ``${NAME:-default}`` and ``${NAME:?error}`` the way compose does."""

    def expand(match: re.Match[str]) -> str:
        name, operator, rest = match.group(1), match.group(2) or "", match.group(3) or ""
        if name in EXAMPLE_VALUES:
            return EXAMPLE_VALUES[name]
        if operator == ":?":
            raise AssertionError(f"{name} is required but has no example value")
        return rest if operator == ":-" else ""

    return re.sub(r"\$\{([A-Z_][A-Z0-9_]*)(:-|:\?)?([^}]*)\}", expand, value)


def bot_environment(service: dict[str, Any]) -> dict[str, str]:
    return {name: substitute(str(value)) for name, value in service["environment"].items()}


def setting_names() -> set[str]:
    """Return the environment variables ``bot/config.py`` reads."""
    source = Path(config.__file__).read_text(encoding="utf-8")
    return set(re.findall(r'(?:raw\.get\(|raw, )"([A-Z][A-Z0-9_]+)"', source))


def test_the_compose_file_sits_beside_the_dockerfile() -> None:
    assert (COMPOSE.parent / "Dockerfile").is_file()


def test_the_services_are_two_replicas_postgres_migrate_and_a_proxy(compose: dict[str, Any]) -> None:
    assert set(compose["services"]) == {"postgres", "migrate", "bot-1", "bot-2", "proxy"}
    assert compose["services"]["postgres"]["image"].startswith("postgres:")


def test_every_bot_env_name_is_a_setting_and_the_values_load(compose: dict[str, Any]) -> None:
    names = setting_names()
    assert {"DATABASE_URL", "WEBHOOK_URL", "WEBHOOK_SECRET", "LISTEN", "PORT"} <= names  # the regex works
    for service_name in (*BOTS, "migrate"):
        environment = bot_environment(compose["services"][service_name])
        unknown = set(environment) - names
        assert not unknown, f"{service_name} sets variables the bot does not read: {unknown}"
        settings = load_settings(environment, env_file=None)  # raises SettingsError on a bad value
        assert urlsplit(settings.database_url).hostname == "postgres"
        assert settings.database_url.startswith("postgresql+asyncpg://")


def test_the_replicas_serve_the_webhook_and_only_one_registers_it(compose: dict[str, Any]) -> None:
    commands = [compose["services"][name]["command"] for name in BOTS]
    for command in commands:
        assert command[:3] == ["tthc-bot", "run", "--webhook"]
    assert sum("--no-set-webhook" not in command for command in commands) == 1
    for name in BOTS:
        environment = bot_environment(compose["services"][name])
        assert environment["LISTEN"] == "0.0.0.0" and environment["PORT"] == "8080"
        assert "/healthz" in " ".join(compose["services"][name]["healthcheck"]["test"])


def test_migrations_run_once_before_the_replicas(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert services["migrate"]["command"] == ["tthc-bot", "db", "upgrade"]
    for name in BOTS:
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_the_postgres_credentials_match_the_database_url(compose: dict[str, Any]) -> None:
    postgres = {k: substitute(str(v)) for k, v in compose["services"]["postgres"]["environment"].items()}
    url = urlsplit(bot_environment(compose["services"]["bot-1"])["DATABASE_URL"])
    assert (url.username, url.password, url.path.lstrip("/")) == (
        postgres["POSTGRES_USER"],
        postgres["POSTGRES_PASSWORD"],
        postgres["POSTGRES_DB"],
    )


def test_the_proxy_balances_the_webhook_path_over_both_replicas(compose: dict[str, Any]) -> None:
    proxy = compose["services"]["proxy"]
    mounts = [str(volume).split(":") for volume in proxy["volumes"]]
    [config_file] = [ROOT / source for source, *_ in mounts if source.startswith("./deploy/")]
    nginx = config_file.read_text(encoding="utf-8")
    port = bot_environment(compose["services"]["bot-1"])["PORT"]
    upstream = re.search(r"upstream\s+(\w+)\s*\{([^}]*)\}", nginx)
    assert upstream is not None
    servers = re.findall(r"server\s+([\w.-]+):(\d+)", upstream.group(2))
    assert sorted(servers) == [("bot-1", port), ("bot-2", port)]
    assert "least_conn" not in upstream.group(2) and "ip_hash" not in upstream.group(2)  # round-robin
    path = webhook_path(EXAMPLE_VALUES["WEBHOOK_URL"])
    blocks = {b.split("{", 1)[0].strip(): b for b in re.split(r"\blocation\s+", nginx)[1:]}
    for location in (f"= {path}", "= /healthz"):
        assert location in blocks, f"no location {location}"
        assert f"proxy_pass http://{upstream.group(1)};" in blocks[location]
