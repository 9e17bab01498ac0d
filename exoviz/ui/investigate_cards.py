"""The investigation cards drawn over the window: the start page (the guided investigations, each a question),
the prediction card (what do you expect?) and the results card (the two runs' numbers, which choice matched).
Each is one opaque box over the dimmed window in the theme's colours, its text the largest that fits."""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame

from exoviz.experiments import Choice
from exoviz.i18n import N_, _
from exoviz.investigations import INVESTIGATIONS, MEASURE_LABELS, MEASURES, matched_choice
from exoviz.render import hud

START_TITLE = N_("Investigations: what would you like to find out?")
START_HINT = N_("Click a question or press its number (Page Down opens the highlighted one; N or Esc closes)")
PREDICT_TITLE = N_("Predict, then look")
PREDICT_HINT = N_("Click a choice or press its number; then the two runs start (Esc: start without predicting)")
RESULTS_TITLE = N_("Results after {s:g} s of playback")
RESULTS_HINT = N_("Page Down or Enter: back to the investigations; Esc closes")


@dataclass
class Card:
    """What one card says: a title, lines of text [(text, bold)], choices to click (their numbers drawn) and a
    hint at the foot; sel: the highlighted choice (-1: none)."""

    title: str
    lines: list[tuple[str, bool]] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)
    sel: int = -1
    hint: str = ""


def start_card(sel: int) -> Card:
    """The start page: every investigation's question."""
    return Card(_(START_TITLE), [], [_(i.question) for i in INVESTIGATIONS.values()], sel, _(START_HINT))


def predict_card(question: str, what: str, choices: tuple[Choice, ...], sel: int) -> Card:
    """The prediction card: the question (an investigation's, or what the treatment is), its choices (written for
    the experiment)."""
    lines = [(question, True), (what, False)] if what else [(question, True)]
    lines.append((_("What do you expect after {s:g} s, compared with the control?").format(s=60.0), False))
    return Card(_(PREDICT_TITLE), lines, [_(c.text) for c in choices], sel, _(PREDICT_HINT))


def results_card(s: float, measure: str, choices: tuple[Choice, ...], control: dict[str, float],
                 treated: dict[str, float], labels: list[str], choice: int | None, answer: str) -> Card:
    """The results card: the figures of the two runs (those the choices speak of first, in bold), which choice
    the numbers match and whether the student's prediction did, then what real cells show (labels: the two
    halves' names)."""
    lines0 = [(" · ".join(labels), False)]
    asked = list(dict.fromkeys([measure] + [f for c in choices for f, _ok in c.when]))
    order = asked + [m for m in MEASURES if m not in asked]
    shown = [m for m in order if m in asked or control[m] or treated[m]]
    lines = [(_("{measure}: control {c} · treated {t}").format(measure=_(MEASURE_LABELS[m]), c=_fmt(control[m]),
                                                                 t=_fmt(treated[m])), m in asked) for m in shown]
    lines = lines0 + lines
    k, exact = matched_choice(choices, control, treated)
    said = _(choices[k].text)
    lines.append((_("The numbers match: “{choice}”").format(choice=said) if exact else
                  _("Closest to the numbers: “{choice}”").format(choice=said), True))
    if choice is not None:
        lines.append((_("Your prediction matched.") if choice == k else
                      _("Your prediction was “{choice}”: look again at the two runs.").format(
                          choice=_(choices[choice].text)), False))
    if answer:
        lines.append((answer, False))
    return Card(_(RESULTS_TITLE).format(s=s), lines, [], -1, _(RESULTS_HINT))


def _fmt(x: float) -> str:
    return f"{x:g}" if float(x).is_integer() else f"{x:.2f}"


def _plan(renderer, card: Card, w: int, h: int, body: int) -> tuple[int, list, int] | None:
    """At one text size: (box width, [(kind, lines, bold)], box height), or None when it is taller than the
    window."""
    text = renderer.text
    box_w = min(w - 32, max(int(w * 0.62), 40 * body))
    inner = box_w - 4 * body
    title_px = int(body * 1.5)
    rows: list[tuple[str, list[str], bool]] = [("title", hud.wrap(text, card.title, title_px, True, inner), True)]
    rows += [("line", hud.wrap(text, t, body, b, inner), b) for t, b in card.lines]
    rows += [("choice", hud.wrap(text, f"{k + 1}.  {c}", body, True, inner - body), True)
             for k, c in enumerate(card.choices)]
    rows.append(("hint", hud.wrap(text, card.hint, max(10, int(body * 0.8)), False, inner), False))
    total = 2 * body
    for kind, lines, _b in rows:
        px = title_px if kind == "title" else max(10, int(body * 0.8)) if kind == "hint" else body
        total += len(lines) * text.line_height(px, kind != "hint") + (body if kind == "choice" else body // 2)
    return (box_w, rows, total) if total <= h - 16 else None


def draw_card(screen: pygame.Surface, renderer, card: Card) -> tuple[pygame.Rect, list[pygame.Rect]]:
    """Dim the window and draw the card in the middle; returns its box and each choice's box (for clicks)."""
    w, h = screen.get_size()
    th = renderer.theme
    dim = pygame.Surface((w, h), pygame.SRCALPHA)
    dim.fill((0, 0, 0, 180))
    screen.blit(dim, (0, 0))
    body = renderer.font_px(20, h)
    plan = _plan(renderer, card, w, h, body)
    while plan is None and body > 10:
        body -= 1
        plan = _plan(renderer, card, w, h, body)
    if plan is None:
        plan = _plan(renderer, card, w, 10**6, body)
    assert plan is not None
    box_w, rows, box_h = plan
    box = pygame.Rect(0, 0, box_w, min(box_h, h))
    box.center = screen.get_rect().center
    screen.fill(th.panel[:3], box)
    pygame.draw.rect(screen, th.highlight, box, 2 + th.outline)
    text, x, y = renderer.text, box.x + 2 * body, box.y + body
    choice_rects: list[pygame.Rect] = []
    for kind, lines, bold in rows:
        px = int(body * 1.5) if kind == "title" else max(10, int(body * 0.8)) if kind == "hint" else body
        lh = text.line_height(px, kind != "hint")
        if kind == "choice":
            k = len(choice_rects)
            r = pygame.Rect(x - body // 2, y - body // 3, box.w - 3 * body, len(lines) * lh + 2 * (body // 3))
            pygame.draw.rect(screen, th.highlight, r, 1 + th.outline + (3 if k == card.sel else 0))
            choice_rects.append(r)
        color = th.text_dim if kind == "hint" else th.text
        for j, line in enumerate(lines):
            screen.blit(text.render(line, px, color, bold), (x, y + j * lh))
        y += len(lines) * lh + (body if kind == "choice" else body // 2)
    return box, choice_rects
