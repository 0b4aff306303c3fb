"""Input validation shared by every public helper.

Each ``validate_*`` function returns the value it was given (converted, for example to a
float array), or raises ``TypeError`` for a value of the wrong kind and ``ValueError`` for a
value of the right kind but the wrong size or range, with a message that names the argument.
(The exercise checks in ``nbhelpers.checks`` are another thing: they print, never raise.)
"""

import numbers

import numpy as np


def validate_data(X, name="X", *, min_samples=1):
    """Return ``X`` as a finite 2-D float64 array, or raise naming ``name``."""
    if isinstance(X, (str, bytes)) or X is None:
        raise TypeError(f"{name} must be a 2-D array of numbers, got {type(X).__name__}")
    try:
        arr = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a 2-D array of numbers ({exc})") from None
    if arr.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D (samples x features), got an array with {arr.ndim} "
            f"dimension(s) and shape {arr.shape}"
        )
    if arr.shape[0] < min_samples or arr.shape[1] == 0:
        raise ValueError(
            f"{name} must have at least {min_samples} sample(s) and 1 feature, "
            f"got shape {arr.shape}"
        )
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values; clean or drop them first")
    return arr


def validate_int(value, name, *, minimum):
    """Return ``value`` as an int >= ``minimum``; bools and floats are rejected."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def validate_float(value, name, *, minimum=None, strictly_positive=False):
    """Return ``value`` as a finite float, checking its lower bound."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if strictly_positive and value <= 0:
        raise ValueError(f"{name} must be > 0, got {value}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return value


def validate_choice(value, name, choices):
    """Return ``value`` if it is one of ``choices``; otherwise list them in the error."""
    try:
        known = value in choices
    except TypeError:  # an unhashable value is not a key of a dict of choices
        known = False
    if not known:
        options = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {options}; got {value!r}")
    return value


def validate_random_state(random_state):
    """Turn ``random_state`` into a ``numpy.random.RandomState``.

    ``None`` gives NumPy's global RNG (what ``np.random.seed`` sets, and what neurolab uses),
    an int gives a new ``RandomState`` seeded with it, and a ``RandomState`` is used as is,
    the same convention as scikit-learn.
    """
    if random_state is None:
        return np.random.mtrand._rand
    if isinstance(random_state, np.random.RandomState):
        return random_state
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        if random_state < 0:
            raise ValueError(f"random_state must be a non-negative int, got {random_state}")
        return np.random.RandomState(int(random_state))
    raise TypeError(
        "random_state must be None, an int or a numpy.random.RandomState, "
        f"got {type(random_state).__name__}"
    )
