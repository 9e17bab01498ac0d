"""The investigations table (exoviz/investigations.py): each opens its scene with the right control and
treatment; which prediction the numbers match; --investigate's flag."""

import pytest

from exoviz import investigations as inv
from exoviz.cli import parse
from exoviz.commands import Command
from exoviz.experiments import EXPERIMENTS
from exoviz.options import UsageError
from exoviz.session import Session


def test_table_is_consistent_and_every_experiment_has_a_measure():
    inv.check()
    assert 5 <= len(inv.INVESTIGATIONS) <= 6
    assert set(inv.EXPERIMENT_MEASURE) == set(EXPERIMENTS)
    assert all(len(inv.CHOICES[m]) in (3, 4) for m in inv.MEASURES)


@pytest.mark.parametrize("name", list(inv.INVESTIGATIONS))
def test_each_investigation_opens_its_control_beside_its_treatment(name):
    entry = inv.INVESTIGATIONS[name]
    s = Session(parse(["--headless", "--duration", "1", "--investigate", name]))
    assert s.treating and s.investigation == name
    control, treated = s.compare_worlds
    assert control.params.mode == treated.params.mode == entry.mode
    assert control.params.cell_spec.name == treated.params.cell_spec.name == entry.cell
    assert control.params.applied == ()
    assert treated.params.applied == ((entry.experiment,) if entry.experiment else ())
    for key, value in entry.values:
        assert getattr(treated.params, key) == value
    for key, value in entry.control_values:
        assert getattr(control.params, key) == value
    assert control.params != treated.params  # the two halves differ by the treatment
    assert control.params.seed == treated.params.seed


def test_another_scene_leaves_the_investigation():
    s = Session(parse(["--headless", "--duration", "1", "--investigate", "blocked"]))
    s.apply(Command("compare_treatment"))  # E again: the view closes
    assert not s.treating and s.investigation == ""


@pytest.mark.parametrize("control,treated,want", [
    (89, 15, inv.FEWER), (89, 80, inv.SAME), (10, 30, inv.MORE), (0, 1, inv.SAME), (0, 0, inv.SAME)])
def test_matched_choice_follows_the_numbers(control, treated, want):
    assert inv.matched("releases", control, treated) == want


def test_area_growth_matches_more():
    assert inv.matched("area_change_um2", -8.5, 21.4) == inv.MORE
    assert inv.matched("area_change_um2", 0.0, 0.05) == inv.SAME


def test_bad_investigation_name_is_a_usage_error_with_the_list():
    with pytest.raises(UsageError) as e:
        parse(["--investigate", "nope"])
    assert all(n in str(e.value) for n in inv.INVESTIGATIONS)
    assert parse(["--investigate"]).investigate == ""
