# Shared by bin/run, bin/test and bin/lock: create .venv with Python 3.11 if needed and install
# exactly the versions of the lock file (requirements.txt or requirements-test.txt, with
# hashes), skipping pip when that lock file has not changed since the last install.
ensure_python_venv() {
  local python="${PYTHON:-}"
  if [ -z "$python" ]; then
    if command -v python3.11 >/dev/null 2>&1; then python=python3.11; else python=python3; fi
  fi
  if [ ! -x .venv/bin/python ]; then
    echo "==> Creating .venv with $("$python" --version)"
    "$python" -m venv .venv
  fi
}

ensure_venv() {
  local lock="$1"
  ensure_python_venv
  local stamp=".venv/.installed-$(cat "$lock" pyproject.toml | sha256sum | cut -c1-16)"
  # The test lock holds everything the runtime lock does: after bin/test, bin/run needs nothing.
  local test_stamp=".venv/.installed-$(cat requirements-test.txt pyproject.toml | sha256sum | cut -c1-16)"
  if [ ! -f "$stamp" ] && [ ! -f "$test_stamp" ]; then
    echo "==> Installing the locked dependencies ($lock)"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q --require-hashes -r "$lock"
    # The shop itself, from this folder; its dependencies came from the lock above.
    .venv/bin/python -m pip install -q --no-deps -e .
    touch "$stamp"
  fi
}
