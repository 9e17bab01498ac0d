"""Subtitles people can read: at most 2 lines of 42 characters, 20 characters a second, 1.5 s a cue, no cue
over a stage it does not name; the SRT beside a film and the captions burned into it are one cut."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from srt_reader import parse_srt

from exoviz.export.subtitles import MAX_CHARS, MAX_CPS, MAX_LINES, MAX_S, MIN_S, chunks, cut, title_of, versions
from exoviz.outputs import srt_path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}

LONG = ("Docked, waiting: The granule is tethered by SNARE proteins and waits, often for minutes to hours, for "
        "Ca²⁺: glucose ↑ → ATP ↑ → K_ATP channels close → Ca²⁺ channels open.")
STORY = [(0.0, 1.4, LONG),
         (1.4, 2.4, "Narrow fusion pore: A pore 1–3 nm wide opens. Small molecules slip out."),
         (2.4, 3.0, "Release: The pore widens and the protein cargo streams out."),
         (3.0, 4.2, "Full collapse: The vesicle flattens into the plasma membrane."),
         (4.2, 16.5, LONG)]


def check_rules(cues, raw, end=None):
    """Every broadcast rule, and that no cue runs over a stage whose title it does not name."""
    for s, e, text in cues:
        lines = text.split("\n")
        assert len(lines) <= MAX_LINES and all(len(ln) <= MAX_CHARS for ln in lines), text
        assert e - s >= MIN_S - 1e-6, (s, e, text)
        assert len(text.replace("\n", " ")) / (e - s) <= MAX_CPS + 1e-6, (s, e, text)
        for rs, re_, rtext in raw:  # every stage this cue overlaps is named (or the cue explains it alone)
            if min(e, re_) - max(s, rs) > 1e-6:
                title = rtext.split(":", 1)[0]
                explains = rs - 1e-6 <= s and e <= re_ + 1e-6
                assert explains or title in text.replace("\n", " "), (text, rtext)
    assert all(a[1] <= b[0] + 1e-9 for a, b in zip(cues, cues[1:], strict=False))
    if end is not None:
        assert all(e <= end + 1e-9 for _s, e, _t in cues)


def test_fast_stages_are_named_together_then_the_dwell_is_explained():
    cues = cut(STORY, 16.5)
    check_rules(cues, STORY, 16.5)
    assert "Narrow fusion pore" in cues[0][2] and "→" in cues[0][2]
    last_stage = [c for c in cues if c[0] >= 4.2 - 1e-9]
    explained = " ".join(t.replace("\n", " ") for _s, _e, t in last_stage)
    assert "tethered by SNARE proteins" in explained  # the 12 s the film dwells on get the explanation
    assert len(last_stage) >= 2  # a caption too long for one cue: consecutive cues


def test_fast_stages_named_together_say_the_experiment_once():
    """Each caption's title ends with the experiments applied; stages named together said it after every name
    ("Tethered · Botulinum toxin A → Docked, not yet primed · Botulinum toxin A → Primed ·", cut off)."""
    tag = " · Botulinum toxin A"
    raw = [(0.0, 0.3, "Tethered" + tag), (0.3, 0.6, "Docked" + tag), (0.6, 6.0, "Primed" + tag)]
    names = cut(raw, 6.0)[0][2].replace("\n", " ")
    assert names.count("Botulinum") == 1 and names.startswith("Tethered → Docked")


def test_a_title_with_its_own_colon_keeps_the_experiment_at_its_end():
    """'Kiss: releasing · Botulinum toxin A: …' (kiss-and-run) was cut at its own colon: the run named together
    then repeated the experiment after each name and the cue was cut off at two lines."""
    tag = " · Botulinum toxin A"
    raw = [(0.0, 0.3, "Primed" + tag + ": Munc13 opens syntaxin-1."), (0.3, 0.4, "Ca²⁺ trigger" + tag + ": Ca²⁺ in."),
           (0.4, 0.8, "Narrow fusion pore" + tag + ": A pore opens."),
           (0.8, 6.0, "Kiss: releasing" + tag + ": Transmitter leaks out through the narrow pore.")]
    names = cut(raw, 6.0)[0][2].replace("\n", " ")
    assert names.count("Botulinum") == 1 and names.endswith("Botulinum toxin A"), names
    assert title_of("Kiss: releasing" + tag + ": Transmitter leaks out.") == "Kiss: releasing" + tag
    assert title_of("Kiss: releasing. Then: more · x") == "Kiss"  # no experiment at the title's end: first colon


def test_more_names_than_a_cue_holds_end_with_an_ellipsis_and_the_experiment():
    """Seven stages in a 6 s film of a synapse: the names cue was cut after two lines mid-name ('→ Run:'), the
    experiment lost."""
    tag = " · Botulinum toxin A"
    names = ("Primed", "Ca²⁺ trigger", "Narrow fusion pore", "Kiss: releasing", "Pore closed", "Run: retreating")
    raw = [(0.3 * k, 0.3 * (k + 1), n + tag + ": text.") for k, n in enumerate(names)]
    raw.append((1.8, 2.0, "Refilling" + tag + ": A transporter pumps transmitter back in."))
    first = cut(raw, 6.0)[0][2]
    assert len(first.split("\n")) <= MAX_LINES and first.replace("\n", " ").endswith("… · Botulinum toxin A"), first
    assert first.startswith("Primed → Ca²⁺ trigger")


def test_a_caption_is_shortened_at_a_sentence_never_mid_sentence():
    cues = cut([(0.0, 6.0, LONG)], 6.0)
    check_rules(cues, [(0.0, 6.0, LONG)])
    shown = " ".join(t.replace("\n", " ") for _s, _e, t in cues)
    assert shown.endswith(".") and shown in {v.replace("\n", " ") for v in versions(LONG)}


def test_a_long_stage_is_explained_at_reading_pace_then_holds_its_title():
    raw = [(0.0, 120.0, LONG)]
    cues = cut(raw, 120.0)
    check_rules(cues, raw, 120.0)
    *explained, held = cues
    assert all(e - s <= MAX_S + 1e-9 for s, e, _t in explained)  # no sentence fragment up for 40 s
    shown = " ".join(t.replace("\n", " ") for _s, _e, t in explained)
    assert "tethered by SNARE proteins" in shown and shown.endswith(".")
    assert held[2] == "Docked, waiting" and held[1] == 120.0 and held[1] - held[0] > 60


def test_chunks_keep_the_title_on_its_own_line():
    first = chunks(LONG)[0].split("\n")
    assert first[0] == "Docked, waiting:" and len(first) == 2


titles = st.sampled_from(["Budding", "Transport", "Docked, waiting", "Narrow fusion pore", "Release",
                          "Full collapse", "Proteins on the surface", "Retreating"])
words = st.lists(st.text("abcdefghij", min_size=1, max_size=14), min_size=0, max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.floats(0.05, 12.0), st.floats(0.0, 3.0), titles, words), min_size=1, max_size=12))
def test_any_caption_sequence_gives_readable_cues(spec):
    raw, t = [], 0.0
    for dur, gap, title, body in spec:
        text = title + (": " + " ".join(body) + "." if body else "")
        raw.append((t, t + dur, text))
        t += dur + (gap if gap > 1.0 else 0.0)
    check_rules(cut(raw, t), raw, t)


@pytest.mark.parametrize(("target", "kind", "srt"), [("a/clip.mp4", "mp4", "a/clip.srt"),
                                                      ("a/clip.gif", "gif", "a/clip.gif.srt"),
                                                      ("a/clip/", "png", "a/clip.frames.srt")])
def test_subtitle_names_never_collide(target, kind, srt):
    assert srt_path(target, kind) == srt


def _record(tmp_path, name, *extra):
    r = subprocess.run([sys.executable, "main.py", "--record", str(tmp_path / name), "--duration", "6", "--fps",
                        "5", "--size", "320x240", "--seed", "1", "--quiet", *extra], cwd=ROOT, capture_output=True,
                       text=True, env=ENV, timeout=300)
    assert r.returncode == 0, r.stderr
    return r


def test_a_film_and_a_gif_of_one_stem_keep_their_own_subtitles_and_burning_keeps_the_cut(tmp_path):
    _record(tmp_path, "clip.mp4")
    _record(tmp_path, "clip.gif", "--burn-captions")  # no collision with clip.srt: no --overwrite needed
    plain = parse_srt((tmp_path / "clip.srt").read_text(encoding="utf-8"))
    burned = parse_srt((tmp_path / "clip.gif.srt").read_text(encoding="utf-8"))
    assert len(plain) > 1 and [c[2] for c in plain] == [c[2] for c in burned]  # one cut, burned in or not
    assert all(abs(a[0] - b[0]) < 1e-3 and abs(a[1] - b[1]) < 1e-3 for a, b in zip(plain, burned, strict=True))
    for s, e, text in plain:
        assert len(text.split("\n")) <= MAX_LINES and e - s >= MIN_S - 1e-3
        assert len(text.replace("\n", " ")) / (e - s) <= MAX_CPS + 0.05
