# Runs a torch.optim optimizer in float64 on one parameter for the given gradients and prints the
# parameter after every step, as JSON. Input (stdin): {"optimizer", "options", "w", "grads"}.
import json
import sys

import torch

spec = json.load(sys.stdin)
w = torch.tensor(spec["w"], dtype=torch.float64, requires_grad=True)
options = dict(spec["options"])
if "betas" in options:
    options["betas"] = tuple(options["betas"])
optimizer = getattr(torch.optim, spec["optimizer"])([w], **options)
after = []
for g in spec["grads"]:
    w.grad = torch.tensor(g, dtype=torch.float64)
    optimizer.step()
    after.append(w.detach().tolist())
print(json.dumps(after))
