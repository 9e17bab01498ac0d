"""Launcher: python main.py [flags]; see --help."""

from exoviz import interrupts  # the standard library only: installed before any heavy import

interrupts.install()

import sys  # noqa: E402


def _run() -> int:
    try:
        from exoviz.cli import main  # numpy, the model ...: a signal from here on is a request to stop

        return main()
    except interrupts.Aborted as second:  # two different signals before the run could look at the first
        print(f"exoviz: {second} stopped the run before it started; nothing was written", file=sys.stderr)
        return 128 + second.signum


if __name__ == "__main__":
    code = _run()
    interrupts.ignore_from_now()  # a signal after the last line changes neither the code nor the output
    if code == 0 and interrupts.requested():  # it came after the last line: what that line says stands
        print(f"exoviz: {interrupts.name()} arrived as the run ended; everything above was saved", file=sys.stderr)
        code = interrupts.exit_code()
    sys.exit(code)
