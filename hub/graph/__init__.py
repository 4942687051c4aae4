"""The graph layer: the one place that talks to Neo4j.

``driver`` opens connections and translates driver errors; ``model`` names the closed
set of labels and relationship types; ``migrations`` keeps constraints and indexes;
the other modules hold one function per query.
"""
