# Runs inside real Pyodide (run.mjs): installs the requirements with micropip as xlwings Lite
# does, executes main.py, calls the cases and plans the buttons, times the benchmark, and writes
# /host/result.json. /host/job.json says what to do:
#   requirements  lines for micropip; order: "together" (one micropip.install call, as Lite
#                 installs requirements.txt), "forwards" or "backwards" (one line at a time)
#   standin       file of the pydantic stand-in to install first (the 0.27 run only), or null
#   main, calls   main.py to execute, and lite_calls.py's cases/sheets to run against it
#   config_only   the 314 run: validate kundenwert's Config with real pydantic, nothing else
#   bench         {"table": cells, "repeat": n}: time KW.PORTFOLIO on that table (bench/pyodide.py)
# This file is not imported by pytest; top-level await is Pyodide's.
import importlib.metadata
import importlib.util
import json
import re
import site
import sys
import time
from pathlib import Path

import pyodide_js

job = json.loads(Path("/host/job.json").read_text())
result = {"boot_seconds": boot_seconds, "python": sys.version.split()[0]}  # noqa: F821
result["pyodide"] = pyodide_js.version

if job.get("standin"):
    # pydantic_core has no Pyodide 0.27 build to be had here: install the named stand-in as
    # the distribution `pydantic` so that micropip sees the requirement met
    target = Path(site.getsitepackages()[0])
    (target / "pydantic").mkdir(exist_ok=True)
    (target / "pydantic" / "__init__.py").write_text(Path(job["standin"]).read_text())
    info = target / "pydantic-2.10.5+standin.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: pydantic\nVersion: 2.10.5+standin\n"
    )
    (info / "INSTALLER").write_text("kundenwert-test-standin\n")
    (info / "RECORD").write_text("")
    result["standin"] = "pydantic (stand-in: no pydantic_core for Pyodide 0.27 here)"

if job.get("micropip"):
    # Pyodide 314's npm package has no micropip: the pure-Python wheel of its version from PyPI
    import zipfile

    zipfile.ZipFile(job["micropip"]).extractall(site.getsitepackages()[0])
else:
    await pyodide_js.loadPackage("micropip")  # noqa: F704
import micropip  # noqa: E402

lines = job.get("requirements") or []
order = job.get("order", "together")
started = time.perf_counter()
try:
    if order == "together":
        await micropip.install(lines)  # noqa: F704
    else:
        for line in lines if order == "forwards" else lines[::-1]:
            await micropip.install(line)  # noqa: F704
    for line in job.get("nodeps", []):
        await micropip.install(line, deps=False)  # noqa: F704
    result["install"] = {"ok": True}
except Exception as e:  # noqa: BLE001 — the message is the finding
    result["install"] = {"ok": False, "error": f"{type(e).__name__}: {e}"}
result["install_seconds"] = time.perf_counter() - started
result["installed"] = {
    re.sub(r"[-_.]+", "-", d.metadata["Name"]).lower(): d.version
    for d in importlib.metadata.distributions()
}

if job.get("config_only") and result["install"]["ok"]:
    # kundenwert/__init__ imports pandas, which has no build for this Pyodide here: load the
    # config module through a bare package object, exactly the module the product imports
    import types

    import pydantic

    root = Path(site.getsitepackages()[0]) / "kundenwert"
    for name, folder in (("kundenwert", root), ("kundenwert.method", root / "method")):
        package = types.ModuleType(name)
        package.__path__ = [str(folder)]
        sys.modules[name] = package
    from kundenwert.method.config import Config

    checks = {"pydantic": pydantic.VERSION, "default": Config().model_dump(mode="json")}
    for name, params in job["config_only"].items():
        try:
            checks[name] = Config(**params).model_dump(mode="json")
        except pydantic.ValidationError as e:
            checks[name] = [[list(x["loc"]), x["msg"]] for x in e.errors()]
    result["config"] = checks

if job.get("main") and result["install"]["ok"]:
    sys.path.insert(0, "/host")
    import lite_calls

    spec = importlib.util.spec_from_file_location("main", job["main"])
    main = importlib.util.module_from_spec(spec)
    sys.modules["main"] = main
    spec.loader.exec_module(main)
    result["registered"] = lite_calls.registered(main)
    result["file_modules"] = sorted(
        m
        for m in sys.modules
        if m.split(".")[0] in lite_calls.FILE_MODULES or m.startswith("kundenwert.xlsx")
    )
    import numpy as np

    result["default_int"] = str(np.array([1]).dtype)
    t0 = time.perf_counter()
    if "calls" in job:
        result["calls"] = lite_calls.call_cases(main, job["calls"])
    t1 = time.perf_counter()
    if "sheets" in job:
        result["plans"] = lite_calls.button_plans(job["sheets"])
        result["plans"]["bewerten_auftragszeilen"] = lite_calls.order_line_plan(job["line_sheets"])
        result["plans"]["vergleichen"] = lite_calls.comparison_plan(job["compare_sheets"])
    result["seconds"] = {"calls": t1 - t0, "plans": time.perf_counter() - t1}
    if "bench" in job:
        table = lite_calls.from_json(job["bench"]["table"])
        main.portfolio(table)  # warm-up, not counted
        times = []
        for _ in range(job["bench"]["repeat"]):
            t0 = time.perf_counter()
            main.portfolio(table)
            times.append(time.perf_counter() - t0)
        result["bench_seconds"] = times
        if job["bench"].get("profile"):
            import cProfile
            import io
            import pstats

            profile = cProfile.Profile()
            profile.runcall(main.portfolio, table)
            text = io.StringIO()
            pstats.Stats(profile, stream=text).sort_stats("cumulative").print_stats(40)
            result["profile"] = text.getvalue()

Path("/host/result.json").write_text(json.dumps(result))
