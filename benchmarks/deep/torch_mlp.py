"""PyTorch peer of DeepRoad's MLP speed benchmark: same matrix, architecture, optimizer, batch size and threads.
Usage: python3 torch_mlp.py X.f32 y.f32 rows width epochs batch threads seed"""
import sys, time
import numpy as np
import torch

xf, yf, rows, width, epochs, batch, threads, seed = sys.argv[1:9]
rows, width, epochs, batch, threads, seed = int(rows), int(width), int(epochs), int(batch), int(threads), int(seed)
torch.set_num_threads(threads)
torch.manual_seed(seed)
x = np.fromfile(xf, dtype=np.float32).reshape(rows, width)
y = np.fromfile(yf, dtype=np.float32)
mu, sd = x.mean(0), x.std(0)
sd[sd < 1e-6] = 1
x = torch.from_numpy((x - mu) / sd)
y = torch.from_numpy(y)
model = torch.nn.Sequential(torch.nn.Linear(width, 128), torch.nn.ReLU(), torch.nn.Linear(128, 64), torch.nn.ReLU(), torch.nn.Linear(64, 1))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
rng = np.random.default_rng(seed)
times = []
for e in range(epochs):
    t0 = time.perf_counter()
    model.train()
    order = rng.permutation(rows)
    total = 0.0
    for s in range(0, rows, batch):
        idx = order[s:s + batch]
        if len(idx) == 1:
            continue
        xb, yb = x[idx], y[idx]
        loss = torch.nn.functional.binary_cross_entropy_with_logits(model(xb).squeeze(1), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item() * len(idx)
    times.append(time.perf_counter() - t0)
    print(f"epoch {e + 1} loss {total / rows:.4f} seconds {times[-1]:.3f}", file=sys.stderr)
print(f"{np.median(times):.6f}")
