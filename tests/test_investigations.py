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


def test_every_experiment_has_its_own_three_or_four_choices():
    """Issue item 5: choices written for each experiment, not the generic ones, none shared with another's."""
    generic = {t for m in inv.MEASURES for t in inv.CHOICES[m]}
    seen: dict[str, str] = {}
    owners = [(e.name, e.choices) for e in EXPERIMENTS.values()]
    owners += [(i.name, inv.choices_of((), i.name)) for i in inv.INVESTIGATIONS.values() if not i.experiment]
    for name, choices in owners:
        assert 3 <= len(choices) <= 4, name
        texts = [c.text for c in choices]
        assert len(set(texts)) == len(texts) and not set(texts) & generic, name
        for t in texts:
            assert seen.setdefault(t, name) == name, (t, name, seen[t])
        assert all(c.when and all(f in inv.NOISE for f, _ok in c.when) for c in choices), name
    assert inv.choices_of((), "blocked") == EXPERIMENTS["botulinum-a"].choices  # an investigation: its experiment's
    assert inv.choices_of(("dynasore", "bafilomycin")) == EXPERIMENTS["dynasore"].choices


def _figs(**kw: float) -> dict[str, float]:
    return {**dict.fromkeys(inv.NOISE, 0.0), **kw}


@pytest.mark.parametrize("control,treated,want", [
    (_figs(synchronous=31, asynchronous=11), _figs(synchronous=1, asynchronous=14), (0, True)),  # the knockout
    (_figs(synchronous=31, asynchronous=11), _figs(synchronous=0, asynchronous=0), (1, True)),  # all gone
    (_figs(synchronous=31, asynchronous=11), _figs(synchronous=30, asynchronous=12), (2, True)),
    (_figs(synchronous=67, asynchronous=32), _figs(synchronous=17, asynchronous=44), (0, True)),  # 60 s at 50 Hz
    (_figs(synchronous=31, asynchronous=11), _figs(synchronous=20, asynchronous=5), (3, True)),
])
def test_the_results_card_says_which_choice_the_measurement_matches(control, treated, want):
    assert inv.matched_choice(EXPERIMENTS["syt1-knockout"].choices, control, treated) == want


def test_outcome_gone_fewer_same_more():
    assert [inv.outcome("releases", 40, t) for t in (2, 20, 38, 80)] == ["gone", "fewer", "same", "more"]
    assert inv.outcome("releases", 0, 0) == "same"
    # GW4869 buds a quarter of the ILVs: exosomes near a quarter of the control's while MVBs still fuse
    assert inv.matched_choice(EXPERIMENTS["gw4869"].choices, _figs(releases=10, exosomes=268),
                              _figs(releases=9, exosomes=60)) == (0, True)
    # the acid investigation's card at 60 s in the window: bafilomycin's cargo per release down from 10.99 to 8.52
    acid = EXPERIMENTS["bafilomycin"].choices
    assert inv.matched_choice(acid, _figs(releases=99, cargo_per_release=10.99),
                              _figs(releases=89, cargo_per_release=8.52)) == (0, True)
    # EGTA at the synapse: fast release kept, asynchronous lost (choice 2); none fits all: the closest
    egta = EXPERIMENTS["egta"].choices
    assert inv.matched_choice(egta, _figs(releases=42, synchronous=31, asynchronous=11),
                              _figs(releases=33, synchronous=33, asynchronous=0)) == (1, True)
    # more releases, as many synchronous, more asynchronous: no choice fits all its conditions; choices 2 and 4
    # each fit half of theirs, and the first of them is said as the closest
    assert inv.matched_choice(egta, _figs(releases=42, synchronous=31, asynchronous=11),
                              _figs(releases=80, synchronous=31, asynchronous=30)) == (1, False)


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
