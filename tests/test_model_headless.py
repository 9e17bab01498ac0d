"""The model runs without pygame: every module of exoviz.sim imports, and every mode steps, in a fresh interpreter."""

import pathlib
import subprocess
import sys

import exoviz.sim

CODE = """
import importlib, pkgutil, sys
import exoviz.sim
from exoviz.params import MODES, Params
from exoviz.sim.world import World
names = [m.name for m in pkgutil.iter_modules(exoviz.sim.__path__, "exoviz.sim.")]
for name in names:
    importlib.import_module(name)
import exoviz.captions, exoviz.readouts  # text the model's viewers share, also pygame-free
for mode in MODES:
    World(Params(mode=mode)).run(30)
print(len(names), "pygame" in sys.modules)
"""


def test_the_model_never_imports_pygame():
    modules = [p for p in pathlib.Path(exoviz.sim.__path__[0]).glob("*.py") if p.name != "__init__.py"]
    root = pathlib.Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, cwd=root)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [str(len(modules)), "False"], out.stdout
