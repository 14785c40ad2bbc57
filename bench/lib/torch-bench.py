# PyTorch (Debian python3-torch, CPU, OpenBLAS) as the native bar of the bench suite: the same three
# MLPs, the same Fashion-MNIST rows, the same batch sizes and the same calling pattern as Axon's fit()
# (one optimizer step per batch of shuffled rows, with the loss and accuracy of every batch read
# back) and predict() (one forward pass of the whole batch, probabilities back as a host array).
# Run by bench/torch.mjs, one process per configuration, with the thread count fixed in the
# environment (OMP/OpenBLAS) and in torch:
#   python3 bench/lib/torch-bench.py '{"mode": "epoch", "model": "784-100-10", "batch": 32, "threads": 1, "epochs": 3, "rows": 48000}'
#   python3 bench/lib/torch-bench.py '{"mode": "inference", "model": "784-300-100-10", "threads": 1}'
#   python3 bench/lib/torch-bench.py '{"mode": "onnx", "model": "784-300-100-10", "path": "mlp.onnx"}'
# Prints one JSON line.
import gzip
import json
import sys
import time

import numpy as np
import torch

MODELS = {
    '784-10': ([], 'rmsprop'),
    '784-100-10': ([100], 'adam'),
    '784-300-100-10': ([300, 100], 'sgd'),
}
DATA = '/usr/share/datasets/fashion-mnist/'


def idx(path):
    raw = gzip.open(path, 'rb').read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], 'big') for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def network(model_id):
    hidden, _ = MODELS[model_id]
    dims = [784, *hidden, 10]
    layers = []
    for i in range(len(dims) - 1):
        layers.append(torch.nn.Linear(dims[i], dims[i + 1]))
        if i < len(dims) - 2:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def optimizer(model_id, params):
    # Keras' defaults, as Axon's compile({ optimizer: name }) uses them.
    name = MODELS[model_id][1]
    if name == 'rmsprop':
        return torch.optim.RMSprop(params, lr=0.001, alpha=0.9, eps=1e-7)
    if name == 'adam':
        return torch.optim.Adam(params, lr=0.001, betas=(0.9, 0.999), eps=1e-7)
    return torch.optim.SGD(params, lr=0.01)


def epochs(cfg):
    rows = cfg['rows']
    x = torch.from_numpy(idx(DATA + 'train-images-idx3-ubyte.gz')[:rows].reshape(rows, 784).astype(np.float32) / 255)
    y = torch.from_numpy(idx(DATA + 'train-labels-idx1-ubyte.gz')[:rows].astype(np.int64))
    torch.manual_seed(1)
    net = network(cfg['model'])
    opt = optimizer(cfg['model'], net.parameters())
    loss_fn = torch.nn.CrossEntropyLoss()
    batch = cfg['batch']
    seconds = []
    for _ in range(cfg['epochs']):
        t0 = time.perf_counter()
        order = torch.randperm(rows)
        total_loss, correct = 0.0, 0
        for start in range(0, rows, batch):
            rows_b = order[start:start + batch]
            xb, yb = x[rows_b], y[rows_b]
            opt.zero_grad(set_to_none=True)
            out = net(xb)
            loss = loss_fn(out, yb)
            loss.backward()
            opt.step()
            total_loss += loss.item() * len(rows_b)
            correct += (out.argmax(1) == yb).sum().item()
        seconds.append(time.perf_counter() - t0)
    return {'epochSeconds': seconds, 'loss': total_loss / rows, 'accuracy': correct / rows}


def inference(cfg):
    torch.manual_seed(1)
    net = network(cfg['model']).eval()
    out = {}
    for batch in (1, 32, 1024):
        x = torch.rand(batch, 784)

        def call():
            with torch.no_grad():
                return torch.softmax(net(x), dim=1).numpy()

        for _ in range(20):
            call()
        reps = max(5, int(0.05 / max(1e-6, timed(call))))
        samples = []
        for _ in range(15):
            t0 = time.perf_counter()
            for _ in range(reps):
                call()
            samples.append((time.perf_counter() - t0) / reps)
        out[str(batch)] = min(samples) * 1e6
    return {'microsecondsPerCall': out}


def timed(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def export_onnx(cfg):
    # The 784-300-100-10 MLP with its softmax, for ONNX Runtime's rows (batch dimension dynamic).
    torch.manual_seed(1)
    net = torch.nn.Sequential(network(cfg['model']), torch.nn.Softmax(dim=1)).eval()
    torch.onnx.export(net, torch.rand(1, 784), cfg['path'], input_names=['x'], output_names=['y'],
                      dynamic_axes={'x': {0: 'batch'}, 'y': {0: 'batch'}}, opset_version=13)
    return {'path': cfg['path']}


def main():
    cfg = json.loads(sys.argv[1])
    if cfg['mode'] == 'onnx':
        print(json.dumps(export_onnx(cfg)))
        return
    torch.set_num_threads(cfg['threads'])
    torch.set_num_interop_threads(1)
    result = epochs(cfg) if cfg['mode'] == 'epoch' else inference(cfg)
    result.update({'torch': torch.__version__, 'threads': torch.get_num_threads(), 'config': cfg})
    print(json.dumps(result))


if __name__ == '__main__':
    main()
