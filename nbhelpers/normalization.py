"""Three ways to scale the data before training, each with its inverse.

Every scaler follows scikit-learn's pattern: ``fit(X)`` learns the constants (attributes
ending in ``_``) and returns ``self``, ``transform`` scales, ``inverse_transform`` maps scaled
points (such as trained weights) back to data units.
"""

import numpy as np

from ._validation import validate_choice, validate_data


class _Scaler:
    """Shared plumbing: subclasses set ``offset_`` and ``scale_`` in ``_learn``."""

    #: One line saying what the scaler does (menus and ``--help`` show it).
    description = ""

    def fit(self, X):
        """Learn the scaling constants from ``X`` (samples x features) and return self."""
        X = validate_data(X, "X")
        self._learn(X)
        self.n_features_in_ = X.shape[1]
        return self

    def transform(self, X):
        """Scale ``X`` with the constants learned by ``fit``."""
        return (self._checked(X) - self.offset_) / self.scale_

    def inverse_transform(self, X_scaled):
        """Map scaled points (for example trained weights) back to data units."""
        return self._checked(X_scaled, "X_scaled") * self.scale_ + self.offset_

    def fit_transform(self, X):
        """``fit(X)`` then ``transform(X)``."""
        return self.fit(X).transform(X)

    def _checked(self, X, name="X"):
        if not hasattr(self, "scale_"):
            raise RuntimeError(f"{type(self).__name__} is not fitted yet; call fit(X) first")
        X = validate_data(X, name)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(
                f"{name} has {X.shape[1]} features but the scaler was fitted on "
                f"{self.n_features_in_}"
            )
        return X

    def __repr__(self):
        return f"{type(self).__name__}()"


class GlobalNormScaler(_Scaler):
    """Divide every value by one number: the Frobenius norm of the whole array.

    This is the tutorial's ``X / np.linalg.norm(X)``. It keeps the shape of the cloud and
    the origin, but the result is tiny (each value is at most 1 in size) and depends on how
    many points there are.

    Attributes
    ----------
    norm_ : float
        The norm the data was divided by.
    """

    description = "X / ‖X‖ (the tutorial's)"

    def _learn(self, X):
        norm = float(np.linalg.norm(X))
        if norm == 0.0:
            raise ValueError("X is all zeros: its norm is 0, so it cannot be scaled by it")
        self.norm_ = norm
        self.offset_ = 0.0
        self.scale_ = norm


class MinMaxScaler(_Scaler):
    """Map each feature linearly onto [0, 1] (the range that ``newc`` is told).

    Attributes
    ----------
    data_min_, data_max_ : ndarray of shape (n_features,)
        Per-feature minimum and maximum seen in ``fit``.
    """

    description = "each feature to [0, 1]"

    def _learn(self, X):
        self.data_min_ = X.min(axis=0)
        self.data_max_ = X.max(axis=0)
        span = self.data_max_ - self.data_min_
        if np.any(span == 0):
            flat = np.flatnonzero(span == 0).tolist()
            raise ValueError(
                f"X has constant feature(s) {flat}: their range is 0, so min-max scaling "
                "would divide by zero"
            )
        self.offset_ = self.data_min_
        self.scale_ = span


class ZScoreScaler(_Scaler):
    """Centre each feature on 0 and divide by its standard deviation.

    Attributes
    ----------
    mean_, std_ : ndarray of shape (n_features,)
        Per-feature mean and (population) standard deviation seen in ``fit``.
    """

    description = "each feature to mean 0, std 1"

    def _learn(self, X):
        self.mean_ = X.mean(axis=0)
        self.std_ = X.std(axis=0)
        if np.any(self.std_ == 0):
            flat = np.flatnonzero(self.std_ == 0).tolist()
            raise ValueError(
                f"X has constant feature(s) {flat}: their standard deviation is 0, so "
                "z-scoring would divide by zero"
            )
        self.offset_ = self.mean_
        self.scale_ = self.std_


class IdentityScaler(_Scaler):
    """Leave the data as it is (to show what happens without scaling)."""

    description = "raw data, unscaled"

    def _learn(self, X):
        self.offset_ = 0.0
        self.scale_ = 1.0


#: The scalers by the name that ``normalize=`` takes.
SCALERS = {
    "norm": GlobalNormScaler,
    "minmax": MinMaxScaler,
    "zscore": ZScoreScaler,
    "none": IdentityScaler,
}


def make_scaler(name):
    """Return a new, unfitted scaler by name: 'norm', 'minmax', 'zscore' or 'none'."""
    validate_choice(name, "normalize", SCALERS)
    return SCALERS[name]()
