# Shared by bin/run and bin/test: create .venv with Python 3.11 if needed and install the
# project into it, skipping pip when pyproject.toml has not changed since the last install.
ensure_venv() {
  local extras="$1"
  local python="${PYTHON:-}"
  if [ -z "$python" ]; then
    if command -v python3.11 >/dev/null 2>&1; then python=python3.11; else python=python3; fi
  fi
  if [ ! -x .venv/bin/python ]; then
    echo "==> Creating .venv with $("$python" --version)"
    "$python" -m venv .venv
  fi
  local installed=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
  local stamp="${installed}-${extras//[^a-z]/}"
  # bin/test's install (the shop and its test tools) has all that bin/run needs.
  if [ ! -f "$stamp" ] && [ ! -f "${installed}-test" ]; then
    echo "==> Installing the project ($extras)"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e "$extras"
    touch "$stamp"
  fi
}
