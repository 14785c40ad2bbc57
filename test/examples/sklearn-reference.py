#!/usr/bin/python3
"""scikit-learn's figures for the examples' tests (Debian's python3-sklearn).

  sklearn-reference.py perceptron                 the Perceptron of examples/perceptron-iris.mjs
  sklearn-reference.py sgd-cv ROWS MAX_ITER       examples/sgd-baseline.mjs's cross-validation on the first ROWS images

Prints one JSON object.
"""
import gzip
import json
import sys

import numpy as np
from sklearn.datasets import load_iris
from sklearn.linear_model import Perceptron, SGDClassifier
from sklearn.model_selection import cross_validate


def perceptron():
    iris = load_iris()
    x_petals = iris.data[:, (2, 3)]
    setosa = Perceptron(random_state=42).fit(x_petals, (iris.target == 0).astype(int))
    every = Perceptron(random_state=42).fit(iris.data, iris.target)
    return {
        'setosa': {'predictions': setosa.predict(x_petals).tolist(), 'at_2_05': int(setosa.predict([[2, 0.5]])[0]),
                   'accuracy': setosa.score(x_petals, (iris.target == 0).astype(int))},
        'all': {'predictions': every.predict(iris.data).tolist(), 'accuracy': every.score(iris.data, iris.target)},
    }


def fashion(rows):
    root = '/usr/share/datasets/fashion-mnist/'
    with gzip.open(root + 'train-images-idx3-ubyte.gz') as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784)[:rows]
    with gzip.open(root + 'train-labels-idx1-ubyte.gz') as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)[:rows]
    return images.astype(np.float32) / 255.0, labels.astype(np.int64)


def sgd_cv(rows, max_iter):
    import warnings
    warnings.simplefilter('ignore')
    x, y = fashion(rows)
    scores = cross_validate(SGDClassifier(loss='log_loss', max_iter=max_iter, random_state=42), x, y)
    return {'test_score': scores['test_score'].tolist()}


if __name__ == '__main__':
    mode = sys.argv[1]
    result = perceptron() if mode == 'perceptron' else sgd_cv(int(sys.argv[2]), int(sys.argv[3]))
    print(json.dumps(result))
