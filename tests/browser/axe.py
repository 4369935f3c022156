"""axe-core in the page: WCAG 2.0/2.1 A and AA checks of what the browser shows.

``axe-core`` comes from the npm registry (pinned in ``package.json``; ``make test`` runs
``npm ci`` when ``node_modules/axe-core`` is missing). :func:`violations` injects
``axe.min.js`` into the page and into every frame of it (the map is an iframe: axe
checks a frame's content only when it runs there too), runs it with the WCAG 2.0 and
2.1 A/AA rules and returns the violations.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: Swedish public-sector sites must meet WCAG 2.1 AA (lagen om tillgänglighet till
#: digital offentlig service, EN 301 549): the A and AA rules of 2.0 and 2.1.
WCAG_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

_RUN = """async ([context, options]) => {
  const result = await axe.run(context, {...options, resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target, html: n.html.slice(0, 300),
                               summary: n.failureSummary})),
  }));
}"""


def _inject(page: Any) -> None:
    if not AXE_JS.exists():
        raise AssertionError(
            f"{AXE_JS.relative_to(ROOT)} is missing: run `npm ci` (make test does it)"
        )
    for frame in page.frames:
        if frame.is_detached() or frame.url.startswith("about:"):
            continue
        if not frame.evaluate("() => typeof window.axe !== 'undefined'"):
            frame.add_script_tag(path=str(AXE_JS))


def _context(exclude: Iterable[str]) -> dict[str, Any]:
    context: dict[str, Any] = {"include": [["html"]]}
    excluded = [[selector] for selector in exclude]
    if excluded:
        context["exclude"] = excluded
    return context


def violations(page: Any, *, exclude: Iterable[str] = (), contrast_exempt: Iterable[str] = (),
               tags: Iterable[str] = WCAG_AA) -> list[dict[str, Any]]:
    """Run axe-core in ``page`` (and its frames); the violations, outside ``exclude``.

    ``exclude`` lists CSS selectors of parts that are not checked at all;
    ``contrast_exempt`` parts that are checked by every rule but colour contrast. Keep
    both for markup and styling that are not the app's (and say why where they are
    used), never for the app's own.
    """
    _inject(page)
    exclude = list(exclude)
    contrast_exempt = list(contrast_exempt)
    runs_on = {"type": "tag", "values": list(tags)}
    found = page.evaluate(_RUN, [_context(exclude), {
        "runOnly": runs_on, "rules": {"color-contrast": {"enabled": not contrast_exempt}},
    }])
    if contrast_exempt:
        found += page.evaluate(_RUN, [_context(exclude + contrast_exempt), {
            "runOnly": {"type": "rule", "values": ["color-contrast"]},
        }])
    return found


def report(found: list[dict[str, Any]]) -> str:
    """The violations as readable lines, for an assertion message."""
    lines = []
    for violation in found:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}"
                     f" <{violation['helpUrl']}>")
        for node in violation["nodes"][:8]:
            lines.append(f"    {node['target']}: {node['html'][:160]}")
            detail = (node.get("summary") or "").splitlines()[1:2]
            if detail:
                lines.append(f"      {detail[0].strip()}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    ... and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)
