"""One full-batch GD epoch of the same 5-layer Softplus MLP in numpy + OpenBLAS (float32).

The reference plbench's epoch is compared with in full_batch_gd_bench.ts: forward pass, backward
pass with softplus' = sigmoid, and the update, at d = 784 (default n = 1976, w = 1024). Prints the
fastest of five timed epochs in seconds. Usage: python3 numpy_epoch_reference.py [width] [n]
(the bench sets OPENBLAS_NUM_THREADS).
"""
import sys
import time

import numpy as np

d = 784
w = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1976
rng = np.random.default_rng(0)
X = rng.random((n, d), dtype=np.float32)
y = np.where(rng.random(n) < 0.5, 1, -1).astype(np.float32)
dims = [d, w, w, w, w, 1]
W = [(rng.standard_normal((a, b)) * np.sqrt(2 / a)).astype(np.float32) for a, b in zip(dims, dims[1:])]
B = [np.zeros(b, np.float32) for b in dims[1:]]


def epoch(lr=1e-3):
    acts, zs, h = [X], [], X
    for layer in range(5):
        z = h @ W[layer] + B[layer]
        zs.append(z)
        h = np.logaddexp(0, z) if layer < 4 else z
        acts.append(h)
    r = h[:, 0] - y
    loss = 0.5 * np.mean(r * r)
    delta = (r / n)[:, None]
    for layer in range(4, -1, -1):
        g_w, g_b = acts[layer].T @ delta, delta.sum(0)
        if layer > 0:
            delta = (delta @ W[layer].T) * (1 / (1 + np.exp(-zs[layer - 1])))
        W[layer] -= lr * g_w
        B[layer] -= lr * g_b
    return loss


epoch()
times = []
for _ in range(5):
    start = time.perf_counter()
    epoch()
    times.append(time.perf_counter() - start)
print(f"{min(times):.4f}")
