from __future__ import annotations

import sys

from topten_crawler.cli import main

sys.exit(main())
