#!/usr/bin/python3
"""Writes the PyTorch-exported ONNX models that test/onnx/import.test.ts imports, with their inputs
and torch's outputs, under test/fixtures/onnx/.

Run with Debian's interpreter (python3-torch, python3-onnx): /usr/bin/python3 scripts/onnx-fixtures.py
Seeds are fixed; the models are checked with onnx.checker before they are written.

- torch-mlp.onnx: a torch.nn.Sequential MLP on [N, 2, 4] inputs (Flatten, Linear+ReLU, Dropout,
  Linear+Sigmoid, Linear+Softmax), as most PyTorch users would export one: nn.Linear becomes Gemm
  with transB=1.
- torch-two-input.onnx: two inputs and two outputs joined by Concat, Add, Sub, Mul, Max, a Reshape
  to [N, 4, 8] followed by a Linear on the last axis (MatMul + Add) and a Flatten.
"""
import json
import os

import onnx
import torch
from torch import nn

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'onnx')
OPSET = 13
BATCH = 5


class TwoInput(nn.Module):
    def __init__(self):
        super().__init__()
        self.left = nn.Linear(6, 8)
        self.right = nn.Linear(3, 8)
        self.mix = nn.Linear(8, 5)
        self.head = nn.Linear(4 * 5, 3)
        self.side = nn.Linear(8, 2)

    def forward(self, a, b):
        ha = torch.relu(self.left(a))
        hb = torch.tanh(self.right(b))
        merged = torch.cat([ha + hb, ha - hb, ha * hb, torch.maximum(ha, hb)], dim=1)  # [N, 32]
        per_row = self.mix(merged.reshape(-1, 4, 8))  # [N, 4, 5]: Linear on the last axis
        out = torch.softmax(self.head(torch.flatten(per_row, 1)), dim=-1)
        return out, torch.sigmoid(self.side(ha))


def export(name, model, inputs, input_names, output_names):
    model.eval()
    path = os.path.join(ROOT, name + '.onnx')
    axes = {n: {0: 'batch'} for n in input_names + output_names}
    torch.onnx.export(model, tuple(inputs), path, opset_version=OPSET, input_names=input_names,
                      output_names=output_names, dynamic_axes=axes, do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path))
    with torch.no_grad():
        outputs = model(*inputs)
    outputs = outputs if isinstance(outputs, tuple) else (outputs,)
    record = {
        'inputs': {n: {'shape': list(x.shape), 'data': x.flatten().tolist()} for n, x in zip(input_names, inputs)},
        'outputs': {n: {'shape': list(y.shape), 'data': y.flatten().tolist()} for n, y in zip(output_names, outputs)},
        'ops': sorted({node.op_type for node in onnx.load(path).graph.node}),
    }
    with open(os.path.join(ROOT, name + '.json'), 'w') as f:
        json.dump(record, f, indent=1)
        f.write('\n')


def main():
    os.makedirs(ROOT, exist_ok=True)
    torch.manual_seed(7)
    mlp = nn.Sequential(
        nn.Flatten(),
        nn.Linear(8, 16), nn.ReLU(),
        nn.Dropout(0.25),
        nn.Linear(16, 12), nn.Sigmoid(),
        nn.Linear(12, 4), nn.Softmax(dim=-1),
    )
    export('torch-mlp', mlp, [torch.randn(BATCH, 2, 4)], ['x'], ['probabilities'])
    torch.manual_seed(8)
    export('torch-two-input', TwoInput(), [torch.randn(BATCH, 6), torch.randn(BATCH, 3)], ['a', 'b'], ['out', 'side'])


if __name__ == '__main__':
    main()
