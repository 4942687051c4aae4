"""A probabilistic linker for comparison: Splink (Fellegi-Sunter) on DuckDB.

It gets the same help the hub's rules get: both sides' names taken apart by
``hub.names`` (legal form, branch marker, distinctive words with abbreviations as one
vocabulary) and the address's ward keys. What differs is the decision: Splink learns
m and u probabilities without labels (random sampling for u, expectation maximisation
for m) and scores every blocked pair; a reference links to its best-scoring firm when
the match probability reaches the threshold and no other firm comes within a margin.

Splink is a bench-only extra (``pip install -e '.[linking-bench]'``, which
``bench/run`` does); without it this comparison is skipped.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hub import names

THRESHOLDS = (0.9, 0.99)
_MARGIN = 0.05


@dataclass(frozen=True)
class Row:
    id: str
    name: str
    wards: frozenset[str]


def available() -> bool:
    try:
        import splink  # noqa: F401
    except ImportError:
        return False
    return True


def link(register: Sequence[Row], references: Sequence[Row]) -> dict[float, dict[str, str]]:
    """For each threshold, reference id -> firm key for the references Splink links."""
    import pandas as pd
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on
    from splink import comparison_library as cl

    logging.getLogger("splink").setLevel(logging.WARNING)
    left = pd.DataFrame([_features(r, "f:") for r in register])
    right = pd.DataFrame([_features(r, "r:") for r in references])
    settings = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.ExactMatch("words_sorted").configure(term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("words", [0.95, 0.88]),
            cl.ArrayIntersectAtSizes("terms", [4, 3, 2, 1]),
            # A person's prior, never re-estimated: both EM passes block on these.
            cl.ExactMatch("form").configure(m_probabilities=[0.99, 0.01]),
            cl.ExactMatch("branch").configure(m_probabilities=[0.99, 0.01]),
            cl.ExactMatch("ward"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("words_sorted"),
            block_on("rare_terms", arrays_to_explode=["rare_terms"]),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker([left, right], settings, DuckDBAPI(), input_table_aliases=["reg", "ref"])
    linker.training.estimate_probability_two_random_records_match(
        [block_on("words_sorted", "form")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("words_sorted", "form", "branch")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("form", "branch"))
    pairs = linker.inference.predict(threshold_match_probability=min(THRESHOLDS) - _MARGIN)
    return _decide(pairs.as_pandas_dataframe())


def _features(row: Row, side: str) -> dict[str, Any]:
    parsed = names.parse(row.name)
    terms = list(parsed.terms)
    return {
        "unique_id": side + row.id,
        "form": {"tnhh1tv": "tnhh", "company": None}.get(parsed.form or "", parsed.form),
        "branch": "y" if parsed.branch else "n",
        "words": " ".join(terms) or None,
        "words_sorted": " ".join(sorted(terms)) or None,
        "terms": terms,
        "rare_terms": [t for t in terms if not names.is_generic(t)],
        "ward": min(row.wards) if row.wards else None,
    }


def _decide(pairs: Any) -> dict[float, dict[str, str]]:
    best: dict[str, list[tuple[float, str]]] = {}
    for one, other, probability in zip(
        pairs["unique_id_l"], pairs["unique_id_r"], pairs["match_probability"], strict=True
    ):
        ref_id, firm = (one, other) if str(one).startswith("r:") else (other, one)
        best.setdefault(str(ref_id)[2:], []).append((float(probability), str(firm)[2:]))
    out: dict[float, dict[str, str]] = {t: {} for t in THRESHOLDS}
    for ref_id, scored in best.items():
        scored.sort(reverse=True)
        top, firm = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else 0.0
        for threshold in THRESHOLDS:
            if top >= threshold and top - runner_up >= _MARGIN:
                out[threshold][ref_id] = firm
    return out
