"""The embedded PostgreSQL server's memory settings, as the archive benchmark gives them."""

from __future__ import annotations

from sqlalchemy import create_engine

from newsharvest.testing.postgres import memory_in_use, restartable_postgres_server, set_memory, sized_memory


def started_at(url: str) -> str:
    engine = create_engine(url)
    with engine.connect() as conn:
        started = str(conn.exec_driver_sql("SELECT pg_postmaster_start_time()").scalar_one())
    engine.dispose()
    return started


def test_sized_memory_is_a_quarter_for_shared_buffers_and_three_quarters_for_the_cache() -> None:
    assert sized_memory(24 * 2**30) == {"shared_buffers": "6144MB", "effective_cache_size": "18432MB"}
    assert sized_memory(2**30 + 5) == {"shared_buffers": "256MB", "effective_cache_size": "768MB"}


def test_set_memory_restarts_the_server_only_when_shared_buffers_changes() -> None:
    with restartable_postgres_server() as server:
        assert memory_in_use(server.url) == {"shared_buffers": "128MB", "effective_cache_size": "4GB"}
        first = started_at(server.url)

        assert set_memory(server, {"shared_buffers": "32MB", "effective_cache_size": "1GB"}) is True
        assert memory_in_use(server.url) == {"shared_buffers": "32MB", "effective_cache_size": "1GB"}
        restarted = started_at(server.url)
        assert restarted != first

        assert set_memory(server, {"shared_buffers": "32MB", "effective_cache_size": "2GB"}) is False
        assert memory_in_use(server.url) == {"shared_buffers": "32MB", "effective_cache_size": "2GB"}
        assert started_at(server.url) == restarted

        assert set_memory(server, None) is True
        assert memory_in_use(server.url) == {"shared_buffers": "128MB", "effective_cache_size": "4GB"}
