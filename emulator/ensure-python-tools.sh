#!/usr/bin/env bash
# Finds the Python tools the tests need, moto[server] and cfn-lint, and installs
# them into .venv with pip when they are missing (saying so). Never skips: if
# they cannot be had, it fails with what to do.
# Prints two lines on stdout: PYTHON=<interpreter that imports moto's server> and CFN_LINT=<path>.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv="${PYTHON_TOOLS_VENV:-$root/.venv}"

# find_spec looks the packages up without importing moto, which takes a second.
has_moto() {
  [ -n "$1" ] && "$1" -c 'import importlib.util as u, sys; sys.exit(not all(u.find_spec(m) for m in ("moto", "flask", "werkzeug", "flask_cors")))' >/dev/null 2>&1
}

venv_install() {
  echo "ensure-python-tools: $1 not found; installing it into $venv with pip" >&2
  if ! { [ -x "$venv/bin/python" ] || python3 -m venv "$venv" >&2; } || ! "$venv/bin/python" -m pip install --quiet "$1" >&2; then
    echo "ensure-python-tools: could not install $1. Install it yourself (pip install '$1'), or set MOTO_PYTHON / CFN_LINT to where it is." >&2
    exit 1
  fi
}

python=""
for candidate in "${MOTO_PYTHON:-}" "$venv/bin/python" "$(command -v python3 || true)" "$(command -v python || true)"; do
  # The real interpreter, not a pyenv shim: each shim call costs a few hundred ms.
  if has_moto "$candidate"; then python=$("$candidate" -c 'import sys; print(sys.executable)'); break; fi
done
if [ -z "$python" ]; then
  venv_install 'moto[server]'
  python="$venv/bin/python"
  has_moto "$python" || { echo "ensure-python-tools: moto[server] installed but does not import" >&2; exit 1; }
fi

cfn_lint=""
for candidate in "${CFN_LINT:-}" "$(command -v cfn-lint || true)" "$venv/bin/cfn-lint"; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then cfn_lint="$candidate"; break; fi
done
if [ -z "$cfn_lint" ]; then
  venv_install cfn-lint
  cfn_lint="$venv/bin/cfn-lint"
fi

echo "PYTHON=$python"
echo "CFN_LINT=$cfn_lint"
