"""The FastAPI application: pages, REST API, static assets and the safety checks around them."""

from __future__ import annotations

import json
import mimetypes
import os
import secrets
from importlib import resources
from pathlib import Path
from typing import Callable, Optional

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from jinja2 import Environment, PackageLoader
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException

from eventfold import __version__
from eventfold.review import ReviewError, UnknownEvent
from eventfold.serve.data import StoreAccess
from eventfold.serve.filters import BadParameter
from eventfold.serve.security import SESSION_COOKIE, TOKEN_COOKIE, Guard, new_session, same_origin

STATIC_PREFIX = "/static/"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# How `eventfold serve --workers N` hands its settings and CSRF secret to the worker processes.
CONFIG_VARIABLE = "EVENTFOLD_SERVE_CONFIG"
# Keep-alive well past uvicorn's 5 s: a client reusing an idle connection the server is closing
# at that moment gets a read error (seen under load in `bench --serve`).
KEEP_ALIVE_SECONDS = 65


def create_app(db_path: str, host: str = "127.0.0.1", token: Optional[str] = None,
               tile_url: Optional[str] = None, secret: Optional[bytes] = None) -> FastAPI:
    """The app over the store at `db_path`. Raises ValueError when `host` is not loopback and no token is given.
    `secret` signs the forms' CSRF tokens (a new one when None)."""
    from eventfold.serve import api, pages

    guard = Guard(host, token, tile_url, secret)
    app = FastAPI(title="eventfold", version=__version__, openapi_url="/api/openapi.json", docs_url=None,
                  redoc_url=None, description="Events, claims and corrections of an eventfold store.")
    app.state.access = StoreAccess(db_path)
    app.state.guard = guard
    app.state.templates = template_environment()
    app.state.static = static_files()
    app.state.tile_url = tile_url
    _add_guard(app, guard)
    _add_error_pages(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_api_route(STATIC_PREFIX + "{name:path}", static_file, methods=["GET"], include_in_schema=False)
    app.add_api_route("/favicon.ico", lambda: Response(status_code=204), methods=["GET"], include_in_schema=False)
    return app


def app_from_environment() -> FastAPI:
    """The app of one worker process of `eventfold serve --workers N` (uvicorn imports it by name).
    Every worker gets the same settings and CSRF secret from the parent, so a form one worker
    rendered is accepted by another."""
    config = json.loads(os.environ[CONFIG_VARIABLE])
    return create_app(config["db"], config["host"], config["token"], config["tiles"], bytes.fromhex(config["secret"]))


def serve(db_path: str, host: str, port: int, token: Optional[str], tile_url: Optional[str], workers: int,
          announce: Callable[[], None] = lambda: None) -> None:
    """Run the app with uvicorn in `workers` processes (one: in this process); `announce` is called once
    the settings are known to be good. Raises ValueError as create_app does."""
    import uvicorn

    secret = secrets.token_bytes(32)
    app = create_app(db_path, host=host, token=token, tile_url=tile_url, secret=secret)
    announce()
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning", timeout_keep_alive=KEEP_ALIVE_SECONDS)
        return
    # The workers are new processes: the environment is how they learn what this one was told.
    os.environ[CONFIG_VARIABLE] = json.dumps({"db": db_path, "host": host, "token": token, "tiles": tile_url,
                                              "secret": secret.hex()})
    uvicorn.run(f"{__name__}:app_from_environment", factory=True, workers=workers, host=host, port=port,
                log_level="warning", timeout_keep_alive=KEEP_ALIVE_SECONDS)


def template_environment() -> Environment:
    """Jinja2 with autoescaping on for every template (article text is untrusted)."""
    environment = Environment(loader=PackageLoader("eventfold.serve", "templates"), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True)
    return environment


def static_files() -> dict[str, tuple[Path, str]]:
    """Name → (file, media type) of every packaged static asset, listed once at start: a request
    can only pick one of these names, never make a path."""
    root = Path(str(resources.files("eventfold.serve") / "static"))
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            found[path.relative_to(root).as_posix()] = (path, media)
    return found


def static_file(name: str, request: Request) -> Response:
    entry = request.app.state.static.get(name)
    if entry is None:
        return PlainTextResponse(f"no static file {name!r}", status_code=404)
    path, media = entry
    return Response(path.read_bytes(), media_type=media, headers={"Cache-Control": "max-age=3600"})


def _add_guard(app: FastAPI, guard: Guard) -> None:
    app.add_middleware(GuardMiddleware, guard=guard)


class GuardMiddleware:
    """The safety checks and headers around every request, as plain ASGI: Starlette's
    BaseHTTPMiddleware runs each request through extra tasks and streams, a cost paid on every page."""

    def __init__(self, app, guard: Guard):
        self.app = app
        self.guard = guard

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        refusal = _refusal(request, self.guard)
        if refusal is not None:
            await _with_headers(refusal, self.guard)(scope, receive, send)
            return
        session = request.cookies.get(SESSION_COOKIE)
        request.state.session = session or new_session()
        request.state.csrf = self.guard.csrf_token(request.state.session)
        added = _cookies_to_set(request, self.guard, session is None)

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.guard.headers:
                    headers[name] = value
                for cookie in added:
                    headers.append("set-cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _cookies_to_set(request: Request, guard: Guard, new_session_made: bool) -> list[str]:
    """Set-Cookie values: the session made for this request, and a token offered in the URL."""
    cookies = Response()
    if new_session_made:
        cookies.set_cookie(SESSION_COOKIE, request.state.session, httponly=True, samesite="strict")
    offered = request.query_params.get("token")
    if guard.token and offered and request.cookies.get(TOKEN_COOKIE) != offered:
        cookies.set_cookie(TOKEN_COOKIE, offered, httponly=True, samesite="strict")
    return [value.decode("latin-1") for name, value in cookies.raw_headers if name == b"set-cookie"]


def _refusal(request: Request, guard: Guard) -> Optional[Response]:
    """The response refusing a request that fails a safety check, or None when it passes."""
    host = request.headers.get("host")
    if not guard.host_ok(host):
        return PlainTextResponse(f"this app answers only on a loopback address, not {host!r}", status_code=403)
    if not guard.token_ok(request.headers.get("authorization"), request.cookies.get(TOKEN_COOKIE),
                          request.query_params.get("token")):
        return PlainTextResponse("a token is required: open the app with ?token=... or send "
                                 "'Authorization: Bearer ...'", status_code=401)
    if request.method not in SAFE_METHODS and not same_origin(request.headers.get("origin"), host):
        return PlainTextResponse("cross-site request refused", status_code=403)
    return None


def _with_headers(response: Response, guard: Guard) -> Response:
    for name, value in guard.headers:
        response.headers[name] = value
    return response


def _add_error_pages(app: FastAPI) -> None:
    """Errors as one clear line: JSON under /api/, a small page elsewhere."""

    @app.exception_handler(BadParameter)
    async def bad_parameter(request: Request, error: BadParameter):
        return error_response(request, 400, str(error))

    @app.exception_handler(UnknownEvent)
    async def unknown(request: Request, error: UnknownEvent):
        return error_response(request, 404, str(error))

    @app.exception_handler(ReviewError)
    async def bad_review(request: Request, error: ReviewError):
        return error_response(request, 400, str(error))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError):
        first = error.errors()[0] if error.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "body", "path"))
        return error_response(request, 400, f"bad parameter {where!r}: {first.get('msg', 'invalid')}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException):
        return error_response(request, error.status_code, str(error.detail))


def error_response(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status)
    template = request.app.state.templates.get_template("error.html")
    html = template.render(status=status, message=message, csrf=getattr(request.state, "csrf", ""), nav="")
    return HTMLResponse(html, status_code=status)
