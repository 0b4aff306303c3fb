"""pytest hooks for the whole repository (tests/ and the notebooks that nbval collects).

nbval skips cells tagged ``nbval-skip`` without a reason; this says why each one is skipped.
"""

import pytest

SKIP_REASONS = {
    "exercise": "exercise stub: raises NotImplementedError until a student writes the answer",
    "%matplotlib widget": "switches to the interactive ipympl backend; the committed outputs "
                          "come from the inline backend",
}


def _skip_reason(cell):
    tags = cell.get("metadata", {}).get("tags", [])
    source = "".join(cell.get("source", ""))
    if "exercise" in tags:
        return SKIP_REASONS["exercise"]
    if source.lstrip().startswith("%matplotlib widget"):
        return SKIP_REASONS["%matplotlib widget"]
    return "tagged nbval-skip: " + (source.strip().splitlines() or ["(empty cell)"])[0][:60]


def pytest_runtest_setup(item):
    """Skip nbval's skipped cells here, with a reason, before nbval skips them without one."""
    options = getattr(item, "options", None)
    cell = getattr(item, "cell", None)
    if isinstance(options, dict) and options.get("skip") and cell is not None:
        pytest.skip(_skip_reason(cell))
