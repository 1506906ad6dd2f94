"""BG/NBD + Gamma-Gamma with an existing library, run in its own environment (no kundenwert).

    python bench/reference_fit.py lifetimes|btyd|kundenwert CUSTOMERS.npz WEEKS

Prints one JSON line: library, parameters, seconds for the fits and for the predictions
(P(alive), expected purchases in WEEKS, expected order value), peak memory (MB) and the sums
of the predictions (so the two runs can be compared without writing a million numbers).
"""

from __future__ import annotations

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
    start = time.perf_counter()  # imports are not counted
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
            "ll": bg.log_likelihood,
        }
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
        # lifetimes reports the mean log-likelihood of its scaled fit; the sum comes from the
        # library's own per-customer likelihood at its parameters, in the data's time unit
        log_params = np.log([p["r"], p["alpha"], p["a"], p["b"]])
        ll = -len(x) * float(
            bgf._negative_log_likelihood(log_params, x, tx, t, np.ones(len(x)), 0.0)
        )
        params = {
            "r": float(p["r"]),
            "alpha": float(p["alpha"]),
            "a": float(p["a"]),
            "b": float(p["b"]),
            "p": float(g["p"]),
            "q": float(g["q"]),
            "gamma": float(g["v"]),
            "ll": ll,
        }
    done = time.perf_counter()
    print(
        json.dumps(
            {
                "library": library,
                "params": params,
                "fit_s": fitted - start,
                "predict_s": done - fitted,
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "sums": [float(np.sum(alive)), float(np.sum(expected)), float(np.sum(value))],
            }
        )
    )


if __name__ == "__main__":
    main()
