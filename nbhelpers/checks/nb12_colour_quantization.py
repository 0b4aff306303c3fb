"""Checks for the exercises of ``12_colour_quantization``."""

import functools

import numpy as np

from ..layer import CompetitiveLayer
from ._core import Hint, call_answer, need_function, need_number, printing_check

__all__ = ["check_lr_in_255_units", "check_psnr"]

#: The learning rate the notebook trains with, in [0, 1] units.
LR = 0.1
#: Largest distance between two colours with values 0 to 255: the cube's diagonal.
DIAGONAL_255 = 255 * np.sqrt(3)


@functools.lru_cache(maxsize=1)
def _pixels_01():
    """2000 pixels of the china photograph in [0, 1] units (fixed seed)."""
    from sklearn.datasets import load_sample_image

    pixels = load_sample_image("china.jpg").reshape(-1, 3) / 255.0
    return pixels[np.random.RandomState(12).choice(len(pixels), 2000, replace=False)]


def _largest_difference(lr_255):
    """Largest |weight / 255 - weight in [0, 1] units| after 5 epochs, 8 neurons."""
    pixels = _pixels_01()
    start = pixels[:8]
    in_01 = CompetitiveLayer(8, lr=LR).fit(pixels, epochs=5, init_weights=start).weights_
    in_255 = CompetitiveLayer(8, lr=lr_255).fit(255 * pixels, epochs=5,
                                                init_weights=255 * start).weights_
    return float(np.max(np.abs(in_255 / 255 - in_01)))


@printing_check
def check_lr_in_255_units(lr_255):
    """Exercise 1 of ``12_colour_quantization``: the same training in 0-255 units.

    ``lr_255`` must make neurolab's step on pixel values 0 to 255 the same as ``lr=0.1`` on
    values in [0, 1]: the winner moves the fraction ``lr * d`` of the way, and every ``d``
    is 255 times longer, so ``lr_255 = 0.1 / 255``. Accepted within 3 % (0.0004, rounded,
    passes); on success the check trains both ways and reports how far apart the weights
    end.
    """
    lr = need_number(lr_255, "lr_255", positive=True)
    ratio = lr / (LR / 255)
    if abs(ratio - 1) <= 0.03:
        difference = _largest_difference(lr)
        exact = "" if abs(ratio - 1) <= 1e-9 else (
            f" (exactly 0.1 / 255 = {LR / 255:.6g}; write it as 0.1 / 255 to get the same "
            "steps, not just nearly)")
        return (f"lr_255 = {lr:.3g}{exact}: in 0-255 units every d is 255 times longer, so "
                "the rate must be 255 times smaller for the same fraction lr * d per win. "
                "Trained both ways (2000 pixels, 8 neurons, 5 epochs), the weights divided by "
                f"255 differ from the [0, 1] run's by at most {difference:.1e}.")
    if np.isclose(lr, LR):
        raise Hint(f"with the same lr = {LR}, every step covers a 255 times larger fraction "
                   f"lr * d: two colours can be {DIAGONAL_255:.0f} apart in 0-255 units, and "
                   f"{LR} * {DIAGONAL_255:.0f} is far above 2, so steps would overshoot. "
                   "Which way must lr change?")
    if np.isclose(ratio, 255**2, rtol=0.01):
        raise Hint("that rate is 255 times larger than the original: the distances grow with "
                   "the units, so the rate must shrink")
    if np.isclose(ratio, 1 / 255, rtol=0.01):
        raise Hint("that rate is 255 times too small: only d in the fraction lr * d changes "
                   "with the units (x - w is the way to go, in whatever units the weights "
                   "are), so divide by 255 once")
    if ratio > 1:
        raise Hint(f"lr_255 = {lr:.3g} makes each step {ratio:.3g} times the fraction of the "
                   "way that lr = 0.1 gives in [0, 1] units: it is too large")
    raise Hint(f"lr_255 = {lr:.3g} makes each step only {ratio:.3g} times the fraction of the "
               "way that lr = 0.1 gives in [0, 1] units: it is too small")


def _reference_psnr(original, quantized):
    return 10 * np.log10(1 / np.mean((original - quantized) ** 2))


@functools.lru_cache(maxsize=1)
def _psnr_cases():
    """Pairs of small images in [0, 1] (height x width x 3) whose PSNR the check asks for."""
    rng = np.random.RandomState(12)
    cases = []
    for shape, noise in [((4, 5, 3), 0.05), ((7, 3, 3), 0.2), ((1, 9, 3), 0.01)]:
        original = rng.uniform(0, 1, size=shape)
        quantized = np.clip(original + rng.normal(0, noise, size=shape), 0, 1)
        cases.append((original, quantized))
    return cases


#: Typical wrong answers, recognised by their result against the right one (ref -> value).
_WRONG_PSNR = [
    (lambda ref: ref - 10 * np.log10(3),
     "that is 4.77 dB too low: you averaged the squared error over the pixels after adding "
     "the three channels; average over every value, channels too (np.mean of all squared "
     "differences)"),
    (lambda ref: ref * np.log(10),
     "decibels use the logarithm to base 10 (np.log10), not the natural logarithm"),
    (lambda ref: ref / 2,
     "that is half the right value: take 10 log10 of 1 / MSE, the mean squared error itself, "
     "not its square root"),
    (lambda ref: ref + 20 * np.log10(255),
     "the values are in [0, 1], so the peak value is 1, not 255"),
    (lambda ref: -ref,
     "the sign is wrong: PSNR is 10 log10(1 / MSE), so a smaller error gives more decibels"),
    (lambda ref: 2 * ref,
     "that is twice the right value: 20 log10 is for the root of the MSE; with the MSE "
     "itself it is 10 * log10(1 / MSE)"),
    (lambda ref: -2 * ref,
     "use 10 * log10(1 / MSE): 20 * log10(MSE) has the wrong sign and twice the size"),
]


@printing_check
def check_psnr(psnr):
    """Exercise 2 of ``12_colour_quantization``: the peak signal-to-noise ratio.

    ``psnr(original, quantized)`` must return ``10 * log10(1 / MSE)`` in decibels, with MSE
    the mean of the squared differences over every value (pixels and channels) of two
    images in [0, 1]; compared with a reference on three pairs of small random images.
    """
    name = "psnr"
    need_function(psnr, name)
    for original, quantized in _psnr_cases():
        got = call_answer(psnr, name, original.copy(), quantized.copy())
        if got is None:
            raise Hint("psnr returned None: end it with a return statement")
        if np.ndim(got) != 0 and np.size(got) == 1:
            raise Hint(f"psnr returned an array of shape {np.shape(got)} holding one number: "
                       "return a single float (for example float(...) of it)")
        if np.ndim(got) != 0:
            raise Hint(f"psnr should return one number for a pair of images, got an array of "
                       f"shape {np.shape(got)}: average over every value")
        got = need_number(float(got), "the value psnr returned")
        ref = _reference_psnr(original, quantized)
        if np.isclose(got, ref, rtol=1e-9, atol=1e-9):
            continue
        for wrong, hint in _WRONG_PSNR:
            if np.isclose(got, wrong(ref), rtol=1e-6):
                raise Hint(hint)
        raise Hint(f"psnr gave {got:.3f} dB where {ref:.3f} dB was expected, for images of "
                   f"shape {original.shape}: square the differences, average them over every "
                   "value, then take 10 * log10(1 / that)")
    return (f"psnr agrees with the reference on {len(_psnr_cases())} pairs of images, "
            "to within rounding.")
