// What `npm run mutate` mutates and which fast tests judge each file. A mutant is run against its
// file's tests only (the ones that exercise that code), first the quickest to fail, with --bail,
// so a killed mutant costs one compile and one short vitest run.

const numericTests = ['test/kernel-edges.test.ts', 'test/kernels.test.ts', 'test/gradients.test.ts', 'test/parity-hard.test.ts', 'test/parity.test.ts'];

/** Source file (or folder prefix) → the test files that judge its mutants, in order. */
export const TESTS_FOR = {
  'assembly/optimizers.ts': ['test/optimizers.test.ts', 'test/parity-hard.test.ts', 'test/parity.test.ts'],
  'assembly/losses.ts': numericTests,
  'assembly/activations.ts': numericTests,
  'assembly/metrics.ts': ['test/kernel-edges.test.ts', 'test/parity-hard.test.ts', 'test/sequential.test.ts'],
  'assembly/gemm.ts': ['test/kernels.test.ts', 'test/parity.test.ts', 'test/threads.test.ts'],
  'assembly/memory.ts': ['test/kernels.test.ts', 'test/memory.test.ts', 'test/threads.test.ts', 'test/loader.test.ts'],
  'assembly/threads.ts': ['test/threads.test.ts'],
  'assembly/linear-models.ts': ['test/estimators/sgd-kernel.test.ts', 'test/estimators/linear.test.ts', 'test/estimators/api.test.ts'],
  'src/initializers.ts': ['test/initializers.test.ts', 'test/sequential.test.ts', 'test/parity.test.ts'],
  'src/metrics.ts': ['test/metrics.test.ts', 'test/sequential.test.ts'],
  'src/data/preprocessing/': ['test/data/scaling-splitting.test.ts', 'test/data/sequences-preprocessing.test.ts', 'test/data/cross-validate.test.ts', 'test/data/scaler-encoding-edges.test.ts', 'test/data/splitting-edges.test.ts'],
};

/** Everything mutated by default: the Wasm core (less the throughput probes) and the TypeScript numerics. */
export const DEFAULT_TARGETS = [
  'assembly/activations.ts',
  'assembly/gemm.ts',
  'assembly/losses.ts',
  'assembly/metrics.ts',
  'assembly/memory.ts',
  'assembly/optimizers.ts',
  'assembly/linear-models.ts',
  'assembly/threads.ts',
  'src/initializers.ts',
  'src/metrics.ts',
  'src/data/preprocessing/',
];

/**
 * Wasm targets of asconfig.json to rebuild for a mutant of an assembly/ file. The threaded build
 * shares every kernel with the single one; its tests judge what differs: the entry, the allocator,
 * the split of C, and the packing layout (there packed A, packed B and the edge tile are one
 * block, so a packing slip past packed A corrupts packed B, which the single build would not show).
 */
export function wasmTargetsFor(file) {
  return /assembly\/(memory|threads|gemm)\.ts$/.test(file) ? ['release', 'threads'] : ['release'];
}

export function testsFor(file) {
  const key = Object.keys(TESTS_FOR).find((k) => (k.endsWith('/') ? file.startsWith(k) : file === k));
  if (!key) throw new Error(`mutate: no tests are mapped to ${file}; add it to TESTS_FOR in scripts/mutate/config.mjs`);
  return TESTS_FOR[key];
}
