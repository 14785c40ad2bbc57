// What the examples share: their command line (flags with a value), where their plots go, and the
// seeded generator their stand-in data sets draw from.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { savePlot } from '../dist/plot/index.js';

/** True when the module at `url` is the script node was started with (not imported by a test). */
export function isMain(url) {
  return Boolean(globalThis.process?.argv?.[1]) && url === pathToFileURL(process.argv[1]).href;
}

/** The value after `flag` in `args` as a number, or `fallback` when the flag is absent. */
export function numberFlag(args, flag, fallback) {
  const at = args.indexOf(flag);
  if (at === -1) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isFinite(value)) throw new Error(`${flag}: expected a number, received "${args[at + 1] ?? ''}"`);
  return value;
}

/** The value after `flag` in `args`, or `fallback`. */
export function stringFlag(args, flag, fallback) {
  const at = args.indexOf(flag);
  return at === -1 ? fallback : args[at + 1] ?? fallback;
}

/** Where an example writes its plots: `--out DIR`, by default plots/ in the working directory. */
export function plotDirectory(args) {
  return stringFlag(args, '--out', 'plots');
}

/** Writes `svg` as `dir/name` and says so. */
export async function writePlot(svg, dir, name) {
  const path = join(dir, name);
  await savePlot(svg, path);
  console.log(`wrote ${path}`);
  return path;
}

/** Uniform numbers in [0, 1) from a linear congruential generator: stand-ins need repeatability, not quality. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Runs an example's main(), printing a user's mistake (a missing file, a bad flag) as one line. */
export async function runMain(main) {
  await main(process.argv.slice(2)).catch((error) => {
    console.error(`${error.name ?? 'Error'}: ${error.message ?? error}`);
    process.exitCode = 1;
  });
}

/**
 * A Keras sequence dataset (imdb, reuters) as [[xTrain, yTrain], [xTest, yTest]] with plain label
 * arrays: from its file, never downloading, or from `standIn()` when `useStandIn`. A missing file is
 * an error that says how to get it.
 */
export async function sequenceSplits(dataset, { name, file, words, useStandIn, standIn }) {
  if (useStandIn) return standIn();
  try {
    const [[xTrain, yTrain], [xTest, yTest]] = await dataset.loadData({ numWords: words, download: false });
    return [[xTrain, yTrain.data], [xTest, yTest.data]];
  } catch (error) {
    throw new Error(`${error.message}\n${file} is not on this machine: \`npx axon datasets fetch ${name}\` gets it, or put it in ~/.keras/datasets or AXON_DATA_DIR (Keras' ${name}.load_data() downloads it there), or run with --stand-in`);
  }
}
