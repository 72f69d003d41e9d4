"""Weight average ("model soup") of train.py checkpoints of one lineage: python3 experiments/soup.py OUT.pt A.pt B.pt [...]
The last checkpoint gives the configuration and the non-float tensors. Embedding rows are aligned by token id
(train.py --init appends the ids a stage's data adds, so two stages from one parent can each have ids the other lacks):
the soup's vocabulary is the union, and each row is the mean over the checkpoints that have that id.
Measured in training/EXPERIMENTS.md."""
import sys, torch
out, paths = sys.argv[1], sys.argv[2:]
ckpts = [torch.load(p, map_location="cpu") for p in paths]
base = ckpts[-1]
ids = list(base["used_ids"])
index = {t: r for r, t in enumerate(ids)}
for c in ckpts[:-1]:
    for t in c["used_ids"]:
        if t not in index:
            index[t] = len(ids); ids.append(t)
state = {}
for k, v in base["state"].items():
    if not torch.is_floating_point(v):
        state[k] = v; continue
    if k == "encoder.word.weight":
        acc = torch.zeros(len(ids), v.shape[1]); n = torch.zeros(len(ids))
        for c in ckpts:
            rows = torch.tensor([index[int(t)] for t in c["used_ids"]])
            acc[rows] += c["state"][k].float(); n[rows] += 1
        state[k] = acc / n[:, None]
    else:
        state[k] = sum(c["state"][k].float() for c in ckpts) / len(ckpts)
base["state"] = state
base["used_ids"] = ids
base["config"] = dict(base["config"], soup=paths)
torch.save(base, out)
print("soup of", len(paths), "->", out, f"({len(ids)} token ids)")
