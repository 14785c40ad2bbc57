// Classic scikit-learn estimators on the Wasm core.
export { SGDClassifier, Perceptron } from './sgd.js';
export type { SGDClassifierOptions, PerceptronOptions, SGDClassifierLoss, Penalty, LearningRateSchedule, ClassWeight } from './sgd.js';
export { ConvergenceWarning } from './common.js';
export type { Targets, RandomSeed } from './common.js';
export { setEstimatorWasmSource } from './core.js';
export { MLPClassifier, MLPRegressor } from './mlp.js';
export type { MLPOptions, MLPActivation } from './mlp.js';
