"""README is the newcomer's manual: every setting read from the environment is documented."""

import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def test_readme_lists_every_environment_variable_the_settings_read():
    settings_source = (BASE_DIR / "cestmoi" / "settings.py").read_text()
    names = set(re.findall(r'env\.[a-z_]+\(\s*"([A-Z_]+)"', settings_source))
    readme = (BASE_DIR / "README.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", readme, re.M))
    assert len(names) > 20
    assert names - documented == set()


def test_ci_runs_the_readme_test_command():
    ci = (BASE_DIR / ".ci" / "run").read_text().strip().splitlines()[-1]
    assert ci == "bash bin/test"
    assert "    bash bin/test\n" in (BASE_DIR / "README.md").read_text()


def test_readme_documents_what_bin_run_reads_and_its_new_admin_password():
    run = (BASE_DIR / "bin" / "run").read_text()
    # `${NAME:-default}`: settings of bin/run; FAKE_*_PID are its own bookkeeping.
    names = {n for n in re.findall(r"\$\{([A-Z_]+):-", run) if not n.startswith("FAKE_")}
    readme = (BASE_DIR / "README.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", readme, re.M))
    assert {"PORT", "MOLLIE_PORT", "BANK_PORT", "VSDC_PORT"} <= names
    assert names - documented == set()
    assert "prints a new random\npassword" in readme
