import { Tensor } from '../../tensor.js';
import { ShapeError } from '../../errors.js';
import { FILE_OPTIONS, loadFile, type DatasetFile, type FileOptions } from '../files.js';
import { decodeIdx } from '../idx.js';
import { checkOptions } from '../../options.js';

/** `[[xTrain, yTrain], [xTest, yTest]]`, the shape of Keras' `load_data()` result. */
export type ImageSplits = [[Tensor<'uint8'>, Tensor<'uint8'>], [Tensor<'uint8'>, Tensor<'uint8'>]];

const BASE = 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/';

/**
 * `hash`: SHA-256 of the files Keras serves, from keras/src/datasets/fashion_mnist.py (FILE_HASHES).
 * `contentHash`: SHA-256 of their decompressed IDX content, the form Debian's dataset-fashion-mnist
 * shares with them (its gzip streams are recompressed, so `hash` cannot match them).
 */
const FILES = {
  xTrain: { name: 'train-images-idx3-ubyte.gz', hash: '3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84', contentHash: 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888' },
  yTrain: { name: 'train-labels-idx1-ubyte.gz', hash: 'a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845', contentHash: 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9' },
  xTest: { name: 't10k-images-idx3-ubyte.gz', hash: '346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073', contentHash: '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b' },
  yTest: { name: 't10k-labels-idx1-ubyte.gz', hash: '67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5', contentHash: '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34' },
} as const;

type FileHashes = (typeof FILES)[keyof typeof FILES];

function spec(file: FileHashes): DatasetFile {
  return { dataset: 'fashion-mnist', systemDirs: ['~/.keras/datasets/fashion-mnist'], origin: BASE + file.name, ...file };
}

async function load(file: FileHashes, rank: number, options: FileOptions): Promise<Tensor<'uint8'>> {
  const t = await decodeIdx(await loadFile(spec(file), options), file.name);
  if (t.dtype !== 'uint8' || t.rank !== rank || (rank === 3 && (t.shape[1] !== 28 || t.shape[2] !== 28))) {
    const expected = rank === 3 ? 'uint8 [n, 28, 28]' : 'uint8 [n]';
    throw new ShapeError(`${file.name}: expected ${expected}, received ${t.dtype} [${t.shape.join(', ')}]`);
  }
  return t as Tensor<'uint8'>;
}

async function loadImages(files: typeof FILES, options: FileOptions): Promise<ImageSplits> {
  const [xTrain, yTrain, xTest, yTest] = await Promise.all([
    load(files.xTrain, 3, options),
    load(files.yTrain, 1, options),
    load(files.xTest, 3, options),
    load(files.yTest, 1, options),
  ]);
  for (const [x, y, split] of [[xTrain, yTrain, 'train'], [xTest, yTest, 'test']] as const) {
    if (x.length !== y.length) {
      throw new ShapeError(`fashion-mnist ${split} split: expected as many labels as images (${x.length}), received ${y.length}`);
    }
  }
  return [[xTrain, yTrain], [xTest, yTest]];
}

/** Zalando's Fashion-MNIST: 60,000 training and 10,000 test 28×28 grayscale images in 10 classes. */
export const fashionMnist = {
  /** The files loadData reads, for tools that fetch or locate them. */
  files: Object.values(FILES).map(spec) as readonly DatasetFile[],
  /** Keras' class names, indexed by label. */
  classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as readonly string[],
  /** Images as uint8 [n, 28, 28] and labels as uint8 [n], like `keras.datasets.fashion_mnist.load_data()`. */
  loadData(options: FileOptions = {}): Promise<ImageSplits> {
    checkOptions(options, FILE_OPTIONS, 'fashionMnist.loadData');
    return loadImages(FILES, options);
  },
};
