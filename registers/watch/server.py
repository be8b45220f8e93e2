"""The live page's server: Starlette on uvicorn, on a thread of its own, bound to 127.0.0.1 by default.

Read-only: two GET routes, the page (``/``) and its server-sent events (``/events``: the page's body
again after each re-check, as JSON).  Nothing it serves can write a register or anything else.
The port is bound before anything else starts, so a port already in use is told at once
(:class:`PortInUse`, exit status 2 on the command line).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import os
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

KEEP_ALIVE_SECONDS = 15.0
POLL_SECONDS = 0.05


class PortInUse(Exception):
    def __init__(self, host: str, port: int) -> None:
        super().__init__(f"{host}:{port}")
        self.host = host
        self.port = port


class CannotBind(Exception):
    def __init__(self, host: str, port: int, reason: str) -> None:
        super().__init__(f"{host}:{port}: {reason}")
        self.host = host
        self.port = port
        self.reason = reason


class Hub:
    """The page's latest state; each update replaces it and the event streams send it on."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.version = 0
        self.page = ""  # the whole page, for a browser that opens it now
        self.event = ""  # the update's JSON, for the pages already open
        self.closed = False

    def publish(self, page: str, body: str, title: str) -> None:
        with self._lock:
            self.page = page
            self.event = json.dumps({"body": body, "title": title}, ensure_ascii=False)
            self.version += 1

    def latest(self) -> tuple[int, str]:
        with self._lock:
            return self.version, self.event


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``, or :class:`PortInUse` / :class:`CannotBind`."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise CannotBind(host, port, str(exc)) from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        if os.name != "nt":  # a restart may bind at once; on Windows the flag would let two servers share it
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(64)
    except OSError as exc:
        sock.close()
        if exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)) and port:
            raise PortInUse(host, port) from None
        raise CannotBind(host, port, exc.strerror or str(exc)) from None
    return sock


def make_app(hub: Hub) -> Any:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, StreamingResponse
    from starlette.routing import Route

    async def page(_: Request) -> HTMLResponse:
        return HTMLResponse(hub.page, headers={"Cache-Control": "no-store"})

    async def events(_: Request) -> StreamingResponse:
        async def stream() -> AsyncIterator[str]:
            seen = -1
            beat = time.monotonic()
            yield "retry: 1000\n\n"
            while not hub.closed:
                version, event = hub.latest()
                if version != seen:
                    seen = version
                    beat = time.monotonic()
                    yield f"id: {version}\ndata: {event}\n\n"
                elif time.monotonic() - beat > KEEP_ALIVE_SECONDS:
                    beat = time.monotonic()
                    yield ": keep-alive\n\n"
                await asyncio.sleep(POLL_SECONDS)

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    return Starlette(routes=[Route("/", page, methods=["GET"]), Route("/events", events, methods=["GET"])])


class PageServer:
    """uvicorn serving :func:`make_app` on an already bound socket, on a daemon thread."""

    def __init__(self, hub: Hub, host: str, port: int) -> None:
        self.hub = hub
        self.sock = bind(host, port)
        self.host = host
        self.port = int(self.sock.getsockname()[1])
        self._server: Any = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def start(self, on_error: Callable[[BaseException], None] | None = None) -> None:
        import uvicorn

        config = uvicorn.Config(make_app(self.hub), log_level="warning", lifespan="off", access_log=False,
                                timeout_graceful_shutdown=1)
        self._server = uvicorn.Server(config)

        def serve() -> None:
            try:
                self._server.run(sockets=[self.sock])
            except BaseException as exc:
                if on_error is not None:
                    on_error(exc)

        self._thread = threading.Thread(target=serve, name="registers-page", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.hub.closed = True
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=5)
        with contextlib.suppress(OSError):
            self.sock.close()
