"""The hub's entry points, above everything else: the HTTP app (``app.web``) and the
command line (``app.cli``). They compose ``schema`` (GraphQL) and ``loaders`` (the
ingest service) over the core in ``hub``; nothing below imports them."""
