"""Subtitles people can read: the captions a film showed, cut into cues by broadcast practice (BBC, Netflix).

Each cue holds at most 2 lines of at most 42 characters, is read at no more than 20 characters a second and
stays at least 1.5 s and, while it explains, at most 7 s (a long stage then holds its title alone); a cue
never runs over a change of stage it does not name. A caption too long for its stage becomes several
consecutive cues (and what cannot be read in the stage's time is left out, never squeezed); stages that pass
faster than a cue can be read are named together in one cue ("Docked → Fusion pore → Release"), and the cue
after it explains the stage the film then dwells on. The SRT beside a film and the captions burned into it
are the same cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Cue = tuple[float, float, str]

MAX_CHARS = 42  # per line
MAX_LINES = 2  # per cue
MAX_CPS = 20.0  # reading speed: characters a second (spaces included)
MIN_S = 1.5  # the shortest a cue may stay
MAX_S = 7.0  # the longest a cue of explanation stays; a longer stage then holds its title alone
ARROW = " → "
TAG_SEP = " · "  # before the experiments applied, at the end of a caption's title (exoviz.captions)


def wrap(text: str, width: int = MAX_CHARS) -> list[str]:
    """Lines of at most width characters, broken between words (a longer word is cut)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while len(word) > width:  # a word longer than a line: cut it
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def chunks(text: str) -> list[str]:
    """The text as consecutive cue texts of at most MAX_LINES lines each (lines joined by a newline).

    A chunk ends at a sentence end when one falls on its first line, so a cue rarely breaks a sentence
    across a line it did not need. A caption's title ("Title: explanation") keeps a line of its own."""
    title, colon, body = text.partition(":")
    lines = wrap(title + colon) + wrap(body) if colon and len(title) < MAX_CHARS else wrap(text)
    out: list[str] = []
    i = 0
    while i < len(lines):
        take = MAX_LINES
        if lines[i].endswith((".", "!", "?")) and i + 1 < len(lines):
            take = 1
        out.append("\n".join(lines[i:i + take]))
        i += take
    return out


def need(chunk: str) -> float:
    """Seconds a viewer needs to read one cue's text."""
    return max(MIN_S, len(chunk.replace("\n", " ")) / MAX_CPS)


@dataclass
class _Stage:
    start: float
    end: float
    title: str
    text: str  # the whole caption: "Title: explanation" (or the title alone)


def title_of(flat: str) -> str:
    """A caption's title: up to its first colon, or, when the title ends with the experiments applied (TAG_SEP),
    up to the first colon after them: a title may hold a colon itself ("Kiss: releasing · Botulinum toxin A: …";
    cut at its own colon, it lost the experiments and the stages named together said them after every name)."""
    first = flat.find(":")
    if first < 0:
        return flat
    tag = flat.find(TAG_SEP)
    after = flat.find(":", tag) if tag >= 0 else -1
    if 0 <= tag and first < tag and after >= 0 and ". " not in flat[:after]:
        return flat[:after].strip()
    return flat[:first].strip()


def _stages(raw: list[Cue]) -> list[_Stage]:
    out = []
    for s, e, text in raw:
        flat = " ".join(text.split())
        if e > s and flat:
            out.append(_Stage(s, e, title_of(flat), flat))
    return out


def versions(text: str) -> list[str]:
    """The caption, then shorter versions of it that end at a sentence: the whole text, fewer sentences, the
    title alone (what a short stage can still show without cutting a sentence)."""
    if ":" not in text:
        return [text]
    title, body = (part.strip() for part in text.split(":", 1))
    parts = [s for s in re.split(r"(?<=[.!?;:])\s+", body) if s]  # sentences, and clauses a colon ends
    shorter = [" ".join(parts[:k]) for k in range(len(parts), 0, -1)]
    return [f"{title}: {re.sub(r'[:;]$', '.', s)}" for s in shorter] + [title]


def explain(start: float, end: float, text: str) -> list[Cue]:
    """Cues that explain one stage over [start, end]: the longest version of its caption that can be read in
    the time, cut into consecutive cues."""
    for version in versions(text):
        if sum(need(c) for c in chunks(version)) <= end - start + 1e-9:
            return _paced(start, end, chunks(version), text.split(":", 1)[0].strip() if ":" in text else "")
    return []


def _paced(start: float, end: float, texts: list[str], title: str) -> list[Cue]:
    """The explanation at a reading pace (no cue of it over MAX_S), then the stage's title alone for the rest
    of a long stage: a 2-minute stage is not three sentence fragments of 40 s each."""
    total = sum(need(t) for t in texts)
    stretch = (end - start) / total
    spans = [min(MAX_S, max(need(t), need(t) * stretch)) for t in texts]
    rest = end - start - sum(spans)
    if not title or rest < MIN_S:
        return _fill(start, end, texts)
    out, t0 = [], start
    for t, d in zip(texts, spans):
        out.append((t0, t0 + d, t))
        t0 += d
    return out + [(t0, end, "\n".join(wrap(title)[:MAX_LINES]))]


def _fill(start: float, end: float, texts: list[str]) -> list[Cue]:
    """Consecutive cues of texts over [start, end]: those that can be read in the time, in order, each given
    time in proportion to what it needs."""
    kept: list[str] = []
    total = 0.0
    for t in texts:
        if total + need(t) > end - start + 1e-9:
            break
        kept.append(t)
        total += need(t)
    if not kept:
        return []
    stretch = (end - start) / total
    out, t0 = [], start
    for i, t in enumerate(kept):
        t1 = end if i == len(kept) - 1 else t0 + need(t) * stretch
        out.append((t0, t1, t))
        t0 = t1
    return out


def _first_need(st: _Stage) -> float:
    """Time needed to say at least something about a stage beyond its name: its first sentence."""
    return min(sum(need(c) for c in chunks(v)) for v in versions(st.text)[:-1] or [st.text])


def _names(run: list[_Stage]) -> str:
    """The stages' titles joined by arrows; the experiments every title ends with ("Primed · Botulinum toxin A",
    exoviz.captions) said once, at the end, not after each name."""
    titles = list(dict.fromkeys(s.title for s in run))
    tails = {t.rpartition(TAG_SEP)[2] for t in titles}
    names, suffix = titles, ""
    if len(titles) > 1 and len(tails) == 1 and all(TAG_SEP in t for t in titles):
        names, suffix = [t.rpartition(TAG_SEP)[0] for t in titles], TAG_SEP + tails.pop()
    # more names than one cue holds: the first ones and "…", so the cue never ends mid-name without the tag
    for k in range(len(names), 0, -1):
        text = ARROW.join(names[:k] + (["…"] if k < len(names) else [])) + suffix
        if len(wrap(text)) <= MAX_LINES:
            return text
    return text


def _run_need(run: list[_Stage]) -> float:
    return sum(need(c) for c in chunks(_names(run)))


def cut(raw: list[Cue], end: float | None = None) -> list[Cue]:
    """Readable subtitle cues from the captions as shown (start, end, text), in order and not overlapping.

    end: when the film ends (default: the last caption's end); a final stretch too short to read is left out.
    """
    stages = _stages(raw)
    film_end = end if end is not None else (stages[-1].end if stages else 0.0)
    out: list[Cue] = []
    i = 0
    while i < len(stages):
        st = stages[i]
        if st.end - st.start >= _first_need(st):  # the film dwells here: explain it
            out += explain(st.start, st.end, st.text)
            i += 1
            continue
        run = [st]  # stages pass too fast to explain: name them together, until the names can be read
        while run[-1].end - st.start < _run_need(run) and i + len(run) < len(stages) \
                and stages[i + len(run)].start - run[-1].end < MIN_S:
            run.append(stages[i + len(run)])
        due = st.start + _run_need(run)
        last = run[-1]
        if len(run) > 1 and last.end - due >= _first_need(last):
            out += _fill(st.start, due, chunks(_names(run)))  # the names take what they need of the last stage,
            last_rest = _Stage(due, last.end, last.title, last.text)  # ... which then explains itself
            stages[i + len(run) - 1] = last_rest
            i += len(run) - 1
            continue
        stop = min(max(last.end, due), film_end, stages[i + len(run)].start if i + len(run) < len(stages) else film_end)
        cues = _fill(st.start, stop, chunks(_names(run))) if stop - st.start >= MIN_S - 1e-9 else []
        k = len(run)
        while not cues and k > 1:  # the names do not fit: the first ones that do, over their own stages only
            k -= 1
            cues = _fill(st.start, run[k].start, chunks(_names(run[:k])))
        out += cues  # what cannot be read in the time is left out
        i += k
    return out
