"""Fine-tunes a base encoder (from prepare.py) into the stereotype classifier.

Reads token ids written by the C# CLI (`tokenize`), so training and serving share one tokenizer.
The word-embedding table is trained in compact form: only rows of ids that occur in the given
files exist during training, and export.py writes them back into the full table. Rows without
gradient would not move anyway (embeddings get no weight decay), so this only saves memory and
transfer size.
"""
import argparse
import json
import math
import os
import random
import time

import numpy as np
import torch
from torch import nn

from bert import Classifier, Encoder

CATEGORIES = ["stereotype", "neutral", "unrelated"]


def load_rows(path):
    import gzip
    with (gzip.open(path, "rt", encoding="utf-8") if path.endswith(".gz") else open(path, encoding="utf-8")) as f:
        return [json.loads(line) for line in f]


def macro_f1(gold, pred):
    gold, pred = np.asarray(gold, bool), np.asarray(pred, bool)
    f1s = []
    for positive in (True, False):
        tp = np.sum((pred == positive) & (gold == positive))
        fp = np.sum((pred == positive) & (gold != positive))
        fn = np.sum((pred != positive) & (gold == positive))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    return float(np.mean(f1s))


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)


class Data:
    """Token rows mapped to the compact vocabulary, with labels and aux targets."""

    def __init__(self, rows, vocab_index, axis_labels, max_len):
        self.ids = [[vocab_index[i] for i in r["ids"][:max_len - 1]] + ([vocab_index[r["ids"][-1]]] if len(r["ids"]) > max_len - 1 else []) for r in rows]
        self.label = [int(r["label"]) for r in rows]
        self.category = [CATEGORIES.index(r["category"]) if r.get("category") in CATEGORIES else -100 for r in rows]
        self.axis = [axis_labels.index(r["axis"]) if r.get("axis") in axis_labels else -100 for r in rows]
        self.source = [r.get("source", "") for r in rows]
        # experiments/distill.py's teacher probability of label 1, or -1 where a row has none (trained on its label alone)
        self.teacher = [float(r.get("teacher", -1.0)) for r in rows]

    def __len__(self):
        return len(self.ids)

    def batch(self, index, device):
        seqs = [self.ids[i] for i in index]
        width = max(len(s) for s in seqs)
        ids = torch.zeros(len(seqs), width, dtype=torch.long)
        mask = torch.zeros(len(seqs), width, dtype=torch.long)
        for row, s in enumerate(seqs):
            ids[row, : len(s)] = torch.tensor(s)
            mask[row, : len(s)] = 1
        def t(values):
            return torch.tensor([values[i] for i in index], dtype=torch.long, device=device)
        teacher = torch.tensor([self.teacher[i] for i in index], dtype=torch.float32, device=device)
        return ids.to(device), mask.to(device), t(self.label), t(self.category), t(self.axis), teacher


def build_vocab(*row_sets):
    used = sorted({i for rows in row_sets for r in rows for i in r["ids"]})
    return used, {v: k for k, v in enumerate(used)}


def make_model(base_path, used_ids, axis_count, pooling, aux, init=None):
    if init:  # continue from a fine-tuned checkpoint of train.py (main() took its vocabulary and axis labels)
        from export import load_classifier
        model = load_classifier(init)[0]
        known = model.encoder.word.weight.shape[0]
        if len(used_ids) > known:  # ids main() appended: their rows come from the base model, as export.py fills them
            full = torch.load(base_path, map_location="cpu")["word.weight"].float()
            rows = torch.cat([model.encoder.word.weight.data, full[torch.tensor(list(used_ids)[known:])]])
            model.encoder.word = nn.Embedding.from_pretrained(rows, freeze=False)
        return model
    state = torch.load(base_path, map_location="cpu")
    if "used_ids" in state:  # an already compact base (see experiments/compact_base.py)
        if state.pop("used_ids").tolist() != list(used_ids):
            raise SystemExit(f"{base_path} was made for other token files")
        state = {k: v.float() for k, v in state.items()}
    else:
        state = {k: v.float() for k, v in state.items()}
        state["word.weight"] = state["word.weight"][torch.tensor(used_ids)]
    layers = 1 + max(int(k.split(".")[1]) for k in state if k.startswith("layers."))
    encoder = Encoder(vocab=len(used_ids), layers=layers)
    encoder.load_state_dict(state)
    return Classifier(encoder, pooling=pooling, axis_count=axis_count, category_count=len(CATEGORIES) if aux > 0 else 0)


def predict(model, data, device, batch_size=256):
    model.eval()
    probs = []
    with torch.no_grad():
        for start in range(0, len(data), batch_size):
            ids, mask, *_ = data.batch(range(start, min(start + batch_size, len(data))), device)
            logits = model(ids, mask, torch.zeros_like(ids))[0]
            probs.append(torch.softmax(logits.float(), -1)[:, 1].cpu())
    return torch.cat(probs).numpy()


def evaluate(probs, data):
    gold = np.array(data.label) == 1
    pred = probs >= 0.5
    emgsd = np.array([s.startswith("emgsd:") for s in data.source])
    return {"dev_macro_f1": macro_f1(gold, pred), "emgsd_macro_f1": macro_f1(gold[emgsd], pred[emgsd]) if emgsd.any() else 0.0}


def batches(data, size, generator, bucket):
    """Shuffled batches. With bucket > 0, rows are sorted by length inside windows of `bucket`
    batches and the batches are shuffled again: far less padding (7.4 instead of 10.6 minutes an
    epoch on the 2-core machine), still a random order of random-ish batches."""
    order = generator.permutation(len(data))
    if bucket <= 0:
        return [order[s : s + size] for s in range(0, len(order), size)]
    lengths = np.array([len(ids) for ids in data.ids])
    out = []
    window = size * bucket
    for s in range(0, len(order), window):
        chunk = order[s : s + window]
        chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
        out.extend(chunk[i : i + size] for i in range(0, len(chunk), size))
    return [out[i] for i in generator.permutation(len(out))]


def train(cfg, train_data, dev_data, used_ids, axis_labels, device, log=print, keep_probs=False, on_epoch=None, resume=None):
    """Trains one configuration; evaluates on dev after every epoch. Returns (model, history).
    With resume (a path), the full training state is written there after every epoch and, when the file
    exists at the start, training continues after its epoch with the same batches and dropout as an
    uninterrupted run."""
    seed_everything(cfg["seed"])
    model = make_model(cfg["base"], used_ids, len(axis_labels), cfg["pooling"], cfg["aux"], cfg.get("init")).to(device)
    no_decay = lambda n: n.endswith("bias") or "norm" in n or n.startswith("encoder.word") or n.startswith("encoder.position") or n.startswith("encoder.token_type")
    groups = [
        {"params": [p for n, p in model.named_parameters() if not no_decay(n)], "weight_decay": cfg["weight_decay"]},
        {"params": [p for n, p in model.named_parameters() if no_decay(n)], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(groups, lr=cfg["lr"])
    steps_per_epoch = math.ceil(len(train_data) / cfg["batch_size"])
    total = steps_per_epoch * cfg["epochs"]
    warmup = int(total * cfg["warmup"])
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: (s + 1) / max(1, warmup) if s < warmup else max(0.0, (total - s) / max(1, total - warmup)))
    ce = nn.CrossEntropyLoss(ignore_index=-100)
    generator = np.random.default_rng(cfg["seed"])
    history = []
    first = 1
    if resume and os.path.exists(resume):
        state = torch.load(resume, map_location="cpu", weights_only=False)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        schedule.load_state_dict(state["schedule"])
        generator.bit_generator.state = state["generator"]
        torch.set_rng_state(state["torch_rng"])
        history, first = state["history"], state["epoch"] + 1
        log(f"resumed from {resume} after epoch {state['epoch']}")
    stop_after = cfg.get("stop_after") or cfg["epochs"]
    for epoch in range(first, stop_after + 1):
        model.train()
        started = time.time()
        total_loss = 0.0
        for index in batches(train_data, cfg["batch_size"], generator, cfg.get("bucket", 0)):
            ids, mask, label, category, axis, teacher = train_data.batch(index, device)
            outputs = model(ids, mask, torch.zeros_like(ids))
            if cfg.get("distill", 0) > 0 and (teacher >= 0).any():
                # Soft targets from a teacher (an ensemble's mean probability): a weighted sum of the label's
                # cross-entropy and the cross-entropy against the teacher's two-class distribution, per row.
                has = teacher >= 0
                soft = torch.stack([1 - teacher.clamp(0, 1), teacher.clamp(0, 1)], -1)
                soft_ce = -(soft * torch.log_softmax(outputs[0].float(), -1)).sum(-1)
                hard_ce = nn.functional.cross_entropy(outputs[0].float(), label, reduction="none")
                a = cfg["distill"]
                loss = torch.where(has, (1 - a) * hard_ce + a * soft_ce, hard_ce).mean()
            else:
                loss = ce(outputs[0], label)
            if model.axis_head is not None and (axis != -100).any():
                loss = loss + cfg["axis_weight"] * ce(outputs[1], axis)
            if model.category_head is not None:
                loss = loss + cfg["aux"] * ce(outputs[-1], category)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            total_loss += float(loss) * len(ids)
        entry = {"epoch": epoch, "loss": total_loss / len(train_data), "seconds": round(time.time() - started, 1)}
        if dev_data is not None:
            probs = predict(model, dev_data, device)
            entry.update(evaluate(probs, dev_data))
            if keep_probs:
                entry["probs"] = probs
        history.append(entry)
        if on_epoch is not None:
            on_epoch(model, epoch)
        if resume:
            torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "schedule": schedule.state_dict(),
                        "generator": generator.bit_generator.state, "torch_rng": torch.get_rng_state(),
                        "history": [{k: v for k, v in h.items() if k != "probs"} for h in history], "epoch": epoch}, resume + ".part")
            os.replace(resume + ".part", resume)
        log(json.dumps({k: v for k, v in entry.items() if k != "probs"} | {"config": cfg["name"]}))
    return model, history


def save(model, used_ids, axis_labels, cfg, path, dtype=torch.float32):
    """Writes the checkpoint through a .part file, so a run stopped while saving leaves no truncated one."""
    torch.save({
        "state": {k: v.detach().to("cpu", dtype) for k, v in model.state_dict().items()},
        "used_ids": used_ids,
        "axis_labels": axis_labels,
        "categories": CATEGORIES if model.category_head is not None else [],
        "config": cfg,
    }, path + ".part")
    os.replace(path + ".part", path)


DEFAULTS = {"lr": 8e-5, "epochs": 3, "batch_size": 32, "max_len": 64, "pooling": "mean", "aux": 0.5,
            "axis_weight": 0.5, "weight_decay": 0.01, "warmup": 0.1, "seed": 13, "bucket": 0, "distill": 0.0}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--base", required=True, help="base_<name>.pt from prepare.py")
    p.add_argument("--train", required=True, nargs="+", help="token files (jsonl) to train on")
    p.add_argument("--dev", help="token file for per-epoch dev figures")
    p.add_argument("--output", required=True)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    for key, value in DEFAULTS.items():
        p.add_argument("--" + key.replace("_", "-"), type=type(value), default=value)
    p.add_argument("--stop-after", type=int, default=0, help="stop after this epoch of an --epochs schedule")
    p.add_argument("--init", help="start from this fine-tuned checkpoint instead of the base encoder")
    p.add_argument("--probs-out", help="write the dev probabilities of every epoch here (.npy, [epochs, rows])")
    p.add_argument("--save-fp16", action="store_true", help="store the checkpoint in fp16 (for transfer)")
    p.add_argument("--resume", action="store_true", help="keep the training state in OUTPUT.resume after every epoch and continue from it when present")
    p.add_argument("--save-epochs", action="store_true", help="also write OUTPUT.eN after every epoch (a stopped run keeps its last epoch)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    train_rows = [r for path in a.train for r in load_rows(path)]
    dev_rows = load_rows(a.dev) if a.dev else []
    if a.init:  # keep the vocabulary and axis labels of the checkpoint being continued
        ckpt = torch.load(a.init, map_location="cpu")
        used_ids, axis_labels = list(ckpt["used_ids"]), list(ckpt["axis_labels"])
        index = {v: k for k, v in enumerate(used_ids)}
        unknown = {i for r in train_rows + dev_rows for i in r["ids"]} - index.keys()
        if unknown:  # e.g. words the tokenizer reads differently since it strips accents ("cafe" where "café" was [UNK])
            print(f"{len(unknown)} token ids are not in the vocabulary of {a.init}: added with the base model's embeddings")
            used_ids += sorted(unknown)
            index = {v: k for k, v in enumerate(used_ids)}
    else:
        used_ids, index = build_vocab(train_rows, dev_rows)
        # Auxiliary-free rows (e.g. augment/ neutral sentences) have no axis; the axis head learns from the others.
        axis_labels = sorted({r["axis"] for r in train_rows if r.get("axis")})
    cfg = {k: getattr(a, k) for k in DEFAULTS} | {"base": a.base, "init": a.init, "name": os.path.basename(a.output), "stop_after": a.stop_after}
    started = time.time()
    on_epoch = (lambda m, e: save(m, used_ids, axis_labels, cfg | {"epoch": e}, f"{a.output}.e{e}")) if a.save_epochs else None
    model, history = train(cfg, Data(train_rows, index, axis_labels, a.max_len), Data(dev_rows, index, axis_labels, a.max_len) if dev_rows else None, used_ids, axis_labels, device, keep_probs=bool(a.probs_out), on_epoch=on_epoch, resume=f"{a.output}.resume" if a.resume else None)
    if a.probs_out:
        np.save(a.probs_out, np.stack([h.pop("probs") for h in history]))
    save(model, used_ids, axis_labels, cfg | {"rows": len(train_rows), "seconds": round(time.time() - started), "device": device, "history": history}, a.output, dtype=torch.float16 if a.save_fp16 else torch.float32)
    if a.resume and os.path.exists(f"{a.output}.resume") and not 0 < a.stop_after < a.epochs:
        os.remove(f"{a.output}.resume")
    print(f"wrote {a.output} in {time.time() - started:.0f}s on {device}")


if __name__ == "__main__":
    main()
