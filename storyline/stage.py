"""What every pipeline stage has in common (the scikit-learn contract).

``__init__`` only stores its keyword arguments under the same names;
``validate()`` checks them on first use and raises
:class:`~storyline.errors.InvalidParameter` naming the parameter, the rule and
the value; ``params()`` returns them so the store can record which stage
version and parameters produced a result.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import cache
from typing import Any, ClassVar

__all__ = ["Stage"]


@cache
def _keyword_names(init: Callable[..., None]) -> tuple[str, ...]:
    """The keyword-only parameters of an ``__init__`` (read once per class: summaries ask
    for their stage's parameters once per story)."""
    signature = inspect.signature(init)
    return tuple(
        key
        for key, parameter in signature.parameters.items()
        if key != "self" and parameter.kind is inspect.Parameter.KEYWORD_ONLY
    )


class Stage:
    """Base class of the pipeline stages (Cleaner, NearDuplicates, StoryClusterer, Summarizer)."""

    name: ClassVar[str] = "stage"
    version: ClassVar[str] = "1"

    def params(self) -> dict[str, Any]:
        """The keyword parameters of ``__init__`` with their current values."""
        return {key: getattr(self, key) for key in _keyword_names(type(self).__init__)}

    def validate(self) -> None:
        """Raise InvalidParameter for the first parameter that breaks its rule."""

    def describe(self) -> dict[str, Any]:
        """Name, version and parameters, as recorded in the store."""
        return {"stage": self.name, "version": self.version, "params": self.params()}
