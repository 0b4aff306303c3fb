import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nbhelpers.data import make_clusters  # noqa: E402


@pytest.fixture
def tutorial_data():
    """The tutorial's 500 points, scaled as the tutorial scales them (seed 0)."""
    X, labels = make_clusters(random_state=0)
    return X / np.linalg.norm(X)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")
