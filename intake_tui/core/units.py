"""Formatting shared by every front end."""


def mm(value: float) -> str:
    """A depth in millimetres as people write it: 0.25, 0.5, 1.0, 2.25."""
    text = f"{value:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def mm_range(low: float, high: float) -> str:
    return f"{mm(low)} mm" if low == high else f"{mm(low)}-{mm(high)} mm"


def grouped(amount: int, separator: str) -> str:
    """An amount with the clinic's thousands separator: 4400 -> "4,400" or "4 400"."""
    return f"{amount:,}".replace(",", separator)
