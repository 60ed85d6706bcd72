"""Documentation that fails the build when it falls behind the code."""

from __future__ import annotations

import re
from pathlib import Path

from storyline.cli import build_parser
from storyline.config import load_settings

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_is_documented():
    documented = set(
        re.findall(
            r"^\| `([a-z_]+\.[a-z_]+)` \|",
            (ROOT / "docs" / "settings.md").read_text(encoding="utf-8"),
            flags=re.MULTILINE,
        )
    )
    settings = load_settings(environ={})
    expected = {f"{stage}.{name}" for stage, params in settings.values.items() for name in params}
    assert expected | {"store.path"} == documented


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "==SUPPRESS==" or a.choices)
    for name in commands.choices:
        assert f"storyline {name}" in readme, name


def test_readme_first_screen_has_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_screen = "\n".join(readme.splitlines()[:30])
    assert "pip install -e . && storyline demo" in first_screen
    assert "pip install -e '.[test]' && pytest" in first_screen
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = re.search(r"^python3 -m venv .*pytest$", first_screen, flags=re.MULTILINE)
    assert test_command and test_command.group(0) in ci


def test_every_exit_code_is_in_the_readme():
    from storyline.errors import EXIT_CODES

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in EXIT_CODES.values():
        assert f"| {code} |" in readme, code


def test_install_commands_do_not_warn_about_the_lxml_extra():
    """jusText asks for lxml[html_clean]; pip before 23.3 does not normalise the name and
    warns that lxml has no such extra. The install lines upgrade pip first, and storyline
    names the extra the way lxml spells it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for line in readme.splitlines():
        if "pip install -e" in line and line.startswith("python3 -m venv"):
            assert "pip install -q --upgrade pip && pip install -e" in line
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"lxml[html-clean]==' in pyproject


def test_pytest_reports_why_tests_were_skipped():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    addopts = re.search(r"^addopts = \"(.*)\"$", pyproject, flags=re.MULTILINE)
    assert addopts and "-rs" in addopts.group(1).split()
