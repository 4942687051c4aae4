"""The GraphQL API's reads: one function per query, one Cypher round trip each.

Every query returns the whole nested shape its GraphQL type can need (pattern
comprehensions and COLLECT subqueries), so resolvers below the top level read from
the prefetched record instead of calling the database. ``Include`` flags, taken from
the request's selection set, switch off the parts nobody asked for. Values come back
as plain data: dates and times as ISO strings, never driver types.
"""
