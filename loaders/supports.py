"""What the support kinds share: a record under a programme, given to a firm."""

from __future__ import annotations

from collections.abc import Sequence

from hub.graph import reference
from hub.graph.model import Label, Rel
from loaders.base import KindLoader, LoadContext, Record


class SupportLoader(KindLoader):
    """Writes the record, its firm link and ``(record)-[:UNDER]->(Programme)``."""

    def write(self, ctx: LoadContext, records: Sequence[Record]) -> int:
        changed = self.write_nodes(ctx, records)
        codes = {r.props["programme"] for r in records}
        ctx.store.ensure_programmes(codes, ctx.now)
        under = [
            {
                "from": r.key,
                "to": reference.programme_key(r.props["programme"]),
                "hash": "",
                "props": {},
            }
            for r in records
        ]
        ctx.store.upsert_rels(self.label, Rel.UNDER, Label.PROGRAMME, under, ctx.run, ctx.now)
        return changed
