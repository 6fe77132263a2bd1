"""Start-up hook of the test suite's child Python processes: the network guard.

``tests/conftest.py`` puts this folder first on ``$PYTHONPATH`` and sets
``$TOPTEN_TEST_LOOPBACK_ONLY=1``; Python's ``site`` module imports ``sitecustomize`` at
start-up, before any of the child's own code runs. Without the flag it does nothing. Whatever
``sitecustomize`` this one shadows (a distribution's, a venv's) still runs, after it.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys


def _guard() -> None:
    if os.environ.get("TOPTEN_TEST_LOOPBACK_ONLY") != "1":
        return
    path = os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "network_guard.py"
    )
    spec = importlib.util.spec_from_file_location("_topten_network_guard", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"network guard not found at {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.install()


def _shadowed() -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    rest = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", rest)
    if spec is not None and spec.loader is not None:
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)


_guard()
_shadowed()
