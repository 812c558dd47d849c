"""``communique serve``: Datasette over one communique database, with the communique plugin.

The plugin (this package's ``__init__``) is registered with Datasette through the ``datasette``
entry-point group, so it also works under a plain ``datasette communique.db``; ``serve`` adds the
metadata, the settings and the safety rules (security.py).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import ServeError
from ..store import Store
from .metadata import build_metadata
from .security import check_bind, is_loopback

#: Datasette settings for the workbench: long texts are cut in table views (full in JSON/CSV and on
#: the document page), and heavier aggregate queries get more time than Datasette's default second.
SETTINGS = {
    "truncate_cells_html": 300,
    "sql_time_limit_ms": 5000,
    "facet_time_limit_ms": 1000,
    "default_page_size": 50,
    "allow_csv_stream": True,
}


def build_datasette(db: str | os.PathLike[str], *, token: str | None = None) -> Any:
    """A configured Datasette instance over ``db`` (checked to be a readable communique database)."""
    from datasette.app import Datasette

    path = Path(db)
    with Store(path, readonly=True):  # CQ301/CQ302/CQ304 before anything is served
        pass
    ds = Datasette(files=[str(path)], metadata=build_metadata(path.stem), settings=SETTINGS)
    ds.communique_token = token  # read by the plugin's asgi_wrapper hook
    return ds


def _check_port(host: str, port: int) -> None:
    """CQ500 with a clear message when the address cannot be listened on (uvicorn only logs it)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), port))
        except OSError as err:
            raise ServeError(f"Cannot listen on {host}:{port}: {err.strerror or err}; choose another --port.") from None


def serve(
    db: str | os.PathLike[str],
    *,
    host: str = "127.0.0.1",
    port: int = 8001,
    token: str | None = None,
    echo: Callable[[str], None] = print,
) -> None:
    """Serve the workbench until interrupted."""
    import uvicorn

    check_bind(host, token)
    ds = build_datasette(db, token=token)
    ds.communique_loopback_only = is_loopback(host)  # read by LoopbackHosts (security.py)
    _check_port(host, port)
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{port}/-/communique"
    echo(f"communique workbench on {address}" + (f"?token={token}" if token else ""))
    if not is_loopback(host):
        echo("warning: reachable from other machines; anyone with the token can read the whole database.")
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on", workers=1)
