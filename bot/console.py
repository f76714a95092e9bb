"""The offline console chat: the real Application and handlers, with a bot that prints instead of sending.

Each stdin line is a message; a bare number taps the numbered button of the last keyboard shown. It reads
line by line, so it can be scripted: ``printf 'làm giấy khai sinh cần gì\\n1\\n' | tthc-bot console``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any, TextIO

from bot.offline_request import LocalRequest, OfflineBot, RecordedCall
from bot.update_factory import UpdateFactory

_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.DOTALL)
_TAG = re.compile(r"</?[a-z]+[^>]*>")
PROMPT = "> "


def html_to_plain(text: str) -> str:
    """Return Telegram HTML as terminal text: links as "text (url)", other tags dropped, entities decoded."""
    text = _LINK.sub(lambda m: f"{m.group(2)} ({html.unescape(m.group(1))})", text)
    return html.unescape(_TAG.sub("", text))


class ConsoleScreen:
    """Prints what the bot sends and remembers the buttons of the last keyboard."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.buttons: list[dict[str, Any]] = []
        self.keyboard_message_id = 0
        self.keyboard_text = ""

    def show(self, call: RecordedCall, message_id: int | None) -> None:
        """Print one Bot API call if the user would see it."""
        params = call.params
        if call.method in ("sendMessage", "editMessageText"):
            print("\n" + html_to_plain(str(params.get("text", ""))), file=self.out)
            self._show_keyboard(params.get("reply_markup"), message_id, str(params.get("text", "")))
        elif call.method == "answerCallbackQuery" and params.get("text"):
            print(f"[{params['text']}]", file=self.out)
        self.out.flush()

    def _show_keyboard(self, markup: Any, message_id: int | None, text: str) -> None:
        rows = markup.get("inline_keyboard", []) if isinstance(markup, dict) else []
        buttons = [button for row in rows for button in row]
        if not buttons:
            return
        self.buttons = buttons
        self.keyboard_message_id = message_id or 0
        self.keyboard_text = text
        for number, button in enumerate(buttons, 1):
            suffix = f" → {button['url']}" if button.get("url") else ""
            print(f"  [{number}] {button.get('text', '')}{suffix}", file=self.out)


class ConsoleChat:
    """Drives an Application (built around an ``OfflineBot``) from lines of text."""

    def __init__(self, application: Any, request: LocalRequest, screen: ConsoleScreen, language: str) -> None:
        self.application = application
        self.request = request
        self.screen = screen
        self.updates = UpdateFactory(application.bot, chat_id=1, user_id=1, language_code=language)

    async def handle_line(self, line: str) -> None:
        """Send a line as a message, or tap button N when the line is a number of the last keyboard."""
        line = line.strip()
        if not line:
            return
        if line.isdigit() and 1 <= int(line) <= len(self.screen.buttons):
            button = self.screen.buttons[int(line) - 1]
            if button.get("url"):
                print(f"(mở liên kết / open link: {button['url']})", file=self.screen.out)
                return
            update = self.updates.callback(
                str(button.get("callback_data", "")),
                message_id=self.screen.keyboard_message_id,
                message_text=self.screen.keyboard_text,
            )
        else:
            update = self.updates.text(line)
        await self.application.process_update(update)

    async def run(self, lines: Iterable[str], interactive: bool) -> None:
        """Handle every line until the input ends."""
        for line in lines:
            await self.handle_line(line)
            if interactive:
                print(PROMPT, end="", file=self.screen.out, flush=True)


def make_offline_bot(screen: ConsoleScreen) -> tuple[OfflineBot, LocalRequest]:
    """Return a bot whose sent messages are printed on ``screen``."""
    from bot.application import default_options

    def listener(call: RecordedCall) -> None:
        message_id = call.result.get("message_id") if isinstance(call.result, dict) else None
        screen.show(call, message_id if isinstance(message_id, int) else None)

    request = LocalRequest(listener)
    return OfflineBot(request, defaults=default_options()), request
