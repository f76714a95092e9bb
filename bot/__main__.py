"""``python -m bot`` runs the same command line as ``tthc-bot``."""

import sys

from bot.cli import main

sys.exit(main())
