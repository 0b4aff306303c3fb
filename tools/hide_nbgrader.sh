#!/bin/sh
# nbgrader is installed for teachers (`make nbgrader` and its test), but students use this
# environment's JupyterLab too: switch nbgrader's menus and server extensions off in it.
# Usage: tools/hide_nbgrader.sh [BIN_DIR]   (the Makefile's install step; Binder's postBuild)
set -e
jupyter="${1:+$1/}jupyter"
"$jupyter" labextension disable --level=sys_prefix @jupyter/nbgrader >/dev/null 2>&1
for name in formgrader validate_assignment assignment_list course_list; do
  "$jupyter" server extension disable --sys-prefix "nbgrader.server_extensions.$name" \
    >/dev/null 2>&1
done
