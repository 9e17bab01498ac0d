"""SRT subtitles: writing, parsing, validation and the per-frame CaptionTrack."""

from __future__ import annotations

import os

import pytest
from srt_reader import parse_srt

from exoviz.export.errors import ExportError
from exoviz.export.srt import CaptionTrack, format_time, write_srt


def test_write_exact_format(tmp_path):
    path = tmp_path / "c.srt"
    write_srt(str(path), [(0.0, 1.5, "Budding"), (1.5, 3.25, "Fusion pore\nopens")])
    assert path.read_text(encoding="utf-8") == (
        "1\n00:00:00,000 --> 00:00:01,500\nBudding\n\n"
        "2\n00:00:01,500 --> 00:00:03,250\nFusion pore\nopens\n"
    )
    assert os.listdir(tmp_path) == ["c.srt"]  # temp file renamed away


def test_round_trip(tmp_path):
    cues = [(0.0, 2.0, "A"), (2.0, 3.5, "Two\nlines"), (3661.5, 3662.0, "late ü")]
    path = tmp_path / "r.srt"
    write_srt(str(path), cues)
    assert parse_srt(path.read_text(encoding="utf-8")) == cues


def test_format_time():
    assert format_time(3661.5) == "01:01:01,500"
    assert format_time(0.0004) == "00:00:00,000"
    assert format_time(59.9996) == "00:01:00,000"


@pytest.mark.parametrize("cue, match", [
    ((2.0, 2.0, "x"), "after its start"),
    ((3.0, 1.0, "x"), "after its start"),
    ((-1.0, 1.0, "x"), ">= 0"),
    ((0.0, float("nan"), "x"), "bad time"),
    ((0.0, 1.0, "  \n "), "no text"),
])
def test_write_rejects_bad_cues(tmp_path, cue, match):
    with pytest.raises(ExportError, match=match):
        write_srt(str(tmp_path / "bad.srt"), [(0.0, 0.5, "ok"), cue])
    assert os.listdir(tmp_path) == []


def test_write_missing_folder(tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        write_srt(str(tmp_path / "nope" / "c.srt"), [(0.0, 1.0, "x")])


def test_blank_lines_inside_text_are_dropped(tmp_path):
    path = tmp_path / "b.srt"
    write_srt(str(path), [(0.0, 1.0, "one\n\ntwo")])
    assert parse_srt(path.read_text()) == [(0.0, 1.0, "one\ntwo")]


def test_parse_tolerates_bom_crlf_and_missing_index():
    text = "\ufeff1\r\n00:00:01,000 --> 00:00:02,000\r\nHello\r\n\r\n00:00:03.5 --> 00:00:04,250\r\nWorld\r\n"
    assert parse_srt(text) == [(1.0, 2.0, "Hello"), (3.5, 4.25, "World")]


def test_parse_rejects_malformed_block():
    with pytest.raises(ExportError, match="block 2"):
        parse_srt("1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\nnot a time\nB\n")


def test_caption_track_turns_frames_into_cues():
    track = CaptionTrack()
    stream = ["A", "A", "A", "B", "B", "", "", "C"]
    for i, text in enumerate(stream):
        track.update(i * 0.1, text)
    cues = track.cues(1.0)
    assert [c[2] for c in cues] == ["A", "B", "C"]
    assert [(round(s, 6), round(e, 6)) for s, e, _ in cues] == [(0.0, 0.3), (0.3, 0.5), (0.7, 1.0)]
    assert track.cues(1.0) == cues  # asking twice changes nothing
    track.update(1.2, "C")
    assert track.cues(1.5)[-1][1] == 1.5


def test_caption_track_edge_cases():
    track = CaptionTrack()
    assert track.cues(5.0) == []
    track.update(0.0, "")
    track.update(1.0, "X")
    track.update(1.0, "Y")  # changed twice at one time: the zero-length "X" is dropped
    assert track.cues(2.0) == [(1.0, 2.0, "Y")]
    assert track.cues(1.0) == []  # open cue of zero length is left out
    with pytest.raises(ValueError):
        track.update(0.5, "Z")


def test_caption_track_output_writes(tmp_path):
    track = CaptionTrack()
    for i in range(30):
        track.update(i / 30, "Budding\nA vesicle swells" if i < 15 else "Transport")
    path = tmp_path / "t.srt"
    write_srt(str(path), track.cues(1.0))
    assert [c[2] for c in parse_srt(path.read_text())] == ["Budding\nA vesicle swells", "Transport"]
