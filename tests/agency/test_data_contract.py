"""The data contract in the repository: ``docs/data-contract.md`` is generated from the
loaders' own column definitions, is current, and the README links it."""

from __future__ import annotations

import re

from hub.settings import PROJECT_ROOT
from loaders import contract
from loaders.registry import LOADERS

PAGE = PROJECT_ROOT / "docs" / "data-contract.md"


def test_the_data_contract_page_is_current() -> None:
    assert PAGE.read_text(encoding="utf-8") == contract.reference(), (
        "regenerate: python -m loaders.contract > docs/data-contract.md"
    )


def test_the_page_lists_every_column_and_header_that_loads() -> None:
    page = PAGE.read_text(encoding="utf-8")
    for kind, loader in LOADERS.items():
        section = page.split(f"## `{kind}`", 1)[1].split("\n## ", 1)[0]
        for column in loader.columns:
            (row,) = [
                line for line in section.splitlines() if line.startswith(f"| `{column.name}`")
            ]
            for label in column.labels:
                assert label.replace("|", "\\|") in row, (kind, column.name, label)


def test_the_readme_links_the_page_not_a_path_outside_the_repository() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/data-contract.md)" in readme
    assert not re.search(r"\.\./shared/spec/DATA_CONTRACT", readme)
