"""Alerts to partners: webhooks, signed deliveries and the worker that sends them.

- ``registry``: register, list and remove webhooks (per API key), list deliveries;
- ``signing``: the Standard Webhooks signature (``webhook-id``, ``webhook-timestamp``,
  ``webhook-signature: v1,<base64 HMAC-SHA256>``);
- ``worker``: turns events (``record.changed`` from the change feed,
  ``certificate.expiring``) into deliveries and sends them, retrying with backoff.
The graph side, and how several hub processes share the work, is ``hub.graph.webhooks``.
"""
