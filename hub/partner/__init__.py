"""Partner agencies' write API: keys, uploads through the loaders, rate limits, OpenAPI.

``routes`` serves ``POST /datasets/{kind}`` and ``/openapi.json`` (mounted under
``/api/v1``); ``auth`` checks keys, ``ratelimit`` paces them, ``uploads`` streams
bodies to disk, ``sync`` runs the loader pipeline. Reads stay open, over GraphQL.
"""
