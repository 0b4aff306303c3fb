"""End-to-end tests: the notebooks in JupyterLab, driven by Chromium."""
