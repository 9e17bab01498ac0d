"""Benchmarks (python -m exoviz.bench): physics against peers, frames, export, start-up; never run by tests.

Modules: timing (medians, child CPU, machine notes), discs (exoviz vs pymunk vs a per-vesicle Python loop on
the same discs), modes (every mode at its largest pool), frames (whole 1920x1080 frames with many dots),
export (the real CLI recording MP4, and an x264 preset table), startup (launch to first frame, imports),
report (text and JSON). Speed is measured here, never asserted in tests.
"""
