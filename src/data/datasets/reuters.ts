import { ValueError, describe } from '../../errors.js';
import { Tensor } from '../../tensor.js';
import { SINGLE_FILE_OPTIONS, loadFile, type DatasetFile, type SingleFileOptions } from '../files.js';
import { checkOptions } from '../../options.js';
import { npzArray, parseNpz } from '../npz.js';
import { RandomState } from '../random-state.js';
import {
  SEQUENCE_OPTIONS, checkSequenceOptions, labelsOf, limitVocabulary, offsetAndFilter, parseWordIndex, sequencesOf, shuffleTogether,
  type SequenceOptions, type SequenceSplits,
} from './sequences.js';

const ORIGIN = 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/';

// Checksums from keras/src/datasets/reuters.py (SHA-256 for the data, MD5 for the word index).
const DATA = { dataset: 'reuters', name: 'reuters.npz', origin: `${ORIGIN}reuters.npz`, hash: 'd6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916', systemDirs: ['~/.keras/datasets'] };
const WORDS = { dataset: 'reuters', name: 'reuters_word_index.json', origin: `${ORIGIN}reuters_word_index.json`, hash: '4d44cc38712099c9e383dc6e5f11a921', systemDirs: ['~/.keras/datasets'] };

export interface ReutersOptions extends SequenceOptions, SingleFileOptions {
  /** Fraction of the (shuffled) newswires used as test data. Default 0.2. */
  testSplit?: number;
}

/**
 * The Reuters newswire topic dataset (11,228 newswires, 46 topics), processed exactly like
 * `keras.datasets.reuters.load_data`, including its numpy-seeded shuffle and split.
 */
export const reuters = {
  /** The files loadData and getWordIndex read, for tools that fetch or locate them. */
  files: [DATA, WORDS] as readonly DatasetFile[],
  async loadData(options: ReutersOptions = {}): Promise<SequenceSplits> {
    checkOptions(options, [...SEQUENCE_OPTIONS, ...SINGLE_FILE_OPTIONS, 'testSplit'], 'reuters.loadData');
    checkSequenceOptions(options);
    const testSplit = options.testSplit ?? 0.2;
    if (!(testSplit >= 0 && testSplit <= 1)) throw new ValueError(`options.testSplit: expected a fraction in [0, 1], received ${describe(testSplit)}`);
    const arrays = await parseNpz(await loadFile(DATA, options), DATA.name);
    const rng = new RandomState(options.seed ?? 113);
    const shuffled = shuffleTogether(
      sequencesOf(npzArray(arrays, 'x', DATA.name), `${DATA.name}:x`),
      labelsOf(npzArray(arrays, 'y', DATA.name), `${DATA.name}:y`).data,
      rng,
    );
    const [filtered, labels] = offsetAndFilter(...shuffled, options);
    const xs = limitVocabulary(filtered, options);
    const idx = Math.floor(xs.length * (1 - testSplit));
    const yTrain = labels.slice(0, idx);
    const yTest = labels.slice(idx);
    return [
      [xs.slice(0, idx), new Tensor(Int32Array.from(yTrain), [yTrain.length])],
      [xs.slice(idx), new Tensor(Int32Array.from(yTest), [yTest.length])],
    ];
  },

  /** Word → index (1 = most frequent); add `indexFrom` to match the sequences. */
  async getWordIndex(options: SingleFileOptions = {}): Promise<Record<string, number>> {
    checkOptions(options, SINGLE_FILE_OPTIONS, 'reuters.getWordIndex');
    return parseWordIndex(await loadFile(WORDS, options), WORDS.name);
  },

  /** The 46 topic names, indexed by label (Keras' `get_label_names()`). */
  labelNames: [
    'cocoa', 'grain', 'veg-oil', 'earn', 'acq', 'wheat', 'copper', 'housing', 'money-supply', 'coffee', 'sugar', 'trade',
    'reserves', 'ship', 'cotton', 'carcass', 'crude', 'nat-gas', 'cpi', 'money-fx', 'interest', 'gnp', 'meal-feed', 'alum',
    'oilseed', 'gold', 'tin', 'strategic-metal', 'livestock', 'retail', 'ipi', 'iron-steel', 'rubber', 'heat', 'jobs', 'lei',
    'bop', 'zinc', 'orange', 'pet-chem', 'dlr', 'gas', 'silver', 'wpi', 'hog', 'lead',
  ] as readonly string[],
};
