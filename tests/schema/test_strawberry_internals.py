"""The Strawberry and graphql-core internals the hub reaches into still behave as it
expects (pyproject.toml bounds both; the constraints file pins them). When an upgrade
changes one of them, this fails instead of the hub silently losing a fast path or a
limit."""

from __future__ import annotations

from graphql import GraphQLError, parse, specified_rules
from strawberry.schema.name_converter import NameConverter
from strawberry.schema.schema import validate_document

from schema import HubSchema
from schema.fast_paths import CachedNames
from schema.limits import Limits


def test_plain_fields_read_their_attribute_directly() -> None:
    schema = HubSchema(Limits())
    fields = schema._schema.type_map["Enterprise"].fields  # type: ignore[union-attr]
    # Strawberry's default resolver is recognised and replaced by the one getattr.
    assert fields["name"].resolve.__qualname__.startswith("_attribute")
    assert fields["taxCode"].resolve.__qualname__.startswith("_attribute")


def test_the_cached_name_converter_is_the_one_strawberry_calls() -> None:
    assert "apply_naming_config" in vars(NameConverter)
    converter = CachedNames()
    assert converter.apply_naming_config("valid_on") == "validOn"
    schema = HubSchema(Limits())
    assert "validOn" in str(schema)  # certificates(validOn:) named through it


def test_validate_document_takes_the_hubs_rules() -> None:
    schema = HubSchema(Limits())
    document = parse("{ enterprise(taxCode: 1) { nosuchfield } }")
    errors = validate_document(schema._schema, document, specified_rules)
    assert errors and all(isinstance(e, GraphQLError) for e in errors)
