"""The checks of 12_colour_quantization: each passes the solution, fails the stub with a hint
that says what is missing, fails the typical wrong answers with their own hint, and raises in
the grading mode."""

import numpy as np
import pytest

from nbhelpers.checks import NOT_YET, PASSED, _core
from nbhelpers.checks import nb12_colour_quantization as nb12


@pytest.fixture
def grading():
    _core.raise_on_failure()
    yield
    _core.raise_on_failure(False)


# --- Exercise 1: the same training in 0-255 units ----------------------------------------------

def test_lr_solution_passes_and_reports_the_measured_difference():
    passed, message = nb12.check_lr_in_255_units.verdict(0.1 / 255)
    assert passed, message
    difference = nb12._largest_difference(0.1 / 255)
    assert difference < 1e-12  # the same steps, up to rounding
    assert f"{difference:.1e}" in message


def test_lr_written_with_three_digits_passes():
    assert nb12.check_lr_in_255_units.verdict(0.000392)[0]


def test_lr_rounded_to_one_digit_passes_and_is_told_the_exact_value():
    passed, message = nb12.check_lr_in_255_units.verdict(0.0004)  # 2 % off
    assert passed, message
    assert "0.1 / 255" in message


def test_lr_exact_answer_is_not_told_to_round_differently():
    passed, message = nb12.check_lr_in_255_units.verdict(0.1 / 255)
    assert passed and "not just nearly" not in message


@pytest.mark.parametrize("answer, expected", [
    (..., "lr_255 is still ..."),
    ("0.1/255", "should be a number"),
    (0.0, "larger than 0"),
    (0.1, "overshoot"),
    (0.1 * 255, "the rate must shrink"),
    (0.1 / 255**2, "divide by 255 once"),
    (0.000412, "too large"),
    (0.001, "too large"),
    (0.0001, "too small"),
])
def test_lr_wrong_answers_get_their_hint(answer, expected):
    passed, message = nb12.check_lr_in_255_units.verdict(answer)
    assert not passed
    assert expected in message, message


def test_the_same_lr_in_255_units_does_not_give_the_same_weights():
    # the hint's claim: without the change the run is another run (or diverges)
    try:
        difference = nb12._largest_difference(0.1)
    except ValueError:  # TrainingDivergedError
        return
    assert difference > 1e-3


def test_lr_check_prints_one_line(capsys):
    nb12.check_lr_in_255_units(0.1 / 255)
    nb12.check_lr_in_255_units(0.1)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(PASSED) and lines[1].startswith(NOT_YET) and len(lines) == 2


def test_lr_check_raises_in_grading_mode(grading, capsys):
    with pytest.raises(AssertionError, match="Not yet: with the same lr"):
        nb12.check_lr_in_255_units(0.1)
    nb12.check_lr_in_255_units(0.1 / 255)  # a right answer still prints
    assert capsys.readouterr().out.startswith(PASSED)


# --- Exercise 2: the quality in decibels -------------------------------------------------------

def solution_psnr(original, quantized):
    mse = np.mean((original - quantized) ** 2)
    return 10 * np.log10(1 / mse)


def stub_psnr(original, quantized):
    ...
    raise NotImplementedError("Exercise: write psnr")


def test_psnr_solution_passes():
    passed, message = nb12.check_psnr.verdict(solution_psnr)
    assert passed, message


def test_psnr_stub_is_told_to_replace_the_raise():
    passed, message = nb12.check_psnr.verdict(stub_psnr)
    assert not passed and "NotImplementedError" in message


def _mse(original, quantized):
    return np.mean((original - quantized) ** 2)


WRONG = {
    "channels added": (lambda o, q: 10 * np.log10(1 / np.mean(np.sum((o - q) ** 2, axis=-1))),
                       "4.77 dB too low"),
    "natural log": (lambda o, q: 10 * np.log(1 / _mse(o, q)), "base 10"),
    "root of the mse": (lambda o, q: 10 * np.log10(1 / np.sqrt(_mse(o, q))), "not its square root"),
    "peak 255": (lambda o, q: 10 * np.log10(255**2 / _mse(o, q)), "not 255"),
    "upside down": (lambda o, q: 10 * np.log10(_mse(o, q)), "sign is wrong"),
    "absolute error": (lambda o, q: 10 * np.log10(1 / np.mean(np.abs(o - q))), "square the"),
    "twenty log": (lambda o, q: 20 * np.log10(1 / _mse(o, q)), "twice the right value"),
    "twenty log of the mse": (lambda o, q: 20 * np.log10(_mse(o, q)), "20 * log10(MSE)"),
    "shape (1,)": (lambda o, q: np.array([10 * np.log10(1 / _mse(o, q))]), "a single float"),
    "per pixel": (lambda o, q: 10 * np.log10(1 / np.mean((o - q) ** 2, axis=-1)), "one number"),
    "no return": (lambda o, q: None, "return statement"),
    "not a function": (27.0, "should be a function"),
}


@pytest.mark.parametrize("name", WRONG)
def test_psnr_wrong_answers_get_their_hint(name):
    answer, expected = WRONG[name]
    passed, message = nb12.check_psnr.verdict(answer)
    assert not passed
    assert expected in message, message


def test_psnr_check_raises_in_grading_mode(grading):
    with pytest.raises(AssertionError, match="base 10"):
        nb12.check_psnr(WRONG["natural log"][0])


def test_psnr_check_leaves_the_inputs_and_the_global_generator_alone():
    np.random.seed(5)
    before = np.random.get_state()[1].copy()

    def changes_inputs(original, quantized):
        result = solution_psnr(original, quantized)
        original[...] = 0
        return result

    assert nb12.check_psnr.verdict(changes_inputs)[0]
    assert nb12.check_psnr.verdict(solution_psnr)[0]  # the cases were not damaged
    assert np.array_equal(np.random.get_state()[1], before)
