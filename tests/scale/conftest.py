"""Fixtures of the scale-out suite: the webhook fake Bot API and clusters of replicas on PostgreSQL.

The PostgreSQL database comes from the shared ``postgres_database_url`` fixture (a fresh, uniquely named
database created from ``TEST_DATABASE_URL`` and dropped afterwards); without ``TEST_DATABASE_URL`` every test
here is skipped with that reason. The e2e suite's ``no_real_network`` guard and ``question_bank`` are reused.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from tests.e2e.conftest import no_real_network, question_bank  # noqa: F401  (fixtures used here too)
from tests.scale.replica_cluster import SCALE_TOKEN, ReplicaCluster, WebhookFakeBotApi

StartCluster = Callable[..., Awaitable[ReplicaCluster]]


@pytest.fixture
async def fake_api() -> AsyncIterator[WebhookFakeBotApi]:
    """Yield a started webhook fake Bot API; fail if a replica tried to reach the internet."""
    api = WebhookFakeBotApi(token=SCALE_TOKEN)
    await api.start()
    try:
        yield api
    finally:
        await api.stop()
    assert not api.leaks, f"a replica tried to reach the internet through the proxy trap: {api.leaks}"


@pytest.fixture
async def start_cluster(
    fake_api: WebhookFakeBotApi, postgres_database_url: str, tmp_path: Path
) -> AsyncIterator[StartCluster]:
    """Yield ``start_cluster(replicas=2, ...)``, which starts replicas on a fresh PostgreSQL database.

    On teardown every replica still running must stop cleanly on SIGTERM and, unless the test set
    ``cluster.tracebacks_allowed``, must not have logged a traceback; no Bot API call may have failed other
    than those the test declared in ``fake_api.tolerated_errors``.
    """
    clusters: list[ReplicaCluster] = []

    async def start(
        replicas: int = 2,
        *,
        survey_idle_minutes: str = "60",
        admin_ids: str = "",
        run_options: tuple[str, ...] = (),
    ) -> ReplicaCluster:
        cluster = ReplicaCluster(
            fake_api,
            postgres_database_url,
            tmp_path / f"cluster-{len(clusters)}",
            survey_idle_minutes=survey_idle_minutes,
            admin_ids=admin_ids,
            run_options=run_options,
        )
        clusters.append(cluster)
        await cluster.start(replicas)
        return cluster

    try:
        yield start
    finally:
        outcomes = [(cluster, await cluster.close()) for cluster in clusters]
    for cluster, statuses in outcomes:
        assert all(status == 0 for status in statuses.values()), f"exit statuses {statuses}\n{cluster.logs()}"
        if not cluster.tracebacks_allowed:
            assert "Traceback" not in cluster.logs(), cluster.problems()
    assert not fake_api.unexpected_failures(), fake_api.unexpected_failures()[:10]
