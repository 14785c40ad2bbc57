#!/usr/bin/python3
"""Reference numbers for test/estimators from scikit-learn itself.

Run with Debian's interpreter (python3-sklearn, python3-numpy):
    /usr/bin/python3 scripts/make-sklearn-fixtures.py            # test/fixtures/sklearn/*.json
    /usr/bin/python3 scripts/make-sklearn-fixtures.py --fashion-cv   # also time the 5-fold CV on real data
The inputs the tests need (scaled breast cancer, the Fashion-MNIST subset) are written next to the
results, rounded to float32, so both sides train on identical numbers.
"""
import gzip
import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import Perceptron, SGDClassifier
from sklearn.linear_model._sgd_fast import (
    EpsilonInsensitive, Hinge, Huber, Log, ModifiedHuber, SquaredHinge, SquaredLoss,
)
from sklearn.model_selection import cross_validate
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import StandardScaler

OUT = Path(__file__).resolve().parent.parent / "test" / "fixtures" / "sklearn"
FASHION = Path("/usr/share/datasets/fashion-mnist")
warnings.simplefilter("ignore", ConvergenceWarning)


def f32(a):
    # Axon trains on float32 inputs; give scikit-learn the same values in float64.
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def idx(name):
    with gzip.open(FASHION / name, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def linear_record(est, X, y, extra=None):
    rec = {
        "coef": est.coef_.tolist(),
        "intercept": est.intercept_.tolist(),
        "nIter": int(est.n_iter_),
        "t": float(est.t_),
        "score": float(est.score(X, y)),
        "predict": est.predict(X).tolist(),
        "decision": np.asarray(est.decision_function(X[:10])).tolist(),
    }
    if extra:
        rec.update(extra)
    return rec


# Every loss of the plain-SGD core at its kinks, clipping bounds and far tails (|p·y| = 18 is where
# the log loss switches formulas; ±1 the hinge margins; |p − y| = epsilon the regression kinks).
# Keys are the loss codes of assembly/linear-models.ts.
LOSS_P = [-40.0, -18.5, -18.0, -17.5, -3.0, -1.0, -0.75, -0.5, 0.0, 0.25, 0.5, 0.6, 1.0, 1.5, 2.0, 17.5, 18.0, 18.5, 40.0]


def sgd_losses():
    classification = [(0, None, Log()), (1, None, Hinge(1.0)), (2, None, ModifiedHuber()),
                      (3, None, Hinge(0.0)), (4, None, SquaredHinge(1.0))]
    regression = [(5, 0.1, SquaredLoss())]
    for eps in (0.1, 0.5):
        regression += [(6, eps, Huber(eps)), (7, eps, EpsilonInsensitive(eps))]
    cases = []
    for code, eps, loss in classification:
        rows = [[p, y, loss.py_loss(p, y), loss.py_dloss(p, y)] for p in LOSS_P for y in (1.0, -1.0)]
        cases.append({"code": code, "epsilon": 0.1, "rows": rows})
    for code, eps, loss in regression:
        rows = [[p, y, loss.py_loss(p, y), loss.py_dloss(p, y)] for p in LOSS_P for y in (0.0, 0.5, -1.25, 3.0)]
        cases.append({"code": code, "epsilon": eps, "rows": rows})
    return cases


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    iris = load_iris()
    Xi = f32(iris.data)
    yi = iris.target
    Xi_s = f32(StandardScaler().fit_transform(Xi))
    cancer = load_breast_cancer()
    Xc = f32(StandardScaler().fit_transform(cancer.data))
    yc = cancer.target

    out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "cases": {}}
    cases = out["cases"]

    # The book's example: petal length and width, "is setosa".
    Xp = Xi[:, 2:4]
    ys = (yi == 0).astype(np.int64)
    p = Perceptron(max_iter=1000, tol=1e-3, random_state=42).fit(Xp, ys)
    cases["perceptron_setosa"] = linear_record(p, Xp, ys, {"predict_2_05": int(p.predict([[2, 0.5]])[0])})

    configs = [
        ("perceptron_iris_noshuffle", "iris", Perceptron, dict(shuffle=False)),
        ("perceptron_iris_shuffle", "iris", Perceptron, dict(random_state=0)),
        ("perceptron_cancer_l2", "cancer", Perceptron, dict(penalty="l2", alpha=1e-3, random_state=3)),
        ("perceptron_cancer_balanced", "cancer", Perceptron, dict(class_weight="balanced", random_state=5)),
        ("sgd_log_cancer", "cancer", SGDClassifier, dict(loss="log_loss", random_state=42)),
        ("sgd_log_cancer_noshuffle", "cancer", SGDClassifier, dict(loss="log_loss", shuffle=False, max_iter=20, tol=None)),
        ("sgd_hinge_iris", "iris_s", SGDClassifier, dict(random_state=42)),
        ("sgd_modhuber_iris", "iris_s", SGDClassifier, dict(loss="modified_huber", random_state=1)),
        ("sgd_sqhinge_cancer", "cancer", SGDClassifier, dict(loss="squared_hinge", random_state=7)),
        ("sgd_l1_cancer", "cancer", SGDClassifier, dict(loss="log_loss", penalty="l1", alpha=1e-3, random_state=2)),
        ("sgd_elasticnet_iris", "iris_s", SGDClassifier, dict(loss="log_loss", penalty="elasticnet", alpha=1e-3, random_state=4)),
        ("sgd_invscaling_iris", "iris_s", SGDClassifier, dict(loss="log_loss", learning_rate="invscaling", eta0=0.1, random_state=0)),
        ("sgd_constant_cancer", "cancer", SGDClassifier, dict(loss="hinge", learning_rate="constant", eta0=0.01, random_state=0)),
        ("sgd_adaptive_cancer", "cancer", SGDClassifier, dict(loss="log_loss", learning_rate="adaptive", eta0=0.1, random_state=0)),
        ("sgd_early_iris", "iris_s", SGDClassifier, dict(loss="log_loss", early_stopping=True, random_state=0)),
        ("sgd_nointercept_cancer", "cancer", SGDClassifier, dict(loss="log_loss", fit_intercept=False, random_state=0)),
        # eta0·alpha = 0.25 shrinks the weight scale below 1e-9 every 72 samples, so it is folded into w.
        ("sgd_l2_fold_cancer", "cancer", SGDClassifier, dict(learning_rate="constant", eta0=0.5, alpha=0.5, max_iter=3, tol=None, random_state=0)),
    ]
    data = {"iris": (Xi, yi), "iris_s": (Xi_s, yi), "cancer": (Xc, yc)}
    for name, ds, cls, kw in configs:
        X, y = data[ds]
        est = cls(**kw).fit(X, y)
        extra = {"dataset": ds, "params": kw, "estimator": cls.__name__}
        if getattr(est, "loss", None) in ("log_loss", "modified_huber"):
            extra["proba"] = est.predict_proba(X[:10]).tolist()
        cases[name] = linear_record(est, X, y, extra)

    # Fashion-MNIST subset: the seed's logistic regression on fewer images.
    xtr = idx("train-images-idx3-ubyte.gz").reshape(-1, 784)[:3000]
    ytr = idx("train-labels-idx1-ubyte.gz")[:3000].astype(np.int64)
    xte = idx("t10k-images-idx3-ubyte.gz").reshape(-1, 784)[:1000]
    yte = idx("t10k-labels-idx1-ubyte.gz")[:1000].astype(np.int64)
    Xf = f32(xtr / 255.0)
    Xft = f32(xte / 255.0)
    start = time.perf_counter()
    est = SGDClassifier(loss="log_loss", max_iter=5, random_state=42).fit(Xf, ytr)
    fit_s = time.perf_counter() - start
    cases["sgd_fashion_subset"] = {
        "coef": est.coef_.tolist(), "intercept": est.intercept_.tolist(), "nIter": int(est.n_iter_),
        "trainScore": float(est.score(Xf, ytr)), "testScore": float(est.score(Xft, yte)),
        "predictTest": est.predict(Xft).tolist(), "fitSeconds": fit_s,
    }
    # One epoch is short enough to agree to rounding; later epochs amplify last-bit differences.
    one = SGDClassifier(loss="log_loss", max_iter=1, tol=None, random_state=42).fit(Xf, ytr)
    cases["sgd_fashion_subset"]["epoch1Coef"] = one.coef_.tolist()
    cases["sgd_fashion_subset"]["epoch1Intercept"] = one.intercept_.tolist()

    # Multi-layer perceptrons: iris (softmax), breast cancer (logistic output), diabetes (regression).
    mlp_cases = [
        ("mlp_iris_adam", "iris_s", MLPClassifier, dict(hidden_layer_sizes=(10,), max_iter=300, random_state=1)),
        ("mlp_cancer_sgd", "cancer", MLPClassifier, dict(hidden_layer_sizes=(16, 8), solver="sgd", learning_rate_init=0.01, max_iter=100, random_state=0)),
        ("mlp_iris_tanh_noshuffle", "iris_s", MLPClassifier, dict(hidden_layer_sizes=(8,), activation="tanh", shuffle=False, max_iter=50, alpha=1e-2, random_state=2)),
        ("mlp_cancer_early", "cancer", MLPClassifier, dict(hidden_layer_sizes=(20,), early_stopping=True, max_iter=200, random_state=0)),
        ("mlp_diabetes", "diabetes", MLPRegressor, dict(hidden_layer_sizes=(32,), max_iter=200, learning_rate_init=0.01, random_state=0)),
    ]
    diabetes = load_diabetes()
    Xd = f32(StandardScaler().fit_transform(diabetes.data))
    yd = f32(diabetes.target)
    data["diabetes"] = (Xd, yd)
    for name, ds, cls, kw in mlp_cases:
        X, y = data[ds]
        est = cls(**kw).fit(X, y)
        rec = {
            "dataset": ds, "params": {k: list(v) if isinstance(v, tuple) else v for k, v in kw.items()}, "estimator": cls.__name__,
            "lossCurve": list(map(float, est.loss_curve_)), "nIter": int(est.n_iter_),
            "bestLoss": None if est.best_loss_ is None else float(est.best_loss_),
            "score": float(est.score(X, y)), "predict": est.predict(X).tolist(),
            "coefs": [c.tolist() for c in est.coefs_], "intercepts": [b.tolist() for b in est.intercepts_],
        }
        if getattr(est, "validation_scores_", None) is not None:
            rec["validationScores"] = list(map(float, est.validation_scores_))
            rec["bestValidationScore"] = float(est.best_validation_score_)
        if cls is MLPClassifier:
            rec["proba"] = est.predict_proba(X[:10]).tolist()
        cases[name] = rec

    inputs = {
        "cancer": {"x": Xc.astype(np.float32).tolist(), "y": yc.tolist()},
        "irisScaled": {"x": Xi_s.astype(np.float32).tolist()},
        "diabetes": {"x": Xd.astype(np.float32).tolist(), "y": yd.tolist()},
    }
    (OUT / "results.json").write_text(json.dumps(out))
    (OUT / "inputs.json").write_text(json.dumps(inputs))
    (OUT / "sgd-losses.json").write_text(json.dumps({"sklearn": sklearn.__version__, "cases": sgd_losses()}))

    if "--fashion-cv" in sys.argv:
        X = idx("train-images-idx3-ubyte.gz").reshape(-1, 784) / 255.0
        y = idx("train-labels-idx1-ubyte.gz")
        start = time.perf_counter()
        cv = cross_validate(SGDClassifier(loss="log_loss", max_iter=5, random_state=42), X, y, cv=5, n_jobs=1)
        total = time.perf_counter() - start
        report = {"meanTestScore": float(np.mean(cv["test_score"])), "testScore": cv["test_score"].tolist(),
                  "fitTime": cv["fit_time"].tolist(), "totalSeconds": total}
        (OUT / "fashion-cv.json").write_text(json.dumps(report, indent=1))
        print(json.dumps(report))


if __name__ == "__main__":
    main()
