import { ValueError } from '../../errors.js';
import { Tensor } from '../../tensor.js';
import { SINGLE_FILE_OPTIONS, loadFile, type DatasetFile, type SingleFileOptions } from '../files.js';
import { npzArray, parseNpz } from '../npz.js';
import { RandomState } from '../random-state.js';
import { checkOptions } from '../../options.js';
import {
  SEQUENCE_OPTIONS, checkSequenceOptions, labelsOf, limitVocabulary, offsetAndFilter, parseWordIndex, sequencesOf, shuffleTogether,
  type SequenceOptions, type SequenceSplits,
} from './sequences.js';

const ORIGIN = 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/';

// Checksums from keras/src/datasets/imdb.py (SHA-256 for the data, MD5 for the word index).
const DATA = { dataset: 'imdb', name: 'imdb.npz', origin: `${ORIGIN}imdb.npz`, hash: '69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f', systemDirs: ['~/.keras/datasets'] };
const WORDS = { dataset: 'imdb', name: 'imdb_word_index.json', origin: `${ORIGIN}imdb_word_index.json`, hash: 'bfafd718b763782e994055a2d397834f', systemDirs: ['~/.keras/datasets'] };

export type ImdbOptions = SequenceOptions & SingleFileOptions;

/**
 * The IMDB movie-review sentiment dataset (25,000 train and 25,000 test reviews as word-index
 * sequences, labels 0/1), processed exactly like `keras.datasets.imdb.load_data`, including its
 * numpy-seeded shuffle.
 */
export const imdb = {
  /** The files loadData and getWordIndex read, for tools that fetch or locate them. */
  files: [DATA, WORDS] as readonly DatasetFile[],
  async loadData(options: ImdbOptions = {}): Promise<SequenceSplits> {
    checkOptions(options, [...SEQUENCE_OPTIONS, ...SINGLE_FILE_OPTIONS], 'imdb.loadData');
    checkSequenceOptions(options);
    const arrays = await parseNpz(await loadFile(DATA, options), DATA.name);
    const at = (key: string) => npzArray(arrays, key, DATA.name);
    const rng = new RandomState(options.seed ?? 113);
    const train = shuffleTogether(sequencesOf(at('x_train'), `${DATA.name}:x_train`), labelsOf(at('y_train'), `${DATA.name}:y_train`).data, rng);
    const test = shuffleTogether(sequencesOf(at('x_test'), `${DATA.name}:x_test`), labelsOf(at('y_test'), `${DATA.name}:y_test`).data, rng);
    const [xTrain, yTrain] = offsetAndFilter(...train, options);
    const [xTest, yTest] = offsetAndFilter(...test, options);
    if (options.maxlen && (xTrain.length === 0 || xTest.length === 0)) {
      throw new ValueError(`options.maxlen: no sequence is shorter than maxlen=${options.maxlen}; increase it`);
    }
    const xs = limitVocabulary([...xTrain, ...xTest], options);
    const n = xTrain.length;
    return [
      [xs.slice(0, n), new Tensor(Int32Array.from(yTrain), [yTrain.length])],
      [xs.slice(n), new Tensor(Int32Array.from(yTest), [yTest.length])],
    ];
  },

  /** Word → index (1 = most frequent); add `indexFrom` to match the sequences. */
  async getWordIndex(options: SingleFileOptions = {}): Promise<Record<string, number>> {
    checkOptions(options, SINGLE_FILE_OPTIONS, 'imdb.getWordIndex');
    return parseWordIndex(await loadFile(WORDS, options), WORDS.name);
  },
};

