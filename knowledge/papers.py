"""Folded words naming the papers citizens hold most, for the readers that ask which paper a message
speaks of (a wrong one in ``knowledge/correction.py``, one to exchange in ``knowledge/exchange.py``)."""

from __future__ import annotations

import re

LAND_TITLE = re.compile(r"\b(?:so do|so hong|bia do|bia hong|giay chung nhan quyen su dung dat|gcn|qsdd)\b")
ID_CARD = re.compile(r"\b(?:can cuoc|cccd|cmnd|cmt|cmtnd|chung minh nhan dan|chung minh thu|id card)\b")
DRIVING_LICENCE = re.compile(r"\b(?:bang lai|gplx|giay phep lai xe|driving licen[cs]e)\b")
