"""The partner API's fixtures, for the agency tests that upload over HTTP."""

from tests.partner.conftest import client, feed_indexes  # noqa: F401
