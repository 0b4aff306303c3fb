# Two commands: `make lab` (open the notebooks) and `make test` (run every check).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# JupyterLab refuses to start as root unless told; containers often run as root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
LAB_ARGS ?=

.PHONY: lab test notebooks lint benchmark benchmark-browser student html nbgrader clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else \
	  "Python 3.11 or newer is needed; found " + sys.version.split()[0] + \
	  ". Run: make PYTHON=python3.12 ...")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	sh tools/hide_nbgrader.sh $(BIN)
# compile the numba kernels into their on-disk cache now, not in the first notebook, and
# install the kernelspec that starts each kernel with the lessons' imports done
	$(BIN)/python -m nbhelpers.warmup
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(ROOT_FLAG) $(LAB_ARGS)

# Two pytest-xdist workers, one test file (or notebook) at a time each: much of the suite waits
# on kernels, JupyterLab, Chromium and pip, so two run side by side on two cores.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -rs -n 2 --dist loadfile tests notebooks --nbval --nbval-current-env \
	  --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider

# Execute every notebook in place, the way CI runs them, to refresh the committed outputs
# (two at a time, as on CI's two cores).
notebooks: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py --jobs 2 notebooks/*.ipynb

lint: $(STAMP)
	$(BIN)/ruff check .

benchmark: $(STAMP)
	$(BIN)/python benchmarks/training_speed.py

# Control -> figure latency, 3-D drag redraws and first Run All, in JupyterLab + Chromium.
benchmark-browser: $(STAMP)
	$(BIN)/python benchmarks/browser_latency.py --json build/browser_latency.json

# The student edition in student/: solutions removed, exercise stubs kept, plus a wheel of
# nbhelpers and requirements.txt. A rerun keeps every notebook changed since it was written.
student: $(STAMP)
	$(BIN)/python tools/make_student.py notebooks student

# The student handout: static, offline HTML of the executed notebooks without solutions and
# without the checks' outputs, which state the answers (open build/html/index.html).
html: $(STAMP)
	$(BIN)/python tools/make_html.py notebooks build/html

# The teacher's edition of the handout, not for students: solutions, checks' outputs and the
# teacher's guide (docs/teacher_guide.md) in build/html-teacher (open index.html there).
.PHONY: html-teacher
html-teacher: $(STAMP)
	$(BIN)/python tools/make_html.py --edition teacher --guide docs/teacher_guide.md \
	  notebooks build/html-teacher

# An nbgrader course folder in course/: one assignment per lesson, graded by the checks. A rerun
# keeps the files a teacher changed; nbgrader's gradebook and submissions are never touched.
nbgrader: $(STAMP)
	$(BIN)/python tools/make_nbgrader.py notebooks course

# student/ and course/ stay: students and teachers work in them (reruns keep their edits too).
clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache
