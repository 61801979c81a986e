"""The docs stay true: every setting the code reads is documented, every documented page
exists, and the quick start is the two commands."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_environment_variable_is_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    used: set[str] = set()
    for path in (ROOT / "src/opsroom").rglob("*.py"):
        used |= set(re.findall(r"\"(OPSROOM_[A-Z_]+)\"", path.read_text(encoding="utf-8")))
    missing = sorted(name for name in used if f"`{name}`" not in readme)
    assert missing == []


def test_quick_start_is_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.splitlines()]
    assert [c for c in commands if c] == ["make run", "make test"]


def test_documentation_links_resolve() -> None:
    for page in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        for target in re.findall(r"\]\(([^)#]+)\)", page.read_text(encoding="utf-8")):
            if target.startswith("http"):
                continue
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"


def test_the_retention_table_lists_every_registered_rule() -> None:
    from opsroom.core.retention import retention_rules

    page = (ROOT / "docs/security.md").read_text(encoding="utf-8")
    table = page.split("## Retention", 1)[1].split("\n\n", 2)[2].split("\n\n", 1)[0]
    documented = dict(re.findall(r"^\| `(\w+)` \| (\d+) \|", table, re.M))
    registered = {rule.kind: str(rule.default_days) for rule in retention_rules()}
    assert documented == registered
