"""Amounts and rates as people type them, read into what the POS stores: "12.50" into 1250
minor units, "20 %" into 2000 (two decimals). Used by the admin's product forms and the
floor's bill forms, so that both read a price the same way."""
import re
from decimal import Decimal, InvalidOperation

from posbackoffice.kernel.errors import InvalidInput

_AMOUNT = re.compile(r"^\s*[£€$]?\s*(\d{1,10})(?:[.,](\d{1,2}))?\s*$")
_PERCENTAGE = re.compile(r"^\s*(\d{1,3}(?:[.,]\d{1,2})?)\s*%?\s*$")


def parse_amount(text: str) -> int:
    """ "12.50", "12,5", "£12" or "0.99" in minor units (every currency taken has two decimals)."""
    match = _AMOUNT.match(text or "")
    if not match:
        raise InvalidInput(f"{text!r} is not an amount: write it like 12.50.")
    whole, decimals = match.groups()
    return int(whole) * 100 + int((decimals or "0").ljust(2, "0"))


def parse_percentage(text: str) -> int:
    """ "20", "20 %", "12.5%" in hundredths of a percent (2000, 1250), from 0 to 100 %."""
    match = _PERCENTAGE.match(text or "")
    try:
        value = Decimal(match.group(1).replace(",", ".")) if match else None
    except InvalidOperation:
        value = None
    if value is None or value > 100:
        raise InvalidInput(f"{text!r} is not a percentage from 0 to 100: write it like 20 %.")
    return int(value * 100)


def format_amount(minor_units: int) -> str:
    """1250 as "12.50": how a form shows an amount it will read back."""
    return f"{minor_units // 100}.{minor_units % 100:02d}"


def format_percentage(hundredths: int) -> str:
    """2000 as "20 %", 1250 as "12.5 %"."""
    return f"{Decimal(hundredths) / 100:.2f}".rstrip("0").rstrip(".") + " %"
