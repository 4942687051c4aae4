"""The bench's peer: the same questions asked of ``@neo4j/graphql`` on the same Neo4j.

``bench/peer`` is an npm project (``package.json``, ``package-lock.json``, installed by
``bench/run`` with ``npm ci``, never from a CDN): ``@neo4j/graphql`` 7.x with
``neo4j-driver`` behind ``graphql-yoga`` (``server.mjs``), describing the hub's graph
with the library's own directives only (``schema.graphql``), read-only. The Python
modules here start it (``serve``), pair each hub question with the peer's spelling of
it (``pairs``), check both return the same firms and time them in turns (``compare``).
"""
