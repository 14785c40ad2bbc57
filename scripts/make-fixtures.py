#!/usr/bin/python3
"""Writes the small data fixtures under test/fixtures/ and the values numpy/scikit-learn expect.

Run with Debian's interpreter (python3-numpy, python3-sklearn): /usr/bin/python3 scripts/make-fixtures.py
Output is deterministic (fixed seeds, zip/gzip/tar timestamps pinned) so re-running gives no diff.
"""
import gzip
import io
import json
import os
import pickle
import struct
import tarfile
import time
import types
import warnings
import zipfile

import numpy as np
from sklearn.model_selection import KFold, StratifiedKFold, train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.datasets import load_iris

# StratifiedKFold warns that one class is smaller than n_splits=4; that case is deliberate.
warnings.filterwarnings('ignore', category=UserWarning)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures')
EXPECTED = {}


def path(*parts):
    p = os.path.join(ROOT, *parts)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def write(name, data):
    with open(path(name), 'wb') as f:
        f.write(data)


def gz(data):
    return gzip.compress(data, mtime=0)


def npy_bytes(array, version=None, allow_pickle=True):
    b = io.BytesIO()
    np.lib.format.write_array(b, np.asanyarray(array), version=version, allow_pickle=allow_pickle)
    return b.getvalue()


def npy_with_pickle(array, protocol):
    """An object-array .npy whose pickle uses another protocol than np.save's fixed 3."""
    header = {'descr': '|O', 'fortran_order': False, 'shape': array.shape}
    b = io.BytesIO()
    np.lib.format.write_array_header_1_0(b, header)
    return b.getvalue() + pickle.dumps(array, protocol=protocol)


def npz_bytes(arrays, compressed):
    """Like np.savez / np.savez_compressed (zip64 local headers included), with pinned timestamps."""
    b = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if compressed else zipfile.ZIP_STORED
    with zipfile.ZipFile(b, 'w', compression=method, allowZip64=True) as z:
        for key, value in arrays.items():
            info = zipfile.ZipInfo(key + '.npy', date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = method
            with z.open(info, 'w', force_zip64=True) as f:
                np.lib.format.write_array(f, np.asanyarray(value), allow_pickle=True)
    return b.getvalue()


def object_array(lists):
    out = np.empty(len(lists), dtype=object)
    for i, x in enumerate(lists):
        out[i] = list(x)
    return out


def idx_bytes(array, type_byte):
    dims = b''.join(struct.pack('>I', d) for d in array.shape)
    big = array.astype(array.dtype.newbyteorder('>'))
    return bytes([0, 0, type_byte, array.ndim]) + dims + big.tobytes()


# --- IDX -------------------------------------------------------------------------------------
rng = np.random.RandomState(0)
images = rng.randint(0, 256, size=(3, 4, 5)).astype(np.uint8)
write('idx/images-u8.idx', idx_bytes(images, 0x08))
write('idx/images-u8.idx.gz', gz(idx_bytes(images, 0x08)))
ints = np.array([[1, -2, 300], [70000, -70000, 0]], dtype=np.int32)
write('idx/ints-i32.idx', idx_bytes(ints, 0x0C))
floats = np.array([0.5, -1.25, 3.0, 1e-3], dtype=np.float32)
write('idx/floats-f32.idx', idx_bytes(floats, 0x0D))
EXPECTED['idx'] = {'images': images.tolist(), 'ints': ints.tolist(), 'floats': floats.tolist()}

# A miniature Fashion-MNIST with the real file names: 7 training and 4 test images.
fm = {}
for split, n in (('train', 7), ('t10k', 4)):
    x = rng.randint(0, 256, size=(n, 28, 28)).astype(np.uint8)
    y = rng.randint(0, 10, size=n).astype(np.uint8)
    write(f'fashion-mnist/{split}-images-idx3-ubyte.gz', gz(idx_bytes(x, 0x08)))
    write(f'fashion-mnist/{split}-labels-idx1-ubyte.gz', gz(idx_bytes(y, 0x08)))
    fm[split] = {'labels': y.tolist(), 'pixelSum': int(x.astype(np.int64).sum()), 'firstRow': x[0, 0].tolist()}
EXPECTED['fashionMnist'] = fm

# --- .npy ------------------------------------------------------------------------------------
numeric = {
    'u1': np.array([[0, 1, 255], [7, 8, 9]], dtype='<u1'),
    'i4': np.array([-3, 0, 2147483647], dtype='<i4'),
    'i8': np.array([[-5, 6], [7, 1 << 40]], dtype='<i8'),
    'f4': np.array([1.5, -2.25, 1e30], dtype='<f4'),
    'f8': np.array([[0.1, 0.2, 0.3]], dtype='<f8'),
    'b1': np.array([True, False, True]),
    'be-i4': np.array([1, -2, 65536], dtype='>i4'),
    'be-f8': np.array([1.5, -0.1], dtype='>f8'),
    'fortran-f8': np.asfortranarray(np.arange(6, dtype='<f8').reshape(2, 3)),
    'fortran-i4-3d': np.asfortranarray(np.arange(24, dtype='<i4').reshape(2, 3, 4)),
    'scalar-f8': np.array(2.5),
    'empty-f4': np.zeros((0, 3), dtype='<f4'),
}
npy_expected = {}
for name, array in numeric.items():
    write(f'npy/{name}.npy', npy_bytes(array))
    npy_expected[name] = {'dtype': array.dtype.str, 'shape': list(array.shape),
                          'values': [str(v) if array.dtype.kind == 'i' and array.dtype.itemsize == 8 else v
                                     for v in np.ravel(array, order='C').tolist()]}
write('npy/f8-v2.npy', npy_bytes(numeric['f8'], version=(2, 0)))
write('npy/f8-v3.npy', npy_bytes(numeric['f8'], version=(3, 0)))

sequences = object_array([[1, 2, 3], [], [4, 70000, 1 << 40], [255, 256, 65535, 65536, -1, -300]])
write('npy/object-lists.npy', npy_bytes(sequences))
write('npy/object-lists-p2.npy', npy_with_pickle(sequences, 2))
write('npy/object-lists-p4.npy', npy_with_pickle(sequences, 4))
write('npy/object-lists-p5.npy', npy_with_pickle(sequences, 5))
# What Python 2's np.save wrote (Keras' older files): protocol 2 with `str` as SHORT_BINSTRING.
py2 = npy_bytes(sequences).replace(b'\x80\x03', b'\x80\x02', 1).replace(b'C\x01b', b'U\x01b', 1)
write('npy/object-lists-py2.npy', py2)
assert np.load(path('npy/object-lists-py2.npy'), allow_pickle=True, encoding='latin1').tolist() == sequences.tolist()
nested = np.empty(2, dtype=object)
nested[0] = np.array([1, 2, 3], dtype='<i8')
nested[1] = np.array([4], dtype='<i8')
write('npy/object-ndarrays.npy', npy_bytes(nested))
npy_expected['object-lists'] = {'dtype': '|O', 'shape': [4], 'values': sequences.tolist()}
npy_expected['object-ndarrays'] = {'dtype': '|O', 'shape': [2], 'values': [[1, 2, 3], [4]]}

# Unsupported or hostile content, each of which must be refused with a FormatError.
write('npy/bad-complex.npy', npy_bytes(np.array([1 + 2j], dtype='<c16')))
write('npy/bad-structured.npy', npy_bytes(np.zeros(2, dtype=[('a', '<i4'), ('b', '<f8')])))
dicts = np.empty(1, dtype=object)
dicts[0] = {'a': 1}
write('npy/bad-dict.npy', npy_bytes(dicts))
header = io.BytesIO()
np.lib.format.write_array_header_1_0(header, {'descr': '|O', 'fortran_order': False, 'shape': (1,)})
write('npy/bad-evil.npy', header.getvalue() + b"cos\nsystem\n(S'echo pwned'\ntR.")
EXPECTED['npy'] = npy_expected

# --- .npz ------------------------------------------------------------------------------------
pair = {'a': numeric['f8'], 'b': numeric['i8'], 'seqs': sequences}
write('npz/stored.npz', npz_bytes(pair, compressed=False))
write('npz/deflated.npz', npz_bytes(pair, compressed=True))
# One archive from numpy's own writer; zipfile stamps entries with the current time, so pin it.
zipfile.time = types.SimpleNamespace(time=lambda: 315576000.0, localtime=lambda t=None: time.gmtime(t))
with open(path('npz/numpy-savez.npz'), 'wb') as f:
    np.savez_compressed(f, x=numeric['u1'])
zipfile.time = time
for key, value in np.load(path('npz/deflated.npz'), allow_pickle=True).items():
    assert np.array_equal(value, pair[key]) if key != 'seqs' else value.tolist() == sequences.tolist()

# --- Keras-format text datasets and the expected output of Keras' own algorithm ---------------
def keras_remove_long_seq(maxlen, seq, label):
    new_seq, new_label = [], []
    for x, y in zip(seq, label):
        if len(x) < maxlen:
            new_seq.append(x)
            new_label.append(y)
    return new_seq, new_label


def keras_imdb(f, num_words=None, skip_top=0, maxlen=None, seed=113, start_char=1, oov_char=2, index_from=3):
    """keras/src/datasets/imdb.py load_data, after the file is read."""
    x_train, labels_train = f['x_train'], f['y_train']
    x_test, labels_test = f['x_test'], f['y_test']
    rng = np.random.RandomState(seed)
    indices = np.arange(len(x_train))
    rng.shuffle(indices)
    x_train = x_train[indices]
    labels_train = labels_train[indices]
    indices = np.arange(len(x_test))
    rng.shuffle(indices)
    x_test = x_test[indices]
    labels_test = labels_test[indices]
    if start_char is not None:
        x_train = [[start_char] + [w + index_from for w in x] for x in x_train]
        x_test = [[start_char] + [w + index_from for w in x] for x in x_test]
    elif index_from:
        x_train = [[w + index_from for w in x] for x in x_train]
        x_test = [[w + index_from for w in x] for x in x_test]
    else:
        x_train = [[w for w in x] for x in x_train]
        x_test = [[w for w in x] for x in x_test]
    if maxlen:
        x_train, labels_train = keras_remove_long_seq(maxlen, x_train, labels_train)
        x_test, labels_test = keras_remove_long_seq(maxlen, x_test, labels_test)
    xs = x_train + x_test
    labels = np.concatenate([labels_train, labels_test])
    if not num_words:
        num_words = max(max(x) for x in xs)
    if oov_char is not None:
        xs = [[w if (skip_top <= w < num_words) else oov_char for w in x] for x in xs]
    else:
        xs = [[w for w in x if skip_top <= w < num_words] for x in xs]
    idx = len(x_train)
    return {'xTrain': xs[:idx], 'yTrain': labels[:idx].tolist(), 'xTest': xs[idx:], 'yTest': labels[idx:].tolist()}


def keras_reuters(f, num_words=None, skip_top=0, maxlen=None, test_split=0.2, seed=113, start_char=1, oov_char=2, index_from=3):
    """keras/src/datasets/reuters.py load_data, after the file is read."""
    xs, labels = f['x'], f['y']
    rng = np.random.RandomState(seed)
    indices = np.arange(len(xs))
    rng.shuffle(indices)
    xs = xs[indices]
    labels = labels[indices]
    if start_char is not None:
        xs = [[start_char] + [w + index_from for w in x] for x in xs]
    elif index_from:
        xs = [[w + index_from for w in x] for x in xs]
    if maxlen:
        xs, labels = keras_remove_long_seq(maxlen, xs, labels)
    if not num_words:
        num_words = max(max(x) for x in xs)
    if oov_char is not None:
        xs = [[w if skip_top <= w < num_words else oov_char for w in x] for x in xs]
    else:
        xs = [[w for w in x if skip_top <= w < num_words] for x in xs]
    idx = int(len(xs) * (1 - test_split))
    return {'xTrain': [list(x) for x in xs[:idx]], 'yTrain': np.array(labels[:idx]).tolist(),
            'xTest': [list(x) for x in xs[idx:]], 'yTest': np.array(labels[idx:]).tolist()}


def random_sequences(n, vocab):
    return object_array([rng.randint(1, vocab, size=rng.randint(1, 12)).tolist() for _ in range(n)])


imdb = {'x_train': random_sequences(12, 40), 'y_train': rng.randint(0, 2, 12).astype('<i8'),
        'x_test': random_sequences(9, 40), 'y_test': rng.randint(0, 2, 9).astype('<i8')}
write('imdb/imdb.npz', npz_bytes(imdb, compressed=True))
write('imdb/imdb_word_index.json', json.dumps({'the': 1, 'and': 2, 'a': 3, 'of': 4}).encode())
imdb_cases = {
    'defaults': {},
    'numWords': {'num_words': 20},
    'skipTop': {'num_words': 25, 'skip_top': 5},
    'maxlen': {'maxlen': 8},
    'noOov': {'num_words': 15, 'oov_char': None},
    'noStart': {'start_char': None, 'index_from': 0},
    'seed': {'seed': 7},
}
EXPECTED['imdb'] = {
    name: {'options': kw, 'result': keras_imdb(imdb, **kw)} for name, kw in imdb_cases.items()
}

reuters = {'x': random_sequences(23, 60), 'y': rng.randint(0, 46, 23).astype('<i8')}
write('reuters/reuters.npz', npz_bytes(reuters, compressed=False))
reuters_cases = {
    'defaults': {},
    'numWords': {'num_words': 30, 'skip_top': 2},
    'maxlen': {'maxlen': 9, 'test_split': 0.3},
    'seed': {'seed': 1, 'oov_char': None, 'num_words': 40},
}
EXPECTED['reuters'] = {
    name: {'options': kw, 'result': keras_reuters(reuters, **kw)} for name, kw in reuters_cases.items()
}

mnist = {'x_train': rng.randint(0, 256, (3, 28, 28)).astype(np.uint8), 'y_train': np.array([5, 0, 4], np.uint8),
         'x_test': rng.randint(0, 256, (2, 28, 28)).astype(np.uint8), 'y_test': np.array([7, 2], np.uint8)}
write('mnist/mnist.npz', npz_bytes(mnist, compressed=True))
EXPECTED['mnist'] = {'yTrain': [5, 0, 4], 'yTest': [7, 2], 'xTrainSum': int(mnist['x_train'].astype(np.int64).sum())}

# --- California housing: the raw cal_housing.tgz layout and scikit-learn's transform ---------
raw = np.column_stack([
    rng.uniform(-124, -114, 10).round(2), rng.uniform(32, 42, 10).round(2), rng.randint(1, 52, 10),
    rng.randint(100, 5000, 10), rng.randint(20, 900, 10), rng.randint(50, 3000, 10), rng.randint(20, 900, 10),
    rng.uniform(0.5, 15, 10).round(4), rng.randint(15000, 500001, 10),
]).astype(np.float64)
text = ''.join(','.join('%f' % v for v in row) + '\n' for row in raw).encode()
tar_buffer = io.BytesIO()
with tarfile.open(fileobj=tar_buffer, mode='w', format=tarfile.USTAR_FORMAT) as tar:
    for name, data in (('CaliforniaHousing/cal_housing.domain', b'longitude: continuous.\n'),
                       ('CaliforniaHousing/cal_housing.data', text)):
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mtime = 0
        tar.addfile(info, io.BytesIO(data))
write('california-housing/cal_housing.tgz', gz(tar_buffer.getvalue()))
# sklearn/datasets/_california_housing.py, from np.loadtxt on.
cal_housing = np.loadtxt(io.BytesIO(text), delimiter=',')
columns_index = [8, 7, 2, 3, 4, 5, 6, 1, 0]
cal_housing = cal_housing[:, columns_index]
target, data = cal_housing[:, 0], cal_housing[:, 1:]
data[:, 2] /= data[:, 5]
data[:, 3] /= data[:, 5]
data[:, 5] = data[:, 4] / data[:, 5]
target = target / 100000.0
EXPECTED['californiaHousing'] = {'data': data.tolist(), 'target': target.tolist()}

# --- scikit-learn expectations ----------------------------------------------------------------
iris = load_iris()
EXPECTED['iris'] = {'first': iris.data[0].tolist(), 'last': iris.data[-1].tolist(), 'mean': iris.data.mean(axis=0).tolist(),
                    'featureNames': iris.feature_names, 'targetNames': iris.target_names.tolist()}

# Eighths are exact in float32, so Axon (float32 tensors) and scikit-learn see identical inputs.
X = (rng.randint(-80, 80, size=(9, 4)) / 8.0)
X[:, 2] = 3.5  # a constant feature: scale 1
scaler = StandardScaler().fit(X)
EXPECTED['standardScaler'] = {'x': X.tolist(), 'mean': scaler.mean_.tolist(), 'variance': scaler.var_.tolist(),
                              'scale': scaler.scale_.tolist(), 'transformed': scaler.transform(X).tolist()}


def folds(splitter, n, y=None):
    return [[tr.tolist(), te.tolist()] for tr, te in splitter.split(np.zeros((n, 1)), y)]


y_strat = np.array([0] * 7 + [1] * 5 + [2] * 3 + [0] * 2 + [1] * 6)
EXPECTED['kFold'] = {
    'plain-10-3': folds(KFold(3), 10),
    'plain-11-4': folds(KFold(4), 11),
    'shuffle-13-5-seed0': folds(KFold(5, shuffle=True, random_state=0), 13),
    'shuffle-10-3-seed42': folds(KFold(3, shuffle=True, random_state=42), 10),
}
EXPECTED['stratifiedKFold'] = {
    'y': y_strat.tolist(),
    'plain-3': folds(StratifiedKFold(3), len(y_strat), y_strat),
    'shuffle-3-seed0': folds(StratifiedKFold(3, shuffle=True, random_state=0), len(y_strat), y_strat),
    'shuffle-4-seed7': folds(StratifiedKFold(4, shuffle=True, random_state=7), len(y_strat), y_strat),
}

n = 20
idx = np.arange(n)
tts = {}
for name, kw in {
    'default-seed0': {'random_state': 0},
    'test0.3-seed42': {'test_size': 0.3, 'random_state': 42},
    'train5-seed1': {'train_size': 5, 'random_state': 1},
    'both-seed3': {'train_size': 0.5, 'test_size': 0.25, 'random_state': 3},
    'noshuffle': {'test_size': 0.3, 'shuffle': False},
}.items():
    tr, te = train_test_split(idx, **kw)
    tts[name] = {'options': kw, 'train': tr.tolist(), 'test': te.tolist()}
for name, kw in {'stratify-seed0': {'random_state': 0}, 'stratify-test0.4-seed5': {'test_size': 0.4, 'random_state': 5},
                 'stratify-test7-seed11': {'test_size': 7, 'random_state': 11}}.items():
    tr, te = train_test_split(np.arange(len(y_strat)), stratify=y_strat, **kw)
    tts[name] = {'options': kw, 'train': tr.tolist(), 'test': te.tolist()}
EXPECTED['trainTestSplit'] = {'y': y_strat.tolist(), 'cases': tts}

EXPECTED['randomState'] = {
    'uint32-seed113': [int(v) for v in np.random.RandomState(113)._bit_generator.random_raw(5)],
    'perm-seed113-10': np.random.RandomState(113).permutation(10).tolist(),
    'perm-seed0-1000-head': np.random.RandomState(0).permutation(1000)[:20].tolist(),
    'perm-seed4294967295-70000-head': np.random.RandomState(4294967295).permutation(70000)[:10].tolist(),
}

with open(path('expected.json'), 'w') as f:
    json.dump(EXPECTED, f, separators=(',', ':'))
    f.write('\n')
print('fixtures written to', os.path.normpath(ROOT))
