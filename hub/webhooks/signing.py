"""Signing deliveries the Standard Webhooks way (https://www.standardwebhooks.com/).

The secret reads ``whsec_<base64>``; its decoded bytes are the HMAC-SHA256 key. The
signed content is ``{webhook-id}.{webhook-timestamp}.{body}`` and the header
``webhook-signature`` carries ``v1,<base64 signature>``. Receivers verify with any
Standard Webhooks library (the tests use the reference ``standardwebhooks`` package).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

PREFIX = "whsec_"
_KEY_BYTES = 32


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(_KEY_BYTES)).decode("ascii")


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` header value for one attempt."""
    key = base64.b64decode(secret.removeprefix(PREFIX))
    content = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def headers(secret: str, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret, message_id, timestamp, body),
    }
