#!/usr/bin/env bash
# Set up the project (once) and start the bot: Telegram long polling when TELEGRAM_BOT_TOKEN is set
# (in the environment or in .env), otherwise the offline console chat in this terminal.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x .venv/bin/tthc-bot ]; then
  python3 -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[dev]"
fi

.venv/bin/tthc-bot db upgrade
if .venv/bin/python -c "import sys; from bot.config import load_settings; sys.exit(0 if load_settings().telegram_bot_token else 1)"; then
  exec .venv/bin/tthc-bot run "$@"
else
  echo "TELEGRAM_BOT_TOKEN is not set: starting the offline console (Ctrl-D to quit)."
  exec .venv/bin/tthc-bot console "$@"
fi
