# Optuna TPE and random on the same functions, seeds and budgets as `DeepRoad.Benchmarks tuning synthetic`.
# Usage: /usr/bin/python3 benchmarks/tuning/optuna_peer.py [seeds] [budget]
import math, sys, statistics, optuna
optuna.logging.set_verbosity(optuna.logging.WARNING)
seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
budget = int(sys.argv[2]) if len(sys.argv) > 2 else 50
def branin(x):
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x[1] - b * x[0] ** 2 + c * x[0] - 6) ** 2 + 10 * (1 - t) * math.cos(x[0]) + 10
A = [1.0, 1.2, 3.0, 3.2]
Am = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991], [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]
def hartmann6(x):
    return -sum(A[i] * math.exp(-sum(Am[i][j] * (x[j] - 1e-4 * P[i][j]) ** 2 for j in range(6))) for i in range(4))
def rosen(x):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(3))
funcs = [("Branin", branin, [(-5, 10), (0, 15)], 0.397887), ("Hartmann6", hartmann6, [(0, 1)] * 6, -3.32237), ("Rosenbrock4", rosen, [(-5, 10)] * 4, 0.0)]
checks = [c for c in (10, 20, 30, 50, 100) if c <= budget]
for name, f, bounds, fmin in funcs:
    print(f"\n### {name}: Optuna, median regret over {seeds} seeds\n")
    print("| sampler | " + " | ".join(f"{c} evals" for c in checks) + " |")
    print("|---|" + "---:|" * len(checks))
    for sname, mk in (("Optuna TPE", lambda s: optuna.samplers.TPESampler(seed=s)), ("Optuna random", lambda s: optuna.samplers.RandomSampler(seed=s))):
        curves = []
        for s in range(seeds):
            st = optuna.create_study(sampler=mk(s))
            st.optimize(lambda tr: f([tr.suggest_float(f"x{i}", lo, hi) for i, (lo, hi) in enumerate(bounds)]), n_trials=budget)
            best, curve = float("inf"), []
            for t in st.trials:
                best = min(best, t.value - fmin); curve.append(best)
            curves.append(curve)
        print(f"| {sname} | " + " | ".join(f"{statistics.median(c[k - 1] for c in curves):.4g}" for k in checks) + " |")
