"""The analysts' guide: Cypher for the province's questions, played in Neo4j Browser.

``queries`` holds the questions as data (title, question, Cypher, parameters),
``picture`` draws the graph model as SVG, ``page`` renders the guide in the HTML
format Neo4j Browser plays with ``:play URL``, and ``routes`` serves both.
"""
