"""axe-core (tests/a11y/package-lock.json, installed by bin/test with `npm ci`) run in Chromium on
a page, and a readable report of what it found."""

from dataclasses import dataclass
from pathlib import Path

AXE_SCRIPT = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
# Every rule axe runs by default (WCAG 2.0-2.2 A and AA, and its best practices); only the
# violations come back, each node reduced to its selector and axe's explanation.
RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
}"""
SERIOUS = {"serious", "critical"}


@dataclass(frozen=True)
class Violation:
    page: str
    rule: str
    impact: str
    help: str
    nodes: tuple[dict, ...]

    def __str__(self) -> str:
        lines = [f"{self.page}: {self.rule} ({self.impact}): {self.help}"]
        for node in self.nodes[:5]:
            summary = " ".join(node["summary"].split())[:300]
            lines.append(f"    {node['target']}  {summary}")
        if len(self.nodes) > 5:
            lines.append(f"    … and {len(self.nodes) - 5} more")
        return "\n".join(lines)


def axe_violations(page, name: str) -> list[Violation]:
    """axe's violations on the page as it is now. The shop's CSP refuses inline scripts, so the
    browser context that runs this is opened with bypass_csp (the CSP itself has its own tests)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=AXE_SCRIPT)
    return [Violation(page=name, nodes=tuple(v.pop("nodes")), **v) for v in page.evaluate(RUN_AXE)]


def report(violations: list[Violation]) -> str:
    return f"{len(violations)} axe violations:\n" + "\n".join(str(v) for v in violations)
