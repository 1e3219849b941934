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
