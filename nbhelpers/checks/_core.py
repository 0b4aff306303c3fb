"""The grading framework every notebook's checks are built on.

A check is written as a function that returns its success message, or raises ``Hint`` with
the hint to print after ``Not yet:``; ``printing_check`` turns it into the printing check the
notebooks call. The ``need_*`` helpers and ``call_answer`` turn whatever is wrong with the
student's input (a stub, a wrong type, an exception) into such a hint; ``nearly_equal`` and
``same_rows_any_order`` compare the student's numbers with the reference's.
``raise_on_failure`` switches every check to the grading mode, in which a wrong answer raises
``AssertionError`` instead of printing its hint.
"""

import functools
import numbers
import warnings

import numpy as np

#: First words of the line a check prints when the answer is right, and when it is not.
PASSED = "Well done!"
NOT_YET = "Not yet:"

#: Whether a failing check raises (grading) rather than prints (learning); see raise_on_failure.
_raising = False


def raise_on_failure(on=True):
    """Switch every check to the grading mode, or back to the learning mode.

    In the grading mode (``on=True``) a check whose answer is wrong raises ``AssertionError``
    with the line it would print, ``Not yet: <hint>``, so that a grader such as nbgrader,
    which marks a test cell wrong when it raises, takes its points away. A right answer still
    prints ``Well done! ...``. The learning mode (``on=False``, the default when the package
    is imported) prints both lines and never raises.

    Parameters
    ----------
    on : bool, default True
        True for the grading mode, False for the learning mode. The mode holds for the
        whole Python session (the notebook's kernel), until the next call.
    """
    global _raising
    if not isinstance(on, bool):
        raise TypeError(f"on must be True or False, got {on!r}")
    _raising = on


class Hint(Exception):
    """Stops a check with the hint to print after ``Not yet:``."""


def printing_check(func):
    """Turn ``func`` into a check that prints one line and never raises.

    Parameters
    ----------
    func : callable
        Takes the student's answer(s); returns the success message, or raises ``Hint``.

    Returns
    -------
    callable
        Prints ``Well done! <message>`` or ``Not yet: <hint>`` (in the grading mode, see
        ``raise_on_failure``, raises ``AssertionError("Not yet: <hint>")`` instead of
        printing the hint; the check never raises otherwise). Any other exception from
        ``func`` becomes a hint too, warnings are silenced and NumPy's global random state is
        restored afterwards. Its attribute ``verdict`` returns ``(passed, message)`` instead
        of printing.
    """

    def verdict(*args, **kwargs):
        saved = np.random.get_state()  # the student's global RNG is left as it was
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the check prints one line, nothing else
                return True, func(*args, **kwargs)
        except Hint as hint:
            return False, str(hint)
        except Exception as exc:  # a check must never end in a traceback
            return False, (f"the check could not use your answer ({_describe(exc)}); "
                           "read the task again and compare what your code returns")
        finally:
            np.random.set_state(saved)

    @functools.wraps(func)
    def check(*args, **kwargs):
        passed, message = verdict(*args, **kwargs)
        if not passed and _raising:
            raise AssertionError(f"{NOT_YET} {message}")
        print(f"{PASSED if passed else NOT_YET} {message}")

    check.verdict = verdict
    return check


def _describe(exc):
    """``TypeError: message`` on one short line."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if len(text) > 120:
        text = text[:117] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _not_done(name):
    """The hint for an exercise stub that still raises ``NotImplementedError``."""
    return Hint(f"{name} still raises NotImplementedError: replace the ... and the raise line "
                "with your code, run that cell, then run this check again.")


def need_function(func, name):
    """Raise a hint unless the student's ``func`` is a function."""
    if func is Ellipsis:
        raise _not_done(name)
    if not callable(func):
        raise Hint(f"{name} should be a function (def {name}(...):), "
                   f"got {type(func).__name__}")


def call_answer(func, name, *args, **kwargs):
    """Run the student's function, turning its exceptions into hints."""
    try:
        return func(*args, **kwargs)
    except NotImplementedError:
        raise _not_done(name) from None
    except Exception as exc:
        raise Hint(f"{name} raised {_describe(exc)}") from None


def need_number(value, name, *, positive=False):
    """The student's ``value`` as a finite float (> 0 if ``positive``), or a hint."""
    if value is Ellipsis:
        raise Hint(f"{name} is still ...: set it to a number, run that cell, then run this "
                   "check again.")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise Hint(f"{name} should be a number, got {type(value).__name__}")
    value = float(value)
    if not np.isfinite(value):
        raise Hint(f"{name} should be a finite number, got {value}")
    if positive and value <= 0:
        raise Hint(f"{name} should be larger than 0, got {value:g}")
    return value


def need_array(value, name, shape):
    """The student's result as a float array of the expected shape, or a hint."""
    if value is None:
        raise Hint(f"{name} returned None: end it with a return statement")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Hint(f"{name} should return an array of numbers, got "
                   f"{type(value).__name__}") from None
    if arr.shape != shape:
        raise Hint(f"{name} returned an array of shape {arr.shape}, expected {shape}")
    return arr


def need_start_weights(value, name, shape, columns):
    """The student's starting weights as a finite float array of ``shape``, or a hint.

    ``columns`` says what the columns are, for the hint on a wrong shape ("x, y").
    """
    rows, cols = shape
    if value is Ellipsis:
        raise Hint(f"{name} is still ...: set it to an array of {rows} rows and {cols} "
                   "columns, run that cell, then run this check again.")
    try:
        W0 = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Hint(f"{name} should be an array of numbers, got "
                   f"{type(value).__name__}") from None
    if W0.shape != shape:
        raise Hint(f"{name} should have {rows} rows (neurons) and {cols} columns ({columns}), "
                   f"got shape {W0.shape}")
    if not np.all(np.isfinite(W0)):
        raise Hint(f"{name} contains NaN or infinite values")
    return W0


def nearly_equal(a, b, rtol=1e-9, atol=1e-12):
    """Same shape and the same numbers, up to rounding."""
    return np.shape(a) == np.shape(b) and bool(np.allclose(a, b, rtol=rtol, atol=atol))


def same_rows_any_order(a, b):
    """Same rows, in any order, up to rounding."""
    if np.shape(a) != np.shape(b):
        return False
    return nearly_equal(a[np.lexsort(a.T[::-1])], b[np.lexsort(b.T[::-1])])
