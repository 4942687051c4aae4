"""uvicorn's HTTP/1.1 protocol, with one change: what it answers to a request it cannot parse.

A request that is not valid HTTP (a Content-Length that is not a number, two that
disagree, a broken header line) never reaches the app: uvicorn answers it itself with a
plain-text 400 "Invalid HTTP request received." These subclasses answer the same 400,
on the same closed connection, as a problem (``malformed-request``, ``app.web.problems``)
with a request id, so every answer a client can get has the documented shape.

This overrides ``send_400_response``, a method of uvicorn's protocol classes (not a
public API: ``pyproject.toml`` bounds uvicorn's version); ``hub serve`` selects the
class with uvicorn's ``http`` option (``app.web.server``).
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from app.web.problems import MEDIA_TYPE, raw_response

DETAIL = (
    "the request is not valid HTTP/1.1 (for example a Content-Length that is not a number); "
    "it was refused before its body was read"
)


def _answer() -> tuple[bytes, list[tuple[bytes, bytes]]]:
    body, request_id = raw_response("malformed-request", DETAIL)
    headers = [
        (b"content-type", MEDIA_TYPE.encode("ascii")),
        (b"content-length", str(len(body)).encode("ascii")),
        (b"x-request-id", request_id.encode("ascii")),
        (b"connection", b"close"),
    ]
    return body, headers


class ProblemH11Protocol(H11Protocol):
    def send_400_response(self, msg: str) -> None:
        body, headers = _answer()
        response = h11.Response(status_code=400, headers=headers, reason=b"Bad Request")
        for event in (response, h11.Data(data=body), h11.EndOfMessage()):
            self.transport.write(self.conn.send(event) or b"")
        self.transport.close()


ProblemHTTPProtocol: type[asyncio.Protocol] = ProblemH11Protocol

try:
    from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol
except ImportError:  # pragma: no cover - uvicorn without httptools falls back to h11 too
    pass
else:

    class ProblemHttpToolsProtocol(HttpToolsProtocol):
        def send_400_response(self, msg: str) -> None:
            body, headers = _answer()
            content = [STATUS_LINE[400]]
            for name, value in [*self.server_state.default_headers, *headers]:
                content.extend([name, b": ", value, b"\r\n"])
            content.extend([b"\r\n", body])
            self.transport.write(b"".join(content))
            self.transport.close()

    ProblemHTTPProtocol = ProblemHttpToolsProtocol

# What ``hub serve`` passes as uvicorn's ``http`` option.
PROTOCOL = f"{__name__}:ProblemHTTPProtocol"
