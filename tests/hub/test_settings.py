"""Settings: read from the environment, refused naming the variable, documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.errors import ConfigError
from hub.settings import PROJECT_ROOT, Settings, reference


def test_values_are_read_and_typed() -> None:
    settings = Settings.from_env(
        {"HUB_PORT": "9001", "HUB_QUERY_TIMEOUT": "2.5", "HUB_INTROSPECTION": "off"}
    )
    assert (settings.port, settings.query_timeout, settings.introspection) == (9001, 2.5, False)


def test_a_configured_uri_is_not_a_local_server() -> None:
    assert Settings.from_env({}).local_neo4j is True
    assert Settings.from_env({"NEO4J_URI": "neo4j://db:7687"}).local_neo4j is False
    both = {"NEO4J_URI": "neo4j://127.0.0.1:7688", "HUB_LOCAL_NEO4J": "1"}
    assert Settings.from_env(both).local_neo4j is True


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"HUB_PORT": "abc"}, "HUB_PORT='abc' is not a whole number"),
        ({"HUB_QUERY_TIMEOUT": "soon"}, "HUB_QUERY_TIMEOUT='soon' is not a number"),
        ({"HUB_INTROSPECTION": "maybe"}, "HUB_INTROSPECTION='maybe' is not true or false"),
    ],
)
def test_a_bad_value_is_refused_naming_its_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        Settings.from_env(env)


def test_the_password_never_prints() -> None:
    settings = Settings.from_env({"NEO4J_PASSWORD": "s3cret-value"})
    assert "s3cret-value" not in repr(settings)
    assert settings.neo4j_password.reveal() == "s3cret-value"


def test_the_settings_reference_is_current() -> None:
    page = Path(PROJECT_ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert page == reference(), "regenerate: python -m hub.settings > docs/settings.md"
