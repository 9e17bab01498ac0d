"""Session commands of the experiment bench: apply or remove an experiment, and the control-beside-treatment view
(the same cell run twice from t = 0 with the same seed, untreated and treated, side by side, stimuli in step)."""

from __future__ import annotations

from dataclasses import replace

from exoviz import experiment_text
from exoviz.commands import BenchHandlers
from exoviz.i18n import N_, _
from exoviz.investigations import INVESTIGATIONS
from exoviz.params import NORMAL_CALCIUM_MM, Params
from exoviz.session_host import SessionHost
from exoviz.sim.world import World

CONTROL = N_("Control (untreated)")
TREATED = N_("Treated: {what}")
SAME = N_("No experiment applied: both halves are the same run (apply one from the experiment menu)")


def control_of(params: Params) -> Params:
    """The untreated run of the same cell and seed: no experiment, a normal medium."""
    return replace(params, experiments=(), calcium=1, calcium_mm=NORMAL_CALCIUM_MM)


class BenchCommands:
    """Handlers of the bench's commands; they read and change the Session's params, compare worlds and treatment."""

    def __init__(self, s: SessionHost) -> None:
        self.s = s

    def handlers(self) -> BenchHandlers:
        """The bench commands this part carries out, by name."""
        return {"experiment": self._experiment, "compare_treatment": self._compare_treatment,
                "investigate": self._investigate}

    @property
    def treating(self) -> bool:
        """Whether the compare view shows control beside treatment (else the three mechanisms, or no compare)."""
        return self.s.compare and self.s.treatment is not None

    @property
    def caption_world(self) -> World:
        """The world the subtitles follow: the treated half in control beside treatment, else the scene's."""
        return self.s.compare_worlds[-1] if self.treating else self.s.world

    def _investigate(self, arg: str) -> None:
        """A guided investigation's scene: its cell, control beside treatment from t = 0 (KeyError for a name not
        in exoviz.investigations)."""
        inv = INVESTIGATIONS[str(arg)]
        base = replace(self.s.params, mode=inv.mode, cell=inv.cell, vesicles=None, experiments=(), calcium=1,
                       calcium_mm=NORMAL_CALCIUM_MM)
        control = base
        for name, value in inv.control_values:
            control = control.with_value(name, value)
        treated = base.with_experiment(inv.experiment, True) if inv.experiment else base
        for name, value in inv.values:
            treated = treated.with_value(name, value)
        self.s._set_params(treated, force=True)
        self._show_treatment(treated, control)
        self.s.investigation = inv.name

    def _experiment(self, arg: tuple[str, bool]) -> None:
        """Apply or remove an experiment (exoviz.experiments) from now on; where it does not apply, or clashes
        with one applied, a message says why and nothing changes. In the control-beside-treatment view both
        halves start again from t = 0 with the new treatment."""
        params = self.s.params.with_experiment(str(arg[0]), bool(arg[1]))
        problem = params.validate()
        if problem:
            self.s._say((problem, 6.0))
            return
        self.s._set_params(params)
        if self.treating:
            self.s.investigation = ""
            self._show_treatment(params)

    def _compare_treatment(self, arg: str | None) -> None:
        """Control beside treatment, on or off [None: the experiments applied now; a name: that one added]."""
        if self.treating and arg is None:
            self.s.compare, self.s.treatment, self.s.compare_worlds, self.s.investigation = False, None, [], ""
            return
        params = self.s.params if arg is None else self.s.params.with_experiment(str(arg), True)
        problem = params.validate()
        if problem:
            self.s._say((problem, 6.0))
            return
        if params != self.s.params:
            self.s._set_params(params)
        self.s.investigation = ""
        self._show_treatment(params)
        if not params.applied and params.calcium_mm == NORMAL_CALCIUM_MM:
            self.s._say((_(SAME), 6.0))

    def _show_treatment(self, params: Params, control: Params | None = None) -> None:
        self.s._end_walk()
        self.s.follow.stop()
        self.s.compare, self.s.treatment = True, params
        control = control_of(params) if control is None else control
        self.s.compare_worlds = [World(control), World(params)]  # each its own generator from the seed
        self.s.clock.reset()

    def treatment_labels(self) -> list[str] | None:
        """The two halves' names in the control-beside-treatment view (None in any other view)."""
        if not self.treating:
            return None
        assert self.s.treatment is not None
        inv = INVESTIGATIONS.get(self.s.investigation)
        if inv is not None and inv.labels[0]:
            return [_(inv.labels[0]), _(inv.labels[1])]
        what = experiment_text.tag(self.s.treatment) or _("nothing")
        return [_(CONTROL), _(TREATED).format(what=what)]
