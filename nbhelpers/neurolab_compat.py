"""Import neurolab 0.3.5 on NumPy 2 without touching site-packages or NumPy itself.

neurolab's last release (0.3.5) uses ``np.Inf`` and ``np.asfarray``, which NumPy 2 removed,
so ``import neurolab`` fails with an ``AttributeError``. This module imports it once with a
private stand-in for NumPy that forwards everything to the real NumPy and adds back the few
names neurolab needs. Only neurolab's own modules see the stand-in: ``numpy.Inf`` stays
missing for everyone else. Introduced in ``03_training_with_newc``.

Examples
--------
>>> from nbhelpers.neurolab_compat import neurolab as nl
>>> net = nl.net.newc([[0, 1], [0, 1]], 3)
"""

import importlib
import sys
import types

import numpy

INSTALL_HINT = "pip install neurolab  (or: make lab, which installs everything)"


def _asfarray(a, dtype=numpy.float64):
    # NumPy 1.x semantics: any non-float dtype request falls back to float64.
    if not numpy.issubdtype(dtype, numpy.inexact):
        dtype = numpy.float64
    return numpy.asarray(a, dtype=dtype)


class _NumpyForNeurolab(types.ModuleType):
    """Forward attribute access to NumPy, with neurolab's removed names added back."""

    Inf = numpy.inf
    asfarray = staticmethod(_asfarray)
    row_stack = staticmethod(numpy.vstack)  # deprecated alias, warns on NumPy 2

    def __getattr__(self, name):
        return getattr(numpy, name)


def _import_neurolab():
    if hasattr(numpy, "Inf") and hasattr(numpy, "asfarray"):  # NumPy 1.x: nothing to do
        return importlib.import_module("neurolab")
    already = sys.modules.get("neurolab")
    if already is not None and isinstance(getattr(already.core, "np", None), _NumpyForNeurolab):
        return already
    # A plain `import neurolab` that failed earlier can leave half-imported modules behind.
    for name in [m for m in sys.modules if m == "neurolab" or m.startswith("neurolab.")]:
        del sys.modules[name]
    stand_in = _NumpyForNeurolab("numpy")
    real = sys.modules["numpy"]
    sys.modules["numpy"] = stand_in  # seen only by the imports below
    try:
        return importlib.import_module("neurolab")
    except ModuleNotFoundError as exc:
        if exc.name != "neurolab":
            raise
        raise ModuleNotFoundError(
            f"neurolab is not installed in this Python ({sys.executable}). "
            f"Install it with: {INSTALL_HINT}",
            name="neurolab",
        ) from None
    finally:
        sys.modules["numpy"] = real


neurolab = _import_neurolab()

__all__ = ["neurolab"]
