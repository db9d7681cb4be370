"""`/healthz`: JSON with the state of both databases and of Redis; 503 when any is down.

It answers within a second when Redis hangs: the Redis client's timeout is short and, once the
circuit breaker is open, Redis is reported down without being asked."""

from __future__ import annotations

from flask import Flask, jsonify
from sqlalchemy import text

from core.services import Services


def register_health_route(server: Flask, services: Services) -> None:
    @server.get("/healthz")
    def healthz():
        report = health_report(services)
        healthy = all(part["ok"] for part in report.values() if part.get("configured", True))
        return jsonify(status="ok" if healthy else "degraded", **report), 200 if healthy else 503


def health_report(services: Services) -> dict[str, dict]:
    return {
        "transactional_db": _database_state(services.databases.engine),
        "warehouse_db": _database_state(services.databases.warehouse),
        "redis": _redis_state(services),
    }


def _database_state(engine) -> dict:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return {"ok": True, "dialect": engine.dialect.name}
    except Exception as error:  # report, never crash the health check
        return {"ok": False, "dialect": engine.dialect.name, "error": type(error).__name__}


def _redis_state(services: Services) -> dict:
    if services.redis is None:
        return {"ok": True, "configured": False, "mode": "in-process"}
    try:
        services.redis.ping()  # skipped at once while the breaker is open: 503 without waiting
        return {"ok": True, "configured": True}
    except Exception as error:
        return {"ok": False, "configured": True, "error": type(error).__name__,
                "breaker": "open" if services.redis.breaker.is_open else "closed"}
