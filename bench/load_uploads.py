"""Large public uploads while another visitor opens the map (issue 13, resources).

Loopback only, bounded in time. Parts (``--parts``):

- **load**: ``streamlit run`` on the example store; the public map's usual open time in
  Chromium (fresh context, navigation to Streamlit idle and the map's feature groups,
  median of ``--repeat``); then four contexts upload ``--size-mb`` files on the public
  Täckning page (a GeoJSON units file and a population CSV each) while a second browser
  opens the map. Reported: map open time under load against usual (bound: 2×), the app
  process's peak memory (RSS sampled every 0.1 s over it and its children, and VmHWM)
  against ``--memory-bound-mb``, and how each upload ended (time, the page's message);
- **xlsx**, **payload**: the limits without a server (:mod:`bench.upload_limits`).

``--root`` runs the load against another checkout (e.g. the code before the limits, to
compare). Results go to ``bench/results/load_uploads.json``.

    .venv/bin/python -m bench.load_uploads
    .venv/bin/python -m bench.load_uploads --parts load --size-mb 9.5
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.upload_limits import bench_payload, bench_xlsx

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "load_uploads.json"
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
KOMMUN = "1270"


# -- the app and its memory ------------------------------------------------------------------

def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (from /proc)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return found


def _cpu_s(pids: list[int]) -> float:
    """User + system CPU seconds of ``pids`` (from /proc/PID/stat)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def _machine_cpu_s() -> float:
    """Busy CPU seconds of the whole machine (from /proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemoryWatch:
    """Peak RSS of a process tree, sampled every 0.1 s in a thread."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak_kb, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = sum(_status_kb(p, "VmRSS") for p in _tree(self.pid))
            self.peak_kb = max(self.peak_kb, rss)
            self._stop.wait(0.1)

    def now_kb(self) -> int:
        return sum(_status_kb(p, "VmRSS") for p in _tree(self.pid))

    def hwm_kb(self) -> int:
        """The kernel's own peak (VmHWM) summed over the tree."""
        return sum(_status_kb(p, "VmHWM") for p in _tree(self.pid))

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


# -- files an attacker sends ---------------------------------------------------------------

def units_geojson(size_mb: float) -> bytes:
    """A FeatureCollection of 100 m squares in SWEREF 99 TM around Tomelilla, ~size_mb."""
    rng = random.Random(13)
    head = ('{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":'
            '"urn:ogc:def:crs:EPSG::3006"}},"features":[')
    parts, total, n = [head], len(head), 0
    while total < size_mb * 2**20:
        e, s = 430000 + rng.randrange(0, 20000, 100), 6155000 + rng.randrange(0, 20000, 100)
        feature = (f'{{"type":"Feature","properties":{{"omrade":"u{n}"}},"geometry":'
                   f'{{"type":"Polygon","coordinates":[[[{e},{s}],[{e + 100},{s}],'
                   f'[{e + 100},{s + 100}],[{e},{s + 100}],[{e},{s}]]]}}}},')
        parts.append(feature)
        total += len(feature)
        n += 1
    parts[-1] = parts[-1].rstrip(",")
    parts.append("]}")
    return "".join(parts).encode()


def population_csv(size_mb: float) -> bytes:
    lines, total, n = ["rutid_scb;beftotalt"], 0, 0
    while total < size_mb * 2**20:
        line = f"{3900006150000 + n * 1000};{n % 500}"
        lines.append(line)
        total += len(line) + 1
        n += 1
    return ("\n".join(lines) + "\n").encode()


# -- the browser ---------------------------------------------------------------------------

def open_map(browser: Any, url: str, timeout_s: float = 120) -> float | None:
    """Seconds from navigation to Streamlit idle with the map's feature groups drawn."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    start = time.monotonic()
    try:
        page.goto(f"{url}/?kommun={KOMMUN}", timeout=timeout_s * 1000)
        page.wait_for_selector(IDLE, timeout=timeout_s * 1000)
        page.wait_for_selector(MAP_FRAME, timeout=timeout_s * 1000)
        deadline = time.monotonic() + timeout_s
        while (frame := page.frame(url=lambda u: "streamlit_folium" in u)) is None:
            if time.monotonic() > deadline:
                return None
            page.wait_for_timeout(50)
        frame.wait_for_function("() => window.map && window.feature_group",
                                timeout=timeout_s * 1000)
        page.wait_for_selector(IDLE, timeout=timeout_s * 1000)
        return time.monotonic() - start
    except Exception as error:  # noqa: BLE001 - a timeout is a result here
        print(f"  map did not open: {type(error).__name__}: {str(error)[:200]}",
              file=sys.stderr)
        return None
    finally:
        context.close()


async def _upload(browser: Any, url: str, files: dict[str, str], timeout_s: float
                  ) -> dict[str, Any]:
    """One visitor: the Täckning page with its own units file, then a population table."""
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    start = time.monotonic()
    outcome: dict[str, Any] = {}
    ms = timeout_s * 1000
    try:
        await page.goto(f"{url}/tackning?kommun={KOMMUN}&units=file", timeout=ms)
        await page.wait_for_selector(IDLE, timeout=ms)
        inputs = page.locator("[data-testid=stSidebar] input[type=file]")
        await inputs.first.wait_for(state="attached", timeout=ms)
        for which in ("units", "population"):
            target = inputs.first if which == "units" else inputs.last
            await target.set_input_files(files[which])
            outcome[which] = await _settled(page, Path(files[which]).name, timeout_s)
        texts = await page.locator("[data-testid=stAlert], [data-testid=stSidebar] "
                                   "[data-testid=stFileUploaderFile]").all_inner_texts()
        # the page's own messages, and the browser's refusal beside the uploaded file's name
        outcome["messages"] = sorted({" ".join(t.split())[:120] for t in texts
                                      if "Exempeldata" not in t})
        outcome["ok"] = True
    except Exception as error:  # noqa: BLE001 - a timeout is a result here
        outcome.update(ok=False, error=f"{type(error).__name__}: {error}"[:200])
    finally:
        outcome["seconds"] = round(time.monotonic() - start, 2)
        await context.close()
    return outcome


async def _settled(page: Any, name: str, timeout_s: float) -> str:
    """Wait until the upload of ``name`` was refused by the browser, or ran the script."""
    sidebar = page.locator("[data-testid=stSidebar]")
    app = page.locator("[data-testid=stApp]")
    deadline, ran = time.monotonic() + timeout_s, False
    while time.monotonic() < deadline:
        text = await sidebar.inner_text()
        state = await app.get_attribute("data-test-script-state")
        if name in text and "smaller" in text:
            return "refused by the browser"
        if name in text and state == "running":
            ran = True
        if name in text and ran and state == "notRunning":
            return "read by the app"
        await page.wait_for_timeout(100)
    return "timed out"


def attack(url: str, units: str, population: str, visitors: int, timeout_s: float) -> None:
    """``visitors`` parallel uploads in one Chromium (a process of its own); JSON on stdout."""
    import asyncio

    from playwright.async_api import async_playwright

    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    async def run() -> list[dict[str, Any]]:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM,
                                                       args=CHROMIUM_ARGS)
            files = {"units": units, "population": population}
            try:
                return list(await asyncio.gather(*(_upload(browser, url, files, timeout_s)
                                                   for _ in range(visitors))))
            finally:
                await browser.close()

    print(json.dumps(asyncio.run(run())))


def bench_load(args: argparse.Namespace) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    from bench.mapbench_build import store_path
    from tests.browser.conftest import serve_process
    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    db = store_path(1, fresh=False)
    root = Path(args.root).resolve()
    with tempfile.TemporaryDirectory(prefix="tk-load-") as tmp:
        files = {"units": Path(tmp) / "omraden.geojson", "population": Path(tmp) / "bef.csv"}
        files["units"].write_bytes(units_geojson(args.size_mb))
        files["population"].write_bytes(population_csv(args.size_mb))
        sizes = {k: round(p.stat().st_size / 2**20, 1) for k, p in files.items()}
        with serve_process(db, Path(tmp) / "streamlit.log", root=root) as (url, pid), \
                sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            open_map(browser, url)  # warm: the first load builds caches
            usual = [t for t in (open_map(browser, url) for _ in range(args.repeat)) if t]
            usual_s = statistics.median(usual)
            idle_kb = MemoryWatch(pid).now_kb()
            load1 = os.getloadavg()[0]
            with MemoryWatch(pid) as watch:
                app_cpu, machine_cpu = _cpu_s(_tree(pid)), _machine_cpu_s()
                start = time.monotonic()
                attacker = subprocess.Popen(
                    [sys.executable, "-m", "bench.load_uploads", "--attack", url,
                     str(files["units"]), str(files["population"]), "--visitors",
                     str(args.visitors), "--timeout", str(args.timeout)],
                    cwd=ROOT, stdout=subprocess.PIPE, text=True,
                    preexec_fn=lambda: os.nice(args.attackers_nice))
                time.sleep(args.lead_s)  # the uploads are under way
                under_load = [open_map(browser, url, args.timeout) for _ in range(args.repeat)]
                out, _ = attacker.communicate(timeout=args.timeout * 2 + 60)
                elapsed = time.monotonic() - start
                hwm_kb = watch.hwm_kb()
                app_cpu = _cpu_s(_tree(pid)) - app_cpu
                machine_cpu = _machine_cpu_s() - machine_cpu
            results = json.loads(out) if out.strip() else []
            load2 = os.getloadavg()[0]
            browser.close()
    timed = [t for t in under_load if t is not None]
    load_s = statistics.median(timed) if timed else None
    return {
        "root": str(root), "upload_files_mb": sizes, "visitors": args.visitors,
        "map_usual_s": round(usual_s, 2), "map_usual_runs_s": [round(t, 2) for t in usual],
        "map_under_load_s": round(load_s, 2) if load_s else None,
        "map_under_load_runs_s": [round(t, 2) if t else None for t in under_load],
        "ratio": round(load_s / usual_s, 2) if load_s else None, "ratio_bound": 2.0,
        "rss_idle_mb": round(idle_kb / 1024), "rss_peak_mb": round(watch.peak_kb / 1024),
        "vmhwm_mb": round(hwm_kb / 1024), "memory_bound_mb": args.memory_bound_mb,
        "uploads": results, "load_seconds": round(elapsed, 1),
        "attackers_nice": args.attackers_nice,
        "app_cpu_s": round(app_cpu, 1), "machine_cpu_s": round(machine_cpu, 1),
        "loadavg_before": round(load1, 2), "loadavg_after": round(load2, 2),
    }


# -- report --------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--parts", default="load,xlsx,payload")
    parser.add_argument("--size-mb", type=float, default=40.0)
    parser.add_argument("--visitors", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=150.0)
    parser.add_argument("--memory-bound-mb", type=int, default=1536)
    parser.add_argument("--root", default=str(ROOT))
    parser.add_argument("--label", default="now")
    parser.add_argument("--lead-s", type=float, default=3.0,
                        help="seconds the uploads run before the map is opened")
    parser.add_argument("--attackers-nice", type=int, default=19,
                        help="niceness of the uploading browsers: they stand in for remote "
                             "clients, whose rendering costs the server nothing (0: compete)")
    parser.add_argument("--attack", nargs=3, metavar=("URL", "UNITS", "POPULATION"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.attack:
        attack(*args.attack, visitors=args.visitors, timeout_s=args.timeout)
        return
    parts = args.parts.split(",")
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    run: dict[str, Any] = {"when": time.strftime("%Y-%m-%d %H:%M:%S"),
                           "cpus": os.cpu_count(), "loadavg": os.getloadavg()}
    if "payload" in parts:
        run["payload"] = bench_payload()
    if "xlsx" in parts:
        run["xlsx"] = bench_xlsx()
    if "load" in parts:
        run["load"] = bench_load(args)
    previous[f"{args.label}-{args.size_mb:g}mb" if "load" in parts else args.label] = run
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(previous, indent=2, ensure_ascii=False) + "\n")
    _print(run)


def _print(run: dict[str, Any]) -> None:
    rows: list[tuple[str, str, str]] = []
    if "payload" in run:
        p = run["payload"]
        rows.append(("map payload, 1M-vertex watch area", f"{p['before_bytes'] / 1e6:.1f} MB "
                     f"before", f"{p['now_bytes'] / 1e3:.0f} kB now (bound 200 kB)"))
    if "xlsx" in run:
        x = run["xlsx"]
        rows.append((f"XLSX {x['xlsx_mb']} MB read", f"{x['without_limit']['wall_s']} s "
                     f"({x['without_limit']['result']})",
                     f"{x['with_limit']['wall_s']} s ({x['with_limit']['result']})"))
    if "load" in run:
        r = run["load"]
        rows.append((f"{r['visitors']} uploads of {r['upload_files_mb']} MB", "", ""))
        rows.append(("map open, usual → under load", f"{r['map_usual_s']} s",
                     f"{r['map_under_load_s']} s ({r['ratio']}×, bound 2×)"))
        rows.append(("app memory idle → peak (VmHWM)", f"{r['rss_idle_mb']} MB",
                     f"{r['rss_peak_mb']} MB ({r['vmhwm_mb']} MB; bound "
                     f"{r['memory_bound_mb']} MB)"))
        for i, u in enumerate(r["uploads"]):
            rows.append((f"upload {i + 1}", f"{u.get('seconds')} s",
                         f"units {u.get('units')}, population {u.get('population')}: "
                         + ("; ".join(u.get("messages", [])) or u.get("error", ""))))
        rows.append(("CPU seconds: the app / the machine", f"{r['app_cpu_s']} s",
                     f"{r['machine_cpu_s']} s in {r['load_seconds']} s"))
        rows.append(("load average before → after", str(r["loadavg_before"]),
                     str(r["loadavg_after"])))
    width = max(len(r[0]) for r in rows) if rows else 0
    for name, a, b in rows:
        print(f"{name:<{width}}  {a:<24}  {b[:160]}")


if __name__ == "__main__":
    main()
