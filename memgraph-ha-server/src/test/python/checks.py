"""What the tool scripts share: named checks that run in order and assert their answers.

Each check prints "ok <name>: <detail>"; the first that fails prints "FAILED <name>: ..." with its
traceback and ends the run with exit status 1; "all N checks passed" closes a run that passed.
"""

import traceback


class Checks:
    """A decorator that registers a check under a name, in the order of definition."""

    def __init__(self):
        self.registered = []

    def __call__(self, name):
        def register(fn):
            self.registered.append((name, fn))
            return fn

        return register

    def run(self, *args):
        """Runs every check with args; the process's exit status."""
        for name, fn in self.registered:
            try:
                detail = fn(*args)
            except Exception as e:  # report the first wrong answer with its cause
                print(f"FAILED {name}: {type(e).__name__}: {e}")
                traceback.print_exc()
                return 1
            print(f"ok {name}: {detail}")
        print(f"all {len(self.registered)} checks passed")
        return 0


def expect(actual, expected, what):
    if actual != expected:
        raise AssertionError(f"{what}: expected {expected!r}, got {actual!r}")
