import { StateError, ValueError, describe } from '../errors.js';
import { checkOptions } from '../options.js';
import { isNode, nodeImport } from '../runtime.js';
import { Callback } from './callback.js';
import type { Logs } from './callback.js';

/**
 * Keras' CSVLogger (Node): one row per epoch, `epoch` then the logs' keys in sorted order, written
 * as each epoch ends (each row in one append, so a killed run leaves whole rows). With `append`,
 * an existing file is continued without a second header.
 */
export class CSVLogger extends Callback {
  readonly separator: string;
  readonly append: boolean;
  private keys: string[] | null = null;
  private header = true;

  constructor(readonly filename: string, args: { separator?: string; append?: boolean } = {}) {
    super();
    if (typeof filename !== 'string' || filename === '') throw new ValueError(`CSVLogger(filename): expected a file path, received ${describe(filename)}`);
    checkOptions(args, ['separator', 'append'], 'CSVLogger');
    if (!isNode()) throw new StateError('CSVLogger: writes a file, which needs Node (or Deno/Bun); in a browser, collect the logs with a LambdaCallback');
    this.separator = args.separator ?? ',';
    this.append = args.append ?? false;
  }

  override async onTrainBegin(): Promise<void> {
    const fs = await nodeImport('node:fs/promises');
    this.keys = null;
    if (this.append) {
      const size = await fs.stat(this.filename).then((s) => s.size, () => 0);
      this.header = size === 0;
    } else {
      await fs.writeFile(this.filename, '');
      this.header = true;
    }
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    const fs = await nodeImport('node:fs/promises');
    this.keys ??= Object.keys(logs).sort();
    const row = [String(epoch), ...this.keys.map((k) => (logs[k] === undefined ? 'NA' : String(logs[k])))].join(this.separator);
    const text = (this.header ? `${['epoch', ...this.keys].join(this.separator)}\n` : '') + `${row}\n`;
    this.header = false;
    await fs.appendFile(this.filename, text);
  }
}
