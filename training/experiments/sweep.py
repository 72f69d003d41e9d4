"""Model selection: trains a grid of configurations in parallel worker processes, evaluates every
epoch on the dev set, picks by macro-F1 on the dev rows whose source starts with ``emgsd:``, tries
the ensemble of the best of each base encoder, then retrains the winner(s) on train + dev with the
same schedule and stops at the selected epoch.

Writes OUT/sweep.jsonl (every epoch of every run), OUT/selection.json and OUT/final_*.pt.
"""
import argparse
import sys
import json
import multiprocessing as mp
import os
import time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # the modules of training/
import train as T


def grid(bases):
    runs = []
    for lr in (4e-5, 6e-5, 8e-5, 1.2e-4):
        for aux in (0.0, 0.5):
            runs.append({"family": "minilm", "lr": lr, "aux": aux})
    runs.append({"family": "minilm", "lr": 8e-5, "aux": 0.5, "pooling": "cls"})
    runs.append({"family": "minilm", "lr": 8e-5, "aux": 0.5, "seed": 21})
    if "arcticxs" in bases:
        for lr in (6e-5, 8e-5, 1.2e-4):
            runs.append({"family": "arcticxs", "lr": lr, "aux": 0.5})
        runs.append({"family": "arcticxs", "lr": 8e-5, "aux": 0.0})
        runs.append({"family": "arcticxs", "lr": 8e-5, "aux": 0.5, "pooling": "cls"})
        runs.append({"family": "arcticxs", "lr": 1.2e-4, "aux": 0.0})
    cfgs = []
    for n, r in enumerate(runs):
        cfg = dict(T.DEFAULTS) | {"epochs": 5} | r
        cfg["base"] = bases[r["family"]]
        cfg["name"] = f"{n:02d}-{r['family']}-lr{cfg['lr']:g}-aux{cfg['aux']:g}-{cfg['pooling']}-s{cfg['seed']}"
        cfgs.append(cfg)
    return cfgs


def worker(job):
    cfg, train_files, dev_file, out, final = job
    smoke = cfg.pop("smoke", False)
    torch.set_num_threads(2)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    train_rows = [r for f in train_files for r in T.load_rows(f)]
    if smoke:
        train_rows = train_rows[:200]
    dev_rows = T.load_rows(dev_file)
    used, index = T.build_vocab(T.load_rows(train_files[0]), dev_rows)
    axis_labels = sorted({r["axis"] for r in T.load_rows(train_files[0]) if r.get("axis")})
    lines = []
    def snapshot(model, epoch):
        if not final:
            T.save(model, used, axis_labels, cfg | {"epoch": epoch}, os.path.join(out, "runs", f"{cfg['name']}-e{epoch}.pt"), dtype=torch.float16)

    model, history = T.train(cfg, T.Data(train_rows, index, axis_labels, cfg["max_len"]), T.Data(dev_rows, index, axis_labels, cfg["max_len"]), used, axis_labels, device, log=lines.append, keep_probs=True, on_epoch=snapshot)
    if final:
        T.save(model, used, axis_labels, cfg | {"rows": len(train_rows), "history": [{k: v for k, v in h.items() if k != "probs"} for h in history]}, os.path.join(out, f"final_{cfg['family']}.pt"), dtype=torch.float16)
    np.save(os.path.join(out, "runs", cfg["name"] + ("-final" if final else "") + ".npy"), np.stack([h["probs"] for h in history]))
    return cfg, [{k: v for k, v in h.items() if k != "probs"} for h in history]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--train", required=True)
    p.add_argument("--dev", required=True)
    p.add_argument("--minilm", required=True)
    p.add_argument("--arcticxs")
    p.add_argument("--out", required=True)
    p.add_argument("--parallel", type=int, default=8)
    p.add_argument("--smoke", action="store_true", help="tiny run to check the script: 200 rows, 1 epoch, 2 configs")
    a = p.parse_args()
    os.makedirs(os.path.join(a.out, "runs"), exist_ok=True)
    bases = {"minilm": a.minilm} | ({"arcticxs": a.arcticxs} if a.arcticxs else {})
    started = time.time()
    ctx = mp.get_context("spawn")
    dev = T.Data(T.load_rows(a.dev), *T.build_vocab(T.load_rows(a.train), T.load_rows(a.dev))[1:], [], 64)
    gold = np.array(dev.label) == 1
    emgsd = np.array([s.startswith("emgsd:") for s in dev.source])

    def score(probs):
        return {"emgsd_macro_f1": T.macro_f1(gold[emgsd], probs[emgsd] >= 0.5), "dev_macro_f1": T.macro_f1(gold, probs >= 0.5)}

    with ctx.Pool(a.parallel) as pool, open(os.path.join(a.out, "sweep.jsonl"), "w") as log:
        cfgs = grid(bases)
        if a.smoke:
            cfgs = [c | {"epochs": 1, "smoke": True} for c in (cfgs[0], cfgs[-1])]
        results = pool.map(worker, [(cfg, [a.train], a.dev, a.out, False) for cfg in cfgs], chunksize=1)
        for cfg, history in results:
            for h in history:
                log.write(json.dumps(h | {"config": cfg["name"]}) + "\n")
        best = {}
        for cfg, history in results:
            for h in history:
                fam = cfg["family"]
                if fam not in best or h["emgsd_macro_f1"] > best[fam][2]["emgsd_macro_f1"]:
                    best[fam] = (cfg, h["epoch"], h)
        selection = {"sweep_seconds": round(time.time() - started), "best": {f: {"config": c["name"], "epoch": e} | h for f, (c, e, h) in best.items()}}
        probs = {f: np.load(os.path.join(a.out, "runs", c["name"] + ".npy"))[e - 1] for f, (c, e, _) in best.items()}
        if len(probs) == 2:
            selection["ensemble"] = score((probs["minilm"] + probs["arcticxs"]) / 2)
        # top-2 minilm runs as an ensemble too
        ranked = sorted(((h["emgsd_macro_f1"], cfg["name"], h["epoch"]) for cfg, hist in results for h in hist if cfg["family"] == "minilm"), reverse=True)
        seen, top = set(), []
        for s, name, e in ranked:
            if name not in seen:
                seen.add(name); top.append((name, e))
            if len(top) == 2:
                break
        selection["minilm_top2_ensemble"] = {"members": top} | score(sum(np.load(os.path.join(a.out, "runs", n + ".npy"))[e - 1] for n, e in top) / 2)
        print(json.dumps(selection, indent=1), flush=True)
        finals = [(dict(c) | {"stop_after": e, "smoke": a.smoke}, [a.train, a.dev], a.dev, a.out, True) for f, (c, e, _) in best.items()]
        for cfg, history in pool.map(worker, finals, chunksize=1):
            selection.setdefault("final", {})[cfg["family"]] = {"config": cfg["name"], "stop_after": cfg["stop_after"], "epochs": cfg["epochs"], "seconds": sum(h["seconds"] for h in history)}
        selection["total_seconds"] = round(time.time() - started)
        selection["device"] = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "cpu"
        json.dump(selection, open(os.path.join(a.out, "selection.json"), "w"), indent=1)
        print(json.dumps(selection["final"]), flush=True)


if __name__ == "__main__":
    main()
