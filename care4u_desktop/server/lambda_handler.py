"""care4u-server on AWS Lambda: the same FastAPI app behind an API Gateway HTTP API.

Two entry points, one per function of ``resources/aws/care4u.cfn.yaml``:

- ``handler``: API Gateway's events (payload format 2.0), through Mangum, to the app;
- ``jobs_handler``: EventBridge's schedule (every minute), to the background jobs the LAN
  server runs in a thread (the notification retry).

A Lambda container lives for many invocations, so the services (and their boto3 clients,
with their connection pools) are built once per container, on its first invocation, from
the environment the template sets: ``CARE4U_BACKEND`` (must be ``aws``),
``CARE4U_TABLE_PREFIX``, ``CARE4U_TOPIC_NAME``, ``CARE4U_TIMEZONE`` and the server's
session lengths and rate limits (``CARE4U_KIOSK_IDLE_SECONDS``, ``CARE4U_RATE_*``, see
``settings``). Credentials are the function's role, through boto3's default chain.

No lifespan: on Lambda there is no process to start or stop around requests, and the
jobs have a function of their own.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import Config

if TYPE_CHECKING:
    from ..composition import Services
    from .settings import ServerSettings

log = logging.getLogger(__name__)

Event = dict[str, Any]
Answer = dict[str, Any]


def from_environment(env: Mapping[str, str] | None = None) -> tuple[ServerSettings, Services]:
    """The server's settings and its services on DynamoDB and SNS, named by the
    environment."""
    from .app import build_server_services
    from .settings import load_settings

    env = os.environ if env is None else env
    backend = env.get("CARE4U_BACKEND", "aws")
    if backend != "aws":
        # The embedded store would live in the container's /tmp and vanish with it.
        raise RuntimeError(f"care4u-server on Lambda runs on the aws backend, not {backend!r}")
    settings = load_settings(None, env)
    config = Config(
        # Nothing is written there on the aws backend; Config wants a directory.
        data_dir=Path(tempfile.gettempdir()),
        backend="aws",
        table_prefix=env.get("CARE4U_TABLE_PREFIX") or "Care4U_",
        topic_name=env.get("CARE4U_TOPIC_NAME") or "Care4U_Appointments",
        timezone=env.get("CARE4U_TIMEZONE") or None,
    )
    return settings, build_server_services(config, settings)


class Container:
    """What one Lambda container keeps between invocations: the services, and the app
    (wrapped by Mangum) over them, each built on its first invocation."""

    def __init__(
        self, build: Callable[[], tuple[ServerSettings, Services]] = from_environment
    ) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._built: tuple[ServerSettings, Services] | None = None
        self._api: Callable[[Event, Any], Answer] | None = None

    def _server(self) -> tuple[ServerSettings, Services]:
        with self._lock:
            if self._built is None:
                self._built = self._build()
            return self._built

    @property
    def services(self) -> Services:
        return self._server()[1]

    def api(self, event: Event, context: Any) -> Answer:
        if self._api is None:
            from mangum import Mangum

            from .app import create_app

            self._api = Mangum(create_app(*self._server()), lifespan="off")
        return self._api(event, context)

    def jobs(self, event: Event, context: Any) -> dict[str, Any]:
        """Run the due jobs once. A failed job is logged and reported, not raised: the
        schedule calls again in a minute, and a raise would only make Lambda retry this
        event on top of that."""
        services = self.services
        report = services.jobs.run_due(services.config.now())
        runs = []
        for run in report.runs:
            if run.error is not None:
                log.warning("job %s failed: %s", run.name, run.error.code)
            runs.append(
                {
                    "job": run.name,
                    "done": run.result.done if run.result else None,
                    "left": run.result.left if run.result else None,
                    "error": run.error.code if run.error else None,
                }
            )
        return {"runs": runs}


_container: Container | None = None
_container_lock = threading.Lock()


def _this_container() -> Container:
    global _container
    with _container_lock:
        if _container is None:
            if "AWS_LAMBDA_FUNCTION_NAME" in os.environ:  # set by the Lambda runtime
                # Our safe formatter (no emails, hashes or tokens) in place of the
                # runtime's handler; CloudWatch reads standard error.
                from .. import logs

                logs.configure(logging.INFO, stream=sys.stderr)
                # Like uvicorn's access log on the LAN (off): no line per request. API
                # Gateway's access log has the ids and statuses, never a query string.
                logging.getLogger("mangum").setLevel(logging.WARNING)
            _container = Container()
        return _container


def handler(event: Event, context: Any) -> Answer:
    """The API function's entry (``Handler`` in the template)."""
    return _this_container().api(event, context)


def jobs_handler(event: Event, context: Any) -> dict[str, Any]:
    """The jobs function's entry, called by the EventBridge schedule."""
    return _this_container().jobs(event, context)
