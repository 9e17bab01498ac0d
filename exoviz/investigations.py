"""The guided investigations for students (--investigate, key N) and the predict-then-look choices: each
investigation a question with its prepared control and treatment; each experiment of the registry the measure
its prediction card asks about. The results card says which choice the two runs' numbers match (matched()).

Plain data (no pygame, no NumPy); texts marked with N_ and shown with _().
"""

from __future__ import annotations

from dataclasses import dataclass

from exoviz import experiments as reg
from exoviz.experiments import EXPERIMENTS, Choice
from exoviz.i18n import N_, _

MEASURES = ("releases", "fusions", "area_change_um2", "exosomes", "cargo_per_release")  # exoviz.figures' names
MEASURE_LABELS = {"releases": N_("releases"), "fusions": N_("full fusions"),
                  "area_change_um2": N_("change of cell surface, µm²"), "exosomes": N_("exosomes released"),
                  "cargo_per_release": N_("cargo per release, dots"),
                  "synchronous": N_("synchronous fusions (synaptotagmin-1)"),
                  "asynchronous": N_("asynchronous fusions (synaptotagmin-7)")}
# the smallest difference that counts as a change (below it: "about the same")
NOISE = {"releases": 2.0, "fusions": 2.0, "area_change_um2": 0.1, "exosomes": 5.0, "cargo_per_release": 1.0,
         "synchronous": 2.0, "asynchronous": 2.0}
SAME_WITHIN = 0.25  # a difference below this share of the larger of the two is "about the same"
# ... except cargo per release: an average over every release of the run (full vesicles carry 11 dots), where
# bafilomycin's late, empty releases move it by ~20 % in the minute the results card waits (10.99 to 8.52)
SAME_WITHIN_OF = {"cargo_per_release": 0.1}
GONE_SHARE = 0.25  # a figure down to at most this share of the control's is "all but gone"
FEWER, SAME, MORE = 0, 1, 2
# the three choices of a prediction card, for each measure: (fewer, about the same, more) than the control
CHOICES = {
    "releases": (N_("Fewer releases than the control"), N_("About as many releases as the control"),
                 N_("More releases than the control")),
    "fusions": (N_("Fewer full fusions than the control"), N_("About as many full fusions as the control"),
                N_("More full fusions than the control")),
    "area_change_um2": (N_("The surface grows less than the control's"),
                        N_("The surface changes about as much as the control's"),
                        N_("The surface grows more than the control's")),
    "exosomes": (N_("Fewer exosomes than the control"), N_("About as many exosomes as the control"),
                 N_("More exosomes than the control")),
    "cargo_per_release": (N_("Less cargo in each release than the control"),
                          N_("About as much cargo per release as the control"),
                          N_("More cargo in each release than the control")),
}
# what the prediction card asks about for each experiment of the registry
EXPERIMENT_MEASURE = {
    "calcium-free": "releases", "egta": "releases", "bapta": "releases", "botulinum-a": "releases",
    "botulinum-b": "releases", "tetanus": "releases", "syt1-knockout": "releases", "munc13-knockout": "releases",
    "dynasore": "area_change_um2", "bafilomycin": "cargo_per_release", "nocodazole": "releases",
    "gw4869": "exosomes", "rab27a-knockdown": "exosomes",
}
RESULTS_AFTER_S = 60.0  # the results card shows after this much playback (speed ×1) of the two runs


@dataclass(frozen=True)
class Investigation:
    """One guided investigation: a question, the scene that answers it (control beside treatment) and what to
    look at. values: parameter values of the treated run; control_values: of the control (both from the cell's
    defaults); experiment: the registry's experiment applied to the treated run ('' for none)."""

    name: str  # the --investigate value
    question: str
    mode: str
    cell: str
    experiment: str
    measure: str  # one of MEASURES: what the prediction and results cards compare
    look: str  # what to watch while it runs
    answer: str  # what a real cell shows, said on the results card
    values: tuple[tuple[str, float], ...] = ()
    control_values: tuple[tuple[str, float], ...] = ()
    labels: tuple[str, str] = ("", "")  # the two halves' names when no experiment names them
    choices: tuple[Choice, ...] = ()  # the prediction card's answers when no experiment brings its own


INVESTIGATIONS: dict[str, Investigation] = {i.name: i for i in (
    Investigation("growth", N_("Why doesn't the cell keep growing?"), "full-fusion", "macrophage", "dynasore",
                  "area_change_um2",
                  N_("Each full fusion adds a vesicle's membrane to the surface; coated pits take membrane back. "
                     "Right: dynasore blocks dynamin, which pinches the pits off."),
                  N_("Endocytosis takes back what exocytosis adds. With dynamin blocked, pits cannot pinch off and "
                     "the surface grows.")),
    Investigation("kiss", N_("How could you tell a kiss from a full fusion in a recording?"), "kiss-and-run",
                  "neuron", "", "fusions",
                  N_("Watch the capacitance trace: a kiss opens and closes a pore (a brief flicker), a full fusion "
                     "adds the vesicle's membrane for good (a step up)."),
                  N_("In capacitance recordings a kiss-and-run shows as a flicker that returns to the baseline; a "
                     "full fusion as a step that stays until endocytosis."),
                  values=(("full_fusion_fraction", 1.0),), control_values=(("full_fusion_fraction", 0.0),),
                  labels=(N_("Every release a kiss-and-run"), N_("Every release a full fusion")),
                  choices=(Choice(N_("Full fusions leave lasting steps up in the capacitance; kisses only flicker, "
                                     "so the right run shows many more full fusions"), (("fusions", (reg.MORE,)),)),
                           Choice(N_("A recording cannot tell them apart: both runs look the same"),
                                  (("fusions", (reg.SAME,)),)),
                           Choice(N_("The kiss-and-run side shows more full fusions: each kiss ends in one"),
                                  (("fusions", (reg.GONE, reg.FEWER)),)))),
    Investigation("blocked", N_("What happens if fusion is blocked?"), "kiss-and-run", "neuron", "botulinum-a",
                  "releases",
                  N_("Right: botulinum toxin A cuts SNAP-25, one of the SNAREs that pull a vesicle onto the membrane."),
                  N_("Botulinum toxin leaves docking intact and blocks fusion: no transmitter is released "
                     "(paralysis).")),
    Investigation("calcium", N_("Why does calcium matter?"), "kiss-and-run", "neuron", "calcium-free",
                  "releases",
                  N_("Right: no Ca²⁺ in the fluid outside the cell. Stimulate both (S) and watch the active zones."),
                  N_("Ca²⁺ entering through channels triggers fusion (release rises with about its 4th power). "
                     "Try BAPTA and EGTA from the experiment menu: the fast buffer blocks, the slow one barely.")),
    Investigation("exosomes", N_("What do exosomes need?"), "exosome", "dendritic-cell", "rab27a-knockdown",
                  "exosomes",
                  N_("Right: Rab27a is knocked down. Watch the multivesicular bodies as they reach the membrane."),
                  N_("Rab27a docks MVBs at the plasma membrane; without it they go to lysosomes and exosome release "
                     "falls. GW4869 (menu) instead makes fewer vesicles inside each MVB.")),
    Investigation("acid", N_("What does the vesicle's acid do?"), "kiss-and-run", "neuron", "bafilomycin",
                  "cargo_per_release",
                  N_("Right: bafilomycin stops the proton pump that acidifies the vesicles. Watch the cargo dots in "
                     "each release."),
                  N_("The proton gradient powers transmitter loading: with the V-ATPase blocked, vesicles go on "
                     "fusing but release less and less.")),
)}


def unknown(name: str) -> str:
    """The one line for an investigation name not in the table, with the list."""
    return _("unknown investigation {value!r}; choose one of: {choices}").format(value=name,
                                                                                choices=", ".join(INVESTIGATIONS))


def measure_of(experiments: tuple[str, ...], investigation: str = "") -> str:
    """What a prediction card asks about: the investigation's measure, else the first experiment's, else
    releases."""
    if investigation:
        return INVESTIGATIONS[investigation].measure
    return next((EXPERIMENT_MEASURE[e] for e in experiments if e in EXPERIMENT_MEASURE), "releases")


def choices_of(experiments: tuple[str, ...], investigation: str = "") -> tuple[Choice, ...]:
    """The prediction card's answers: the investigation's (its experiment's, else its own), else the first
    experiment's, else the generic three about releases."""
    inv = INVESTIGATIONS.get(investigation)
    if inv is not None:
        experiments = (inv.experiment,) if inv.experiment else ()
        if inv.choices:
            return inv.choices
    for name in experiments:
        if name in EXPERIMENTS and EXPERIMENTS[name].choices:
            return EXPERIMENTS[name].choices
    outcomes = (reg.FEWER, reg.SAME, reg.MORE)
    return tuple(Choice(text, (("releases", (k,)),)) for text, k in zip(CHOICES["releases"], outcomes))


def outcome(figure: str, control: float, treated: float) -> str:
    """How the treated run's figure compares with the control's: gone (at most GONE_SHARE of a clear control
    figure), fewer, same (within the noise) or more."""
    k = matched(figure, control, treated)
    if k == FEWER and control > 0 and treated <= GONE_SHARE * control:
        return reg.GONE
    return (reg.FEWER, reg.SAME, reg.MORE)[k]


def matched_choice(choices: tuple[Choice, ...], control: dict[str, float],
                   treated: dict[str, float]) -> tuple[int, bool]:
    """Which choice the two runs' figures match: the first whose every condition holds (True), else the one with
    the most conditions holding (False: the closest)."""
    held = [sum(outcome(f, control[f], treated[f]) in ok for f, ok in c.when) for c in choices]
    full = [k for k, c in enumerate(choices) if held[k] == len(c.when)]
    if full:
        return full[0], True
    return max(range(len(choices)), key=lambda k: (held[k] / len(choices[k].when), -k)), False


def matched(measure: str, control: float, treated: float) -> int:
    """Which choice (FEWER, SAME, MORE) the two runs' numbers match."""
    diff = treated - control
    share = SAME_WITHIN_OF.get(measure, SAME_WITHIN)
    if abs(diff) < NOISE[measure] or abs(diff) < share * max(abs(control), abs(treated)):
        return SAME
    return MORE if diff > 0 else FEWER


def check() -> None:
    """Every entry names an experiment of the registry, a measure with choices (a test calls this)."""
    for i in INVESTIGATIONS.values():
        assert i.measure in CHOICES and (not i.experiment or i.experiment in EXPERIMENTS), i.name
        assert 3 <= len(choices_of((), i.name)) <= 4, i.name
    assert set(EXPERIMENT_MEASURE) == set(EXPERIMENTS)
    for e in EXPERIMENTS.values():
        assert 3 <= len(e.choices) <= 4 and all(f in NOISE for c in e.choices for f, _ok in c.when), e.name
