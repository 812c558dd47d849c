"""What keeps the workbench safe to open: loopback by default, a token otherwise, strict headers.

- :func:`check_bind` refuses a non-loopback address without a token (CQ501), so a database of
  sensitive material is never exposed to a network by accident.
- :class:`TokenGate` (an ASGI wrapper) lets a request through only with the token: as
  ``Authorization: Bearer TOKEN``, as the cookie it sets, or once as ``?token=TOKEN`` in a link,
  which it trades for an HttpOnly, SameSite=Strict cookie and a redirect that drops it from the URL.
- :class:`LoopbackHosts` (on a loopback address) answers only requests addressed to a loopback
  name, so a web page elsewhere cannot reach the workbench through a rebound DNS name.
- :class:`SecurityHeaders` adds headers to every response, and to communique's own pages a Content
  Security Policy that allows scripts from this server only, so even text that escaped escaping
  could not run. Datasette's own pages keep their inline scripts and get the other headers.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import re
from collections.abc import Callable
from functools import lru_cache
from http.cookies import SimpleCookie
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl, urlencode

from ..errors import ServeError, TokenRequired

COOKIE = "communique_token"
MIN_TOKEN_LENGTH = 16
#: Pages of the communique plugin, which get the strict Content Security Policy.
PLUGIN_PREFIX = "/-/communique"


def is_loopback(host: str) -> bool:
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve to anything


def check_bind(host: str, token: str | None) -> None:
    """Raise CQ501 for a non-loopback address without a token, CQ500 for a token too short to hold."""
    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        raise ServeError(
            f"The token is {len(token)} characters; use at least {MIN_TOKEN_LENGTH}, for example "
            "python3 -c 'import secrets; print(secrets.token_urlsafe())'."
        )
    if not is_loopback(host) and not token:
        raise TokenRequired(
            f"Serving on {host} would expose the database beyond this machine; pass --token (or set "
            "COMMUNIQUE_TOKEN) with a secret of at least 16 characters, or serve on 127.0.0.1."
        )


def _cookie_value(token: str) -> str:
    return hashlib.sha256(f"communique-workbench:{token}".encode()).hexdigest()


async def _respond(send: Any, status: int, headers: list[tuple[bytes, bytes]], body: bytes = b"") -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class TokenGate:
    """ASGI wrapper: with a token set, every HTTP request must carry it (see the module docstring)."""

    def __init__(self, app: Any, token: Callable[[], str | None]) -> None:
        self.app = app
        self.token = token

    def _headers(self, scope: dict[str, Any]) -> dict[str, str]:
        return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        token = self.token()
        if scope["type"] != "http" or not token:
            return await self.app(scope, receive, send)
        headers = self._headers(scope)
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        offered = dict(query).get("token")
        if offered is not None and hmac.compare_digest(offered.encode(), token.encode()):
            rest = urlencode([(k, v) for k, v in query if k != "token"])
            location = scope.get("root_path", "") + scope["path"] + (f"?{rest}" if rest else "")
            cookie = f"{COOKIE}={_cookie_value(token)}; Path=/; HttpOnly; SameSite=Strict"
            return await _respond(send, 302, [(b"location", location.encode("latin-1", "replace")), (b"set-cookie", cookie.encode())])
        bearer = headers.get("authorization", "")
        if bearer.startswith("Bearer ") and hmac.compare_digest(bearer[7:].strip().encode(), token.encode()):
            return await self.app(scope, receive, send)
        jar = SimpleCookie()
        try:
            jar.load(headers.get("cookie", ""))
        except Exception:  # noqa: BLE001 - a malformed cookie header is just no cookie
            jar = SimpleCookie()
        if COOKIE in jar and hmac.compare_digest(jar[COOKIE].value.encode(), _cookie_value(token).encode()):
            return await self.app(scope, receive, send)
        body = (
            b"401: this communique workbench needs its access token. Open the address that "
            b"`communique serve` printed (it ends in ?token=...), or send 'Authorization: Bearer TOKEN'.\n"
        )
        await _respond(send, 401, [(b"content-type", b"text/plain; charset=utf-8"), (b"www-authenticate", b"Bearer")], body)


class LoopbackHosts:
    """ASGI wrapper: while enabled, refuse requests whose Host header is not a loopback name.

    A server on 127.0.0.1 is out of other machines' reach, but not out of a browser's: a page on
    another site can point a DNS name it controls at 127.0.0.1 ("DNS rebinding") and read what the
    workbench answers. Such requests carry that name in Host; loopback names are all we answer to.
    """

    def __init__(self, app: Any, enabled: Callable[[], bool]) -> None:
        self.app = app
        self.enabled = enabled

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and self.enabled():
            host = dict(scope.get("headers", [])).get(b"host", b"").decode("latin-1")
            name = host.rsplit(":", 1)[0] if host.count(":") == 1 or host.startswith("[") else host
            if not is_loopback(name):
                body = b"400: this workbench answers only on 127.0.0.1 or localhost.\n"
                return await _respond(send, 400, [(b"content-type", b"text/plain; charset=utf-8")], body)
        await self.app(scope, receive, send)


@lru_cache(maxsize=1)
def datasette_inline_script_hashes() -> tuple[str, ...]:
    """CSP hashes of the inline scripts Datasette's base template always includes (menu closing)."""
    try:
        template = resources.files("datasette").joinpath("templates/_close_open_menus.html").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return ()
    return tuple(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in re.findall(r"<script>(.*?)</script>", template, re.S)
    )


def content_security_policy() -> str:
    scripts = " ".join(("'self'", *datasette_inline_script_hashes()))
    return (
        f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )


class SecurityHeaders:
    """ASGI wrapper adding protective headers; the strict CSP on communique's pages."""

    COMMON = [
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
    ]

    def __init__(self, app: Any) -> None:
        self.app = app
        self.csp = content_security_policy().encode()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        strict = scope["path"].startswith(PLUGIN_PREFIX)

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.COMMON if k not in names]
                if strict:
                    extra.append((b"content-security-policy", self.csp))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
