"""topten-crawler: archival crawler for Lisa's Top Ten digest and the sources it cites."""

from __future__ import annotations

__version__ = "0.1.0"
