"""``python -m bench.generate --scale S --out DIR [--seed N] [--clean]``."""

from . import main

raise SystemExit(main())
