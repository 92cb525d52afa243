"""The QR code on a rendered document: the signed credential itself when it fits, else its URL.

Capacity: a version-40 symbol at error-correction level M holds 2,331 bytes in byte mode (ISO/IEC
18004:2015 Table 7). Level M (15% recovery) survives creases and print wear; past that size the
symbol carries the verification URL instead, and the verifier fetches the credential there.
"""

from __future__ import annotations

from typing import Any, Literal

import qrcode
from qrcode.constants import ERROR_CORRECT_M

QR_CAPACITY_BYTES = 2331
QrKind = Literal["credential", "url"]


def qr_content(credential: str, url: str, *, limit: int = QR_CAPACITY_BYTES) -> tuple[str, QrKind]:
    """What the QR code carries: the credential if it fits in ``limit`` bytes, else ``url``."""
    if len(credential.encode("utf-8")) <= limit:
        return credential, "credential"
    if len(url.encode("utf-8")) > limit:
        raise ValueError(f"the verification URL is longer than {limit} bytes: it cannot be put in a QR code.")
    return url, "url"


def qr_image(text: str) -> Any:
    """A PIL image of the symbol, four modules of quiet zone (ISO/IEC 18004 §9.1)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=4, border=4)
    code.add_data(text.encode("utf-8"))
    code.make(fit=True)
    return code.make_image(fill_color="black", back_color="white").get_image()
