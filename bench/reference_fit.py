"""BG/NBD + Gamma-Gamma with an existing library, run in its own environment (no kundenwert).

    python bench/reference_fit.py lifetimes|btyd|pymc_marketing|kundenwert CUSTOMERS.npz WEEKS

pymc_marketing is fitted by maximum a posteriori (pm.find_MAP, L-BFGS-B on pytensor's compiled
log-likelihood and gradient) with flat priors on every parameter, which makes it the maximum-
likelihood fit the other two compute.

Prints one JSON line: library, parameters (the log-likelihood at them is computed by the
caller, with one formula for every library), seconds for the fits and for the predictions
(P(alive), expected purchases in WEEKS, expected order value), peak memory (MB) and the sums
of the predictions (so the two runs can be compared without writing a million numbers).
"""

from __future__ import annotations

import importlib
import json
import resource
import sys
import time
import warnings

import numpy as np


def main() -> None:
    library, path, weeks = sys.argv[1], sys.argv[2], float(sys.argv[3])
    data = np.load(path)
    x, tx, t, m = data["x"], data["tx"], data["t"], data["m"]
    repeat = x > 0
    warnings.simplefilter("ignore")
    module = __import__("kundenwert.method.clv_model" if library == "kundenwert" else library)
    if library == "pymc_marketing":
        importlib.import_module("pymc_marketing.clv")
    start = time.perf_counter()  # imports are not counted
    cpu = time.process_time()  # of all threads of this process
    if library == "kundenwert":
        cm = module.method.clv_model
        bg = cm.fit_bgnbd(x, tx, t)
        gg = cm.fit_gamma_gamma(x[repeat], m[repeat])
        fitted = time.perf_counter()
        alive = cm.probability_alive(bg, x, tx, t)
        expected = cm.expected_orders(bg, weeks, x, tx, t)
        value = cm.expected_order_value(gg, x[repeat], m[repeat])
        params = {
            "r": bg.r,
            "alpha": bg.alpha,
            "a": bg.a,
            "b": bg.b,
            "p": gg.p,
            "q": gg.q,
            "gamma": gg.gamma,
        }
    elif library == "pymc_marketing":
        params, alive, expected, value, fitted = _pymc_marketing(x, tx, t, m, repeat, weeks)
    else:
        bgf = module.BetaGeoFitter()
        bgf.fit(x, tx, t)
        ggf = module.GammaGammaFitter()
        ggf.fit(x[repeat], m[repeat])
        fitted = time.perf_counter()
        alive = np.asarray(bgf.conditional_probability_alive(x, tx, t))
        expected = np.asarray(
            bgf.conditional_expected_number_of_purchases_up_to_time(weeks, x, tx, t)
        )
        value = np.asarray(ggf.conditional_expected_average_profit(x[repeat], m[repeat]))
        p = bgf.params_
        g = ggf.params_
        params = {
            "r": float(p["r"]),
            "alpha": float(p["alpha"]),
            "a": float(p["a"]),
            "b": float(p["b"]),
            "p": float(g["p"]),
            "q": float(g["q"]),
            "gamma": float(g["v"]),
        }
    done = time.perf_counter()
    cpu = time.process_time() - cpu
    print(
        json.dumps(
            {
                "library": library,
                "params": params,
                "fit_s": fitted - start,
                "predict_s": done - fitted,
                "cpu_s": cpu,
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "sums": [float(np.sum(alive)), float(np.sum(expected)), float(np.sum(value))],
            }
        )
    )


def _pymc_marketing(
    x: np.ndarray, tx: np.ndarray, t: np.ndarray, m: np.ndarray, repeat: np.ndarray, weeks: float
) -> tuple[dict[str, float], np.ndarray, np.ndarray, np.ndarray, float]:
    """Fit by MAP with flat priors (= maximum likelihood) and predict; returns the parameters,
    P(alive), expected purchases in `weeks`, expected spend of the repeat buyers and the time
    at which the fits were done."""
    import pandas as pd

    prior = importlib.import_module("pymc_extras.prior").Prior
    clv = importlib.import_module("pymc_marketing.clv")

    rfm = pd.DataFrame({"customer_id": np.arange(len(x)), "frequency": x, "recency": tx, "T": t})
    flat = {name: prior("HalfFlat") for name in ("r", "alpha", "a", "b")}
    bg = clv.BetaGeoModel(model_config=flat)
    bg.fit(data=rfm, method="map", progressbar=False)
    spend = pd.DataFrame(
        {"customer_id": np.flatnonzero(repeat), "frequency": x[repeat], "monetary_value": m[repeat]}
    )
    gg = clv.GammaGammaModel()  # its default priors on p, q, v are flat already
    gg.fit(data=spend, method="map", progressbar=False)
    fitted = time.perf_counter()
    alive = np.asarray(bg.expected_probability_alive()).ravel()
    expected = np.asarray(bg.expected_purchases(future_t=weeks)).ravel()
    value = np.asarray(gg.expected_customer_spend(data=spend)).ravel()

    def one(model: object, name: str) -> float:
        return float(np.asarray(model.fit_result[name]).squeeze())  # type: ignore[attr-defined]

    params = {name: one(bg, name) for name in ("r", "alpha", "a", "b")}
    params.update(p=one(gg, "p"), q=one(gg, "q"), gamma=one(gg, "v"))
    return params, alive, expected, value, fitted


if __name__ == "__main__":
    main()
