"""How a figure reads on the site: "$2.5 billion", "0.4%", "−1.5 episodes".

`format_figure` is the only place that formats a figure for people (pages, `Figure.__str__`,
the admin's list). It shows the value exactly as entered, never rounded: thousands separators,
no trailing zeros, a true minus sign, a currency's symbol where it has a common one, and round
millions, billions and trillions in words. The exports keep the stored value as it is.
"""

from decimal import Decimal

MINUS = "\u2212"
# Written before the amount; any other unit (another ISO code such as CHF, "episodes", "people")
# follows it.
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
# An amount is put in words only when that loses nothing: at most three decimals of the word.
SCALES = [(Decimal(10**12), "trillion"), (Decimal(10**9), "billion"), (Decimal(10**6), "million")]
WORD_PRECISION = Decimal("0.001")


def _digits(number):
    """A non-negative Decimal with thousands separators and no trailing zeros: 1,234.5."""
    text = f"{number:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _amount(magnitude, in_words):
    if in_words:
        for scale, word in SCALES:
            scaled = magnitude / scale
            if magnitude >= scale and scaled % WORD_PRECISION == 0:
                return f"{_digits(scaled)} {word}"
    return _digits(magnitude)


def format_figure(value, unit):
    """A figure's value and unit as a reader reads them, e.g. "$11 billion", "16%"."""
    value = Decimal(value)
    unit = (unit or "").strip()
    sign = MINUS if value < 0 else ""
    if unit == "%":
        return f"{sign}{_amount(abs(value), in_words=False)}%"
    amount = _amount(abs(value), in_words=True)
    symbol = CURRENCY_SYMBOLS.get(unit.upper())
    if symbol:
        return f"{sign}{symbol}{amount}"
    return f"{sign}{amount} {unit}".rstrip()
