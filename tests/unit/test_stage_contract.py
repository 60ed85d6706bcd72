"""One contract, checked over every configurable stage (the scikit-learn habit)."""

from __future__ import annotations

import inspect

import pytest

from storyline.config import stage_classes
from storyline.errors import InvalidParameter
from storyline.stage import Stage

STAGES = list(stage_classes().values())


@pytest.fixture(params=STAGES, ids=lambda cls: cls.name)
def stage_class(request):
    return request.param


def test_is_a_stage_with_a_name_and_version(stage_class):
    assert issubclass(stage_class, Stage)
    assert stage_class.name and stage_class.version


def test_every_parameter_is_keyword_only_with_a_default(stage_class):
    parameters = list(inspect.signature(stage_class.__init__).parameters.values())[1:]
    assert parameters
    for parameter in parameters:
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, parameter.name
        assert parameter.default is not inspect.Parameter.empty, parameter.name


def test_init_only_stores_so_bad_values_fail_on_validate(stage_class):
    parameters = list(inspect.signature(stage_class.__init__).parameters)[1:]
    for name in parameters:
        stage = stage_class(**{name: object()})  # nothing checked yet
        assert getattr(stage, name) is not None
        with pytest.raises(
            InvalidParameter, match=rf"'{name}' parameter of {stage_class.__name__}"
        ):
            stage.validate()


def test_defaults_are_valid_and_round_trip_through_params(stage_class):
    stage = stage_class()
    stage.validate()
    assert stage_class(**stage.params()).params() == stage.params()
    assert stage.describe()["stage"] == stage_class.name
