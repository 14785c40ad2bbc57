import { UsageError } from '../errors.js';
import { locateDatasetFile } from '../data/files.js';
import type { Command, Invocation } from './command.js';
import { DATASET_NAMES, NAMED_DATASETS } from './named-datasets.js';

const ACTIONS = ['list', 'fetch', 'path'] as const;

function named(name: string | undefined, action: string): (typeof NAMED_DATASETS)[string] & { name: string } {
  if (name === undefined) throw new UsageError(`axon datasets ${action}: expected a dataset name (${DATASET_NAMES.join(', ')})`);
  const found = NAMED_DATASETS[name];
  if (!found) throw new UsageError(`axon datasets ${action}: unknown dataset ${JSON.stringify(name)}; expected one of ${DATASET_NAMES.join(', ')}`);
  return { ...found, name };
}

/** 'local' when every file has a copy on disk, 'bundled' for data inside the package, else 'not fetched'. */
async function availability(name: string): Promise<string> {
  const files = NAMED_DATASETS[name]!.files;
  if (files.length === 0) return 'bundled';
  const found = await Promise.all(files.map(async (file) => (await locateDatasetFile(file)).found));
  return found.every(Boolean) ? 'local' : 'not fetched';
}

async function run({ positionals }: Invocation): Promise<void> {
  const [action, name] = positionals as [string, string | undefined];
  if (!(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`axon datasets: expected one of ${ACTIONS.join(', ')}, received ${JSON.stringify(action)}`);
  if (action === 'list') {
    if (name !== undefined) throw new UsageError(`axon datasets list: expected no dataset name, received ${JSON.stringify(name)}`);
    const width = Math.max(...DATASET_NAMES.map((n) => n.length));
    for (const dataset of DATASET_NAMES) {
      process.stdout.write(`${dataset.padEnd(width)}  ${(await availability(dataset)).padEnd(11)}  ${NAMED_DATASETS[dataset]!.description}\n`);
    }
    return;
  }
  const dataset = named(name, action);
  if (action === 'fetch') {
    // Loading is fetching: the loader finds a local copy or downloads it into the cache, checksum verified.
    await dataset.load({ seed: 0, testSize: 0.2 });
    process.stdout.write(`${dataset.name}: ready\n`);
    return;
  }
  if (dataset.files.length === 0) {
    process.stdout.write(`${dataset.name}: ships inside the package (no files)\n`);
    return;
  }
  for (const file of dataset.files) {
    const { path, found } = await locateDatasetFile(file);
    process.stdout.write(found ? `${path}\n` : `${path} (not fetched yet: axon datasets fetch ${dataset.name})\n`);
  }
}

export const datasets: Command = {
  name: 'datasets',
  summary: 'list the named datasets, fetch one, or show where its files are',
  positionals: { min: 1, max: 2, names: 'list, fetch NAME or path NAME' },
  options: {},
  help: `Usage: axon datasets list
       axon datasets fetch NAME
       axon datasets path NAME

list   the datasets axon trains on by name, whether their files are on disk, and what they hold
fetch  finds the dataset's files (cache, /usr/share/datasets, ~/.keras/datasets) or downloads them
       into the cache (env AXON_DATA_DIR, default ~/.cache/axon/datasets), checksums verified
path   the file paths it reads (or where a download would go)

Examples:
  axon datasets list
  axon datasets fetch mnist
  axon datasets path fashion-mnist
`,
  run,
};
