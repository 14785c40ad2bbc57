import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Tensor } from '../../src/tensor.js';

const dir = fileURLToPath(new URL('../fixtures/sklearn/', import.meta.url));

export interface LinearCase {
  coef: number[][];
  intercept: number[];
  nIter: number;
  t: number;
  score: number;
  predict: number[];
  decision: number[] | number[][];
  proba?: number[][];
  dataset: 'iris' | 'iris_s' | 'cancer';
  params: Record<string, unknown>;
  estimator: 'Perceptron' | 'SGDClassifier';
  predict_2_05?: number;
}

export interface MlpCase {
  dataset: 'iris_s' | 'cancer' | 'diabetes';
  params: Record<string, unknown>;
  estimator: 'MLPClassifier' | 'MLPRegressor';
  lossCurve: number[];
  nIter: number;
  bestLoss: number | null;
  score: number;
  predict: number[];
  coefs: number[][][];
  intercepts: number[][];
  proba?: number[][];
  validationScores?: number[];
  bestValidationScore?: number;
}

export interface Results {
  sklearn: string;
  cases: Record<string, LinearCase & MlpCase> & {
    sgd_fashion_subset: { coef: number[][]; intercept: number[]; nIter: number; trainScore: number; testScore: number; predictTest: number[]; fitSeconds: number; epoch1Coef: number[][]; epoch1Intercept: number[] };
  };
}

interface Inputs {
  cancer: { x: number[][]; y: number[] };
  irisScaled: { x: number[][] };
  diabetes: { x: number[][]; y: number[] };
}

export const results = JSON.parse(readFileSync(dir + 'results.json', 'utf8')) as Results;
const inputs = JSON.parse(readFileSync(dir + 'inputs.json', 'utf8')) as Inputs;

function matrix(rows: number[][]): Tensor<'float32'> {
  return new Tensor(Float32Array.from(rows.flat()), [rows.length, rows[0]!.length]);
}

export const cancer = { x: matrix(inputs.cancer.x), y: new Tensor(Int32Array.from(inputs.cancer.y), [inputs.cancer.y.length]) };
export const irisScaled = matrix(inputs.irisScaled.x);
export const diabetes = { x: matrix(inputs.diabetes.x), y: new Tensor(Float32Array.from(inputs.diabetes.y), [inputs.diabetes.y.length]) };
