import { ShapeError } from '../../errors.js';
import { Tensor } from '../../tensor.js';
import { SINGLE_FILE_OPTIONS, loadFile, type DatasetFile, type SingleFileOptions } from '../files.js';
import { npyToTensor } from '../npy-tensor.js';
import { npzArray, parseNpz } from '../npz.js';
import type { ImageSplits } from './fashion-mnist.js';
import { checkOptions } from '../../options.js';

const FILE = {
  dataset: 'mnist',
  name: 'mnist.npz',
  origin: 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz',
  // keras/src/datasets/mnist.py
  hash: '731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1',
  systemDirs: ['~/.keras/datasets'],
};

function uint8(arrays: Awaited<ReturnType<typeof parseNpz>>, key: string, rank: number): Tensor<'uint8'> {
  const t = npyToTensor(npzArray(arrays, key, FILE.name), `${FILE.name}:${key}`);
  if (t.dtype !== 'uint8' || t.rank !== rank) {
    throw new ShapeError(`${FILE.name}:${key}: expected uint8 of rank ${rank}, received ${t.dtype} [${t.shape.join(', ')}]`);
  }
  return t as Tensor<'uint8'>;
}

/** LeCun's MNIST digits, from Keras' mnist.npz: uint8 images [n, 28, 28] and uint8 labels [n]. */
export const mnist = {
  /** The files loadData reads, for tools that fetch or locate them. */
  files: [FILE] as readonly DatasetFile[],
  async loadData(options: SingleFileOptions = {}): Promise<ImageSplits> {
    checkOptions(options, SINGLE_FILE_OPTIONS, 'mnist.loadData');
    const arrays = await parseNpz(await loadFile(FILE, options), FILE.name);
    return [
      [uint8(arrays, 'x_train', 3), uint8(arrays, 'y_train', 1)],
      [uint8(arrays, 'x_test', 3), uint8(arrays, 'y_test', 1)],
    ];
  },
};
