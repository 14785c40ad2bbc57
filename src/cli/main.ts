#!/usr/bin/env node
// The `axon` command (package.json "bin"): one file per subcommand in this folder.
import { UsageError } from '../errors.js';
import { parseInvocation, type Command } from './command.js';
import { train } from './train.js';
import { evaluate } from './evaluate.js';
import { predict } from './predict.js';
import { summary } from './summary.js';
import { datasets } from './datasets.js';
import { info } from './info.js';

const COMMANDS: readonly Command[] = [train, evaluate, predict, summary, datasets, info];

const OVERVIEW = `Usage: axon COMMAND [options]     (axon COMMAND --help for its options and examples)

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Exit codes: 0 done, 1 failed while running, 2 bad command line, 130 interrupted (Ctrl-C).

Examples:
  axon train iris --epochs 50 --save models/iris
  axon predict models/iris flowers.csv --classes
  axon summary models/iris
  axon info
`;

/** Runs one command line; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    process.stdout.write(topic ? topic.help : OVERVIEW);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) throw new UsageError(`axon: unknown command ${JSON.stringify(name)}; expected one of ${COMMANDS.map((c) => c.name).join(', ')}`);
    const invocation = parseInvocation(command, rest);
    if (!invocation) {
      process.stdout.write(command.help);
      return 0;
    }
    return (await command.run(invocation)) ?? 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${command ? `Run 'axon ${command.name} --help' for its options.` : 'Run \'axon --help\' for the commands.'}\n`);
      return 2;
    }
    // Failures while running: the message alone (the stack on AXON_DEBUG=1), since they are about data and files.
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(`axon ${name}: ${process.env.AXON_DEBUG ? (error as Error).stack ?? message : message}\n`);
    return 1;
  }
}

// exit() rather than exitCode: a threaded core's worker pool would otherwise keep the process alive.
process.exit(await main(process.argv.slice(2)));
