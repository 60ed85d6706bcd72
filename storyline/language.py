"""Which language an article is written in: an ISO 639-1 code such as ``"en"``.

The detector is py3langid (its model ships inside the PyPI package; nothing is
downloaded).  Without it, the script alone still tells Japanese, Chinese,
Korean, Russian (Cyrillic), Greek, Arabic, Hebrew and Thai apart; a Latin
text is then of unknown language (``None``), never guessed.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from functools import cache
from typing import Any

__all__ = ["detect_language", "detector_name"]

logger = logging.getLogger(__name__)

# Enough of an article to decide (a headline and a paragraph or two); more only costs
# time: the detector walks every byte of what it is given.
_SAMPLE_CHARS = 1000
# Fewer letters than this is too little to tell a language by.
_MIN_LETTERS = 12
# Below this probability the detector's answer is not taken (the script may still tell).
_MIN_CONFIDENCE = 0.5
_KANA = re.compile(r"[\u3040-\u30ff]")
_SCRIPTS = (
    ("ko", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
)


def detect_language(text: str) -> str | None:
    """The language of ``text`` as an ISO 639-1 code, or None when it cannot be told."""
    sample = text[:_SAMPLE_CHARS]
    letters = sum(map(str.isalpha, sample))
    if letters < _MIN_LETTERS:
        return None
    model = _model()
    if model is not None:
        code, confidence = model.classify(sample)
        if confidence >= _MIN_CONFIDENCE:
            return str(code)
    return _by_script(sample, letters)


def detector_name() -> str:
    """What decides languages here: ``"py3langid"``, or ``"script"`` without it."""
    return "py3langid" if _model() is not None else "script"


def _by_script(sample: str, letters: int) -> str | None:
    if _KANA.search(sample):
        return "ja"
    counts = Counter({code: len(pattern.findall(sample)) for code, pattern in _SCRIPTS})
    code, count = counts.most_common(1)[0]
    return code if count * 2 >= letters else None


@cache
def _model() -> Any:
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:
        logger.info("py3langid is not installed: languages are told by script only")
        return None
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
