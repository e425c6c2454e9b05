"""How a figure reads on the site: "$2.5 billion", "0.4%", "−1.5 episodes" in English;
"2.500 millones de dólares", "0,4 %", "−1,5 episodes" in Spanish.

`format_figure` is the only place that formats a figure for people (pages, `Figure.__str__`,
the admin's list), in the active language. It shows the value exactly as entered, never
rounded: thousands separators, no trailing zeros, a true minus sign, a currency's symbol or
name where it has a common one, and round millions, billions and trillions in words. The
exports keep the stored value as it is.
"""

from decimal import Decimal

from django.utils import formats, translation
from django.utils.translation import ngettext, npgettext, pgettext

MINUS = "\u2212"
# An amount is put in words only when that loses nothing: at most three decimals of the word.
WORD_PRECISION = Decimal("0.001")
MILLION, BILLION, TRILLION = Decimal(10**6), Decimal(10**9), Decimal(10**12)
# The scales a language names. Spanish counts in the long scale: 10⁹ is "mil millones",
# written as thousands of millions ("11.000 millones"), and 10¹² is a "billón".
SCALES = {"en": (TRILLION, BILLION, MILLION), "es": (TRILLION, MILLION)}


def _scale_words(scale, amount, count):
    if scale == TRILLION:
        return ngettext("%(amount)s trillion", "%(amount)s trillion", count) % {"amount": amount}
    if scale == BILLION:
        return ngettext("%(amount)s billion", "%(amount)s billion", count) % {"amount": amount}
    return ngettext("%(amount)s million", "%(amount)s million", count) % {"amount": amount}


def _currency(code, amount, in_words, count):
    """The amount in a currency with a common symbol or name, or None for any other unit."""
    if in_words:
        # Translators: a figure with a scale word, e.g. "$11 billion" or "11.000 millones de
        # dólares".
        templates = {
            "USD": pgettext("amount in words", "$%(amount)s"),
            "EUR": pgettext("amount in words", "€%(amount)s"),
            "GBP": pgettext("amount in words", "£%(amount)s"),
        }
    else:
        # Translators: a figure in digits, e.g. "$1,234" or "1.234 dólares".
        templates = {
            "USD": npgettext("amount in digits", "$%(amount)s", "$%(amount)s", count),
            "EUR": npgettext("amount in digits", "€%(amount)s", "€%(amount)s", count),
            "GBP": npgettext("amount in digits", "£%(amount)s", "£%(amount)s", count),
        }
    template = templates.get(code)
    return template % {"amount": amount} if template else None


def _digits(number):
    """A non-negative Decimal with the language's separators and no trailing zeros: 1,234.5
    in English, 1.234,5 in Spanish."""
    text = f"{number:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    thousands = formats.get_format("THOUSAND_SEPARATOR")
    decimal = formats.get_format("DECIMAL_SEPARATOR")
    return "".join(thousands if char == "," else decimal if char == "." else char for char in text)


def _amount(magnitude, in_words):
    """(the amount as text, whether it is in words)."""
    if in_words:
        language = translation.get_language() or "en"
        for scale in SCALES.get(language.split("-")[0], SCALES["en"]):
            scaled = magnitude / scale
            if magnitude >= scale and scaled % WORD_PRECISION == 0:
                return _scale_words(scale, _digits(scaled), 1 if scaled == 1 else 2), True
    return _digits(magnitude), False


def format_figure(value, unit):
    """A figure's value and unit as a reader reads them, e.g. "$11 billion", "16%"."""
    value = Decimal(value)
    unit = (unit or "").strip()
    sign = MINUS if value < 0 else ""
    if unit == "%":
        amount, _ = _amount(abs(value), in_words=False)
        # Translators: a percentage; Spanish puts a no-break space before the sign.
        return sign + pgettext("percentage", "%(amount)s%%") % {"amount": amount}
    amount, in_words = _amount(abs(value), in_words=True)
    in_currency = _currency(unit.upper(), amount, in_words, 1 if abs(value) == 1 else 2)
    if in_currency:
        return f"{sign}{in_currency}"
    return f"{sign}{amount} {unit}".rstrip()
