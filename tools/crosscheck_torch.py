#!/usr/bin/env python3
"""Cross-check `overparam train` against an independent PyTorch implementation, and time the same GD step.

Usage (Debian: apt-get install python3-torch python3-numpy):
    /usr/bin/python3 tools/crosscheck_torch.py            # correctness: identical start, 50 steps, f64, both step forms
    /usr/bin/python3 tools/crosscheck_torch.py --speed    # one GD step, float32, 2 threads, at n=d=1000, m=4000 and
                                                          # n=500, d=3072: PyTorch autograd against `overparam bench train`
                                                          # (primal and dual forms) run from this script, side by side

The correctness check writes data to a temporary folder, runs ./overparam train with --save-weights, re-runs GD in
PyTorch from the saved initial weights with autograd (loss = 1/2 sum of squares, f = a^T relu(W x + b)/sqrt(m)), and
compares loss, max_r ||w_r(k) - w_r(0)|| and the pattern change at every step, in both step forms. It does the same
for the deep models of Du et al. (ICML 2019), fc, resnet and conv-resnet (every layer trained), comparing the loss and
each layer's movement at every step. Not a dependency of the tool.
"""
import argparse, csv, json, math, os, subprocess, sys, tempfile, time

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sphere_data(n, d, seed):
    """n points on the unit sphere and N(0, 1) labels, saved as x.npy and y.npy in a new temporary folder."""
    tmp = tempfile.mkdtemp()
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    y = rng.standard_normal(n)
    np.save(f"{tmp}/x.npy", x)
    np.save(f"{tmp}/y.npy", y)
    return tmp, x, y


def correctness(bias: bool, train_output: bool, form: str, steps=50, n=40, d=8, m=300, lr=0.2):
    tmp, x, y = sphere_data(n, d, 0)
    args = [f"{ROOT}/overparam", "train", "--data", f"{tmp}/x.npy", "--labels", f"{tmp}/y.npy", "--width", str(m),
            "--lr", str(lr), "--steps", str(steps), "--gram-every", "0", "--save-weights", "--form", form, "--out", f"{tmp}/run"]
    if bias: args.append("--bias")
    if train_output: args.append("--train-output")
    subprocess.run(args, check=True, capture_output=True)
    rows = list(csv.DictReader(open(f"{tmp}/run/metrics.csv")))

    X = torch.tensor(x)
    Y = torch.tensor(y)
    W = torch.tensor(np.load(f"{tmp}/run/init_W.npy"), requires_grad=True)
    a = torch.tensor(np.load(f"{tmp}/run/init_a.npy"), requires_grad=train_output)
    b = torch.tensor(np.load(f"{tmp}/run/init_b.npy"), requires_grad=True) if bias else torch.zeros(m, dtype=torch.float64)
    W0, b0 = W.detach().clone(), b.detach().clone()
    z0 = X @ W0.T + b0
    worst = {"loss": 0.0, "max_dist": 0.0, "pattern_change": 0.0}
    for k in range(steps + 1):
        z = X @ W.T + b
        u = torch.relu(z) @ a / np.sqrt(m)
        loss = 0.5 * ((u - Y) ** 2).sum()
        with torch.no_grad():
            dist = ((W - W0) ** 2).sum(1) + ((b - b0) ** 2 if bias else 0)
            ours = {"loss": loss.item(), "max_dist": dist.max().sqrt().item(),
                    "pattern_change": ((z >= 0) != (z0 >= 0)).double().mean().item()}
        for key, v in ours.items():
            theirs = float(rows[k][key])
            worst[key] = max(worst[key], abs(v - theirs) / max(abs(v), 1e-300) if key == "loss" else abs(v - theirs))
        if k == steps: break
        loss.backward()
        with torch.no_grad():
            # PyTorch's relu'(0) = 0, the paper's (and OverParam's) 1{z >= 0} gives 1: z is never exactly 0 here.
            W -= lr * W.grad; W.grad.zero_()
            if bias: b -= lr * b.grad; b.grad.zero_()
            if train_output: a -= lr * a.grad; a.grad.zero_()
    final_w = np.load(f"{tmp}/run/final_W.npy")
    worst["final_W"] = float(np.abs(final_w - W.detach().numpy()).max() / np.abs(final_w).max())
    variant = ("bias" if bias else "du2019") + ("-joint" if train_output else "") + f" {form}"
    print(f"{variant:18s} {steps} steps: max relative final W diff {worst['final_W']:.2e}, max relative loss diff {worst['loss']:.2e}, "
          f"max |max_dist diff| {worst['max_dist']:.2e}, max |pattern_change diff| {worst['pattern_change']:.2e}")
    return worst


ACTIVATIONS = {
    # log(1 + e^z) exactly (F.softplus switches to the identity above z = 20, a 2e-9 relative change)
    "softplus": lambda z: torch.logaddexp(z, torch.zeros_like(z)),
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,  # PyTorch's relu'(0) = 0, the paper's 1: pre-activations are never exactly 0 here
}


def deep_output(model, X, Ws, a, s, act):
    """f(x) of Du et al. (ICML 2019) as overparam defines it, written independently: FC, ResNet, or the 1-D conv ResNet
    (inputs d0 x p channel-major, patches of q positions with zero padding; W_h saved as (m, q, d_in), a as (m, p))."""
    H, m, csig, cres = s["depth"], s["width"], s["c_sigma"], s["c_res"]
    if model == "conv-resnet":
        x = X.reshape(X.shape[0], s["channels"], -1)
        for h, W in enumerate(Ws):
            z = F.conv1d(x, W.permute(0, 2, 1), padding=s["patch"] // 2)
            x = math.sqrt(csig / m) * act(z) if h == 0 else x + cres / (H * math.sqrt(m)) * act(z)
        return (x * a).sum((1, 2))
    x = X
    for h, W in enumerate(Ws):
        z = x @ W.T
        x = math.sqrt(csig / m) * act(z) if h == 0 or model == "fc" else x + cres / (H * math.sqrt(m)) * act(z)
    return x @ a


def deep_correctness(model, activation, steps=30, n=20, d=8, m=24, depth=3):
    """Runs ./overparam train --model MODEL --save-weights, then GD in PyTorch autograd from the saved initial weights
    (every layer trained, L = 1/2 sum of squares, the same step), comparing the loss and each layer's movement
    ||W_h(k) - W_h(0)||_F at every step, and the final weights."""
    tmp, x, y = sphere_data(n, d, 1)
    args = [f"{ROOT}/overparam", "train", "--model", model, "--depth", str(depth), "--activation", activation, "--data", f"{tmp}/x.npy",
            "--labels", f"{tmp}/y.npy", "--width", str(m), "--steps", str(steps), "--gram-every", "0", "--save-weights", "--out", f"{tmp}/run"]
    if model == "conv-resnet": args += ["--channels", "2", "--patch", "3"]
    subprocess.run(args, check=True, capture_output=True)
    rows = list(csv.DictReader(open(f"{tmp}/run/metrics.csv")))
    s = json.load(open(f"{tmp}/run/summary.json"))["settings"]
    act = ACTIVATIONS[activation]
    X, Y = torch.tensor(x), torch.tensor(y)
    Ws = [torch.tensor(np.load(f"{tmp}/run/init_W{h}.npy"), requires_grad=True) for h in range(1, depth + 1)]
    a = torch.tensor(np.load(f"{tmp}/run/init_a.npy"), requires_grad=True)
    W0 = [W.detach().clone() for W in Ws]
    lr = s["lr"]
    worst = {"loss": 0.0, "dist": 0.0}
    for k in range(steps + 1):
        loss = 0.5 * ((deep_output(model, X, Ws, a, s, act) - Y) ** 2).sum()
        worst["loss"] = max(worst["loss"], abs(loss.item() - float(rows[k]["loss"])) / loss.item())
        for h in range(depth):
            dist = (Ws[h] - W0[h]).norm().item()
            worst["dist"] = max(worst["dist"], abs(dist - float(rows[k][f"dist_W{h + 1}"])) / max(dist, 1e-300) if k > 0 else 0.0)
        if k == steps: break
        loss.backward()
        with torch.no_grad():
            for p_ in Ws + [a]:
                p_ -= lr * p_.grad
                p_.grad = None
    worst["final_W"] = max(float(np.abs(np.load(f"{tmp}/run/final_W{h + 1}.npy") - Ws[h].detach().numpy()).max()
                                 / np.abs(Ws[h].detach().numpy()).max()) for h in range(depth))
    print(f"{model:12s} {activation:9s} {steps} steps: max relative loss diff {worst['loss']:.2e}, "
          f"max relative layer-movement diff {worst['dist']:.2e}, max relative final W diff {worst['final_W']:.2e}")
    return worst


def speed(n, d, m, repeats=10):
    """PyTorch's autograd step and OverParam's (`bench train`, both forms) on the same sizes, one after the other."""
    bench = subprocess.run([f"{ROOT}/overparam", "bench", "train", "--n", str(n), "--d", str(d), "--width", str(m),
                            "--repeat", str(repeats)], check=True, capture_output=True, text=True).stdout
    ours = {}
    for line in bench.splitlines():
        parts = line.split()
        if len(parts) > 4 and parts[1:3] == ["bare", "step:"]:
            ours[parts[0] + " bare"] = float(parts[3]) / 1e3
        if len(parts) > 7 and parts[1:3] == ["step", "recording"]:
            ours[parts[0] + " recording"] = float(parts[6]) / 1e3
    torch.set_num_threads(2)
    g = torch.Generator().manual_seed(0)
    X = torch.randn(n, d, generator=g); X /= X.norm(dim=1, keepdim=True)
    Y = torch.randn(n, generator=g)
    W = torch.randn(m, d, generator=g, requires_grad=True)
    a = torch.sign(torch.randn(m, generator=g))
    def step():
        u = torch.relu(X @ W.T) @ a / m ** 0.5
        loss = 0.5 * ((u - Y) ** 2).sum()
        loss.backward()
        with torch.no_grad():
            W.sub_(1e-4 * W.grad); W.grad = None
    step()
    best = min(timed(step) for _ in range(repeats))
    A = torch.randn(2000, 2000); B = torch.randn(2000, 2000)
    sg = min(timed(lambda: A @ B) for _ in range(5))
    print(f"n = {n}, d = {d}, m = {m}: torch {torch.__version__} float32, {torch.get_num_threads()} threads: GD step (autograd) "
          f"{best*1e3:.1f} ms = {4*n*m*d/best/1e9:.1f} GFLOP/s; torch sgemm 2000x2000 {2*2000**3/sg/1e9:.1f} GFLOP/s")
    for form, seconds in ours.items():
        print(f"  overparam {form:16s} step {seconds*1e3:6.1f} ms: {best/seconds:5.2f}x PyTorch's step")
    print("  " + "\n  ".join(l.strip() for l in bench.splitlines()))


def timed(f):
    t = time.perf_counter(); f(); return time.perf_counter() - t


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--speed", action="store_true")
    if p.parse_args().speed:
        speed(1000, 1000, 4000)
        speed(500, 3072, 4000)
    else:
        torch.set_default_dtype(torch.float64)
        ok = True
        for form in ("primal", "dual"):
            for bias in (False, True):
                for out in (False, True):
                    w = correctness(bias, out, form)
                    ok &= w["loss"] < 1e-9 and w["max_dist"] < 1e-9 and w["pattern_change"] == 0 and w["final_W"] < 1e-9
        for model in ("fc", "resnet", "conv-resnet"):
            for activation in ("softplus", "tanh"):
                w = deep_correctness(model, activation)
                ok &= w["loss"] < 1e-9 and w["dist"] < 1e-9 and w["final_W"] < 1e-9
        sys.exit(0 if ok else 1)
