"""Guided investigations and predict-then-look in the window: which card is open (the start page, the prediction
card before a treated run, the results card after RESULTS_AFTER_S of playback), its keys and clicks, and its
entry on the Esc stack. The automatic cards are off in recordings and in the clean view; nothing is stored."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from exoviz.commands import Command
from exoviz.experiments import EXPERIMENTS
from exoviz.figures import figures
from exoviz.i18n import _
from exoviz.investigations import INVESTIGATIONS, RESULTS_AFTER_S, choices_of, measure_of
from exoviz.ui.escape import Openable, register
from exoviz.ui.investigate_cards import Card, draw_card, predict_card, results_card, start_card

if TYPE_CHECKING:
    from exoviz.ui.host import Host as Window

NEXT_KEYS = (pygame.K_PAGEDOWN, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)
NUMBER_KEYS = {getattr(pygame, f"K_{k}"): k - 1 for k in range(1, 10)} | {
    getattr(pygame, f"K_KP{k}"): k - 1 for k in range(1, 10)}


class Cards:
    """The card open now ('' none, 'start', 'predict', 'results'), the highlighted choice, the prediction made,
    and the treated run watched (a new one asks for a prediction; its results show once)."""

    def __init__(self, live: bool) -> None:
        self.live = live  # a real window (recordings and screenshots draw offscreen: no automatic cards)
        self.page = ""
        self.sel = 0
        self.choice: int | None = None
        self.run: object = None  # the treated World watched
        self.results_done = False
        self.box = pygame.Rect(0, 0, 0, 0)
        self.choice_rects: list[pygame.Rect] = []

    # -- state ------------------------------------------------------------------------------------------------
    def auto(self, w: Window) -> bool:
        """Whether the prediction and results cards may open: a real window, not recording, not the clean view."""
        return self.live and not w.session.clean and not w.rec.active

    def open_start(self, w: Window) -> None:
        self.page, self.sel = "start", max(0, list(INVESTIGATIONS).index(w.session.investigation)
                                           if w.session.investigation else 0)

    def toggle(self, w: Window) -> None:
        """The start page, open or closed."""
        if self.page == "start":
            self.close(w)
        else:
            self.open_start(w)

    def close(self, w: Window) -> None:
        """Close the card open; a prediction card closed starts the run without a prediction."""
        if self.page == "predict":
            w.session.apply(Command("pause", False))
        self.page = ""

    def update(self, w: Window) -> None:
        """Each frame: a new treated run opens the prediction card (paused); RESULTS_AFTER_S of its playback
        opens the results card (paused)."""
        s = w.session
        run = s.compare_worlds[-1] if s.treating else None
        if run is not self.run:
            self.run, self.results_done, self.choice = run, False, None
            if self.page in ("predict", "results"):
                self.page = ""
            if run is not None and self.auto(w) and (s.investigation or run.params.applied):
                self.page, self.sel = "predict", 0
                s.apply(Command("pause", True))
        if run is None or self.results_done or self.page or not self.auto(w):
            return
        if run.playback_s >= RESULTS_AFTER_S:
            self.page, self.results_done = "results", True
            s.apply(Command("pause", True))

    def card(self, w: Window) -> Card | None:
        s = w.session
        if self.page == "start":
            return start_card(self.sel)
        if not s.treating or self.page not in ("predict", "results"):
            return None
        control, treated = s.compare_worlds[0], s.compare_worlds[-1]
        inv = INVESTIGATIONS.get(s.investigation)
        measure = measure_of(treated.params.applied, s.investigation)
        choices = choices_of(treated.params.applied, s.investigation)
        if self.page == "predict":
            question = _(inv.question) if inv else (s.treatment_labels() or ["", ""])[1]
            what = _(inv.look) if inv else _targets(treated.params.applied)
            return predict_card(question, what, choices, self.sel)
        labels = s.treatment_labels() or ["", ""]
        return results_card(RESULTS_AFTER_S, measure, choices, figures(control), figures(treated), labels,
                            self.choice, _(inv.answer) if inv else "")

    # -- input -------------------------------------------------------------------------------------------------
    def handle(self, w: Window, ev: pygame.event.Event) -> bool:
        """A key or click for the open card (True: it was the card's); every click is the card's while open."""
        if not self.page or (self.page != "start" and not self.auto(w)):
            return False
        n = (len(INVESTIGATIONS) if self.page == "start" else len(self._choices(w)) if self.page == "predict"
             else 0)
        if ev.type == pygame.MOUSEBUTTONDOWN and ev.button == 1:
            hit = next((k for k, r in enumerate(self.choice_rects) if r.collidepoint(ev.pos)), None)
            if hit is not None:
                self.pick(w, hit)
            return True
        if ev.type in (pygame.MOUSEBUTTONUP, pygame.MOUSEWHEEL, pygame.MOUSEMOTION):
            return True
        if ev.type != pygame.KEYDOWN or ev.key == pygame.K_ESCAPE or ev.mod & pygame.KMOD_CTRL:
            return False
        if ev.key in NUMBER_KEYS and n:  # a number past the last choice does nothing (not the app's key)
            if NUMBER_KEYS[ev.key] < n:
                self.pick(w, NUMBER_KEYS[ev.key])
        elif ev.key in (pygame.K_DOWN, pygame.K_UP, pygame.K_PAGEUP) and n:
            self.sel = (self.sel + (1 if ev.key == pygame.K_DOWN else -1)) % n
        elif ev.key in NEXT_KEYS:
            self.pick(w, self.sel)
        elif ev.key == pygame.K_n and self.page == "start":
            self.page = ""
        else:
            return False  # every other key does what it always does
        return True

    def _choices(self, w: Window) -> tuple:
        """The open prediction card's choices."""
        s = w.session
        return choices_of(s.compare_worlds[-1].params.applied, s.investigation) if s.treating else ()

    def pick(self, w: Window, k: int) -> None:
        """A choice taken: an investigation opens its scene; a prediction starts the run; results go back."""
        s = w.session
        if self.page == "start":
            self.page = ""
            w.run_command(Command("investigate", list(INVESTIGATIONS)[k]))
        elif self.page == "predict":
            self.choice, self.page = k, ""
            s.apply(Command("pause", False))
        elif self.page == "results":
            names = list(INVESTIGATIONS)
            nxt = (names.index(s.investigation) + 1) % len(names) if s.investigation else 0
            self.page, self.sel = "start", nxt

    def draw(self, w: Window, screen: pygame.Surface) -> None:
        card = self.card(w) if self.page == "start" or self.auto(w) else None
        if card is None:
            self.box, self.choice_rects = pygame.Rect(0, 0, 0, 0), []
            return
        self.box, self.choice_rects = draw_card(screen, w.renderer, card)


def _open_predict(w: Window) -> None:
    """A prediction card, as a test opens it (control beside treatment with an experiment of the cell)."""
    w.cards.live = True
    w.run_command(Command("investigate", "blocked"))
    w.cards.update(w)


def _targets(applied: tuple[str, ...]) -> str:
    """What the experiments act on (not what real cells show: that would give the answer away)."""
    acts = [_("  acts on {target}").format(target=_(EXPERIMENTS[n].target)).strip() for n in applied]
    return "; ".join(f"{_(EXPERIMENTS[n].label)}: {a}" for n, a in zip(applied, acts))


register(Openable("investigations", lambda w: w.cards.page == "start", lambda w: w.cards.close(w),
                  lambda w: w.cards.open_start(w)))
register(Openable("prediction or results card", lambda w: w.cards.page in ("predict", "results") and w.cards.auto(w),
                  lambda w: w.cards.close(w), _open_predict))
