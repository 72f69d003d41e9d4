"""Weight average ("model soup") of train.py checkpoints of one lineage: python3 soup.py OUT.pt A.pt B.pt [...]
The last checkpoint gives the vocabulary (train.py --init only appends ids), the configuration and the non-float tensors;
embedding rows that only later checkpoints have keep their values. Measured in training/README.md (not shipped)."""
import sys, torch
out, paths = sys.argv[1], sys.argv[2:]
ckpts = [torch.load(p, map_location="cpu") for p in paths]
base = ckpts[-1]  # the newest: its vocabulary is a superset (train.py --init appends ids)
ids = list(base["used_ids"])
state = {}
for k, v in base["state"].items():
    if not torch.is_floating_point(v):
        state[k] = v; continue
    acc = v.float().clone(); n = torch.ones(v.shape[0]) if k == "encoder.word.weight" else None
    for c in ckpts[:-1]:
        w = c["state"][k].float()
        if k == "encoder.word.weight":
            rows = len(c["used_ids"]); assert list(c["used_ids"]) == ids[:rows]
            acc[:rows] += w; n[:rows] += 1
        else:
            acc += w
    state[k] = (acc / n[:, None]) if n is not None else acc / len(ckpts)
base["state"] = state
base["config"] = dict(base["config"], soup=paths)
torch.save(base, out)
print("soup of", len(paths), "->", out)
