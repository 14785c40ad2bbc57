import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

/** What a command receives: its flags by long name (strings or booleans, as given) and its positional arguments. */
export interface Invocation {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** One `axon` subcommand: its flags, how many positional arguments it takes, its help, and its work. */
export interface Command {
  name: string;
  /** One line for `axon --help`. */
  summary: string;
  /** The full `axon NAME --help` text: usage, arguments, flags, examples. */
  help: string;
  options: Options;
  positionals: { min: number; max: number; names: string };
  run(invocation: Invocation): Promise<number | void>;
}

// parseArgs' own codes for a command line it refuses, whose messages already name the flag.
const PARSE_ERRORS = new Set(['ERR_PARSE_ARGS_UNKNOWN_OPTION', 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL']);

/** The command line after the command's name, checked against its flags; null when --help was asked for. */
export function parseInvocation(command: Command, args: string[]): Invocation | null {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== undefined && PARSE_ERRORS.has(code)) throw new UsageError(`axon ${command.name}: ${(error as Error).message}`);
    throw error;
  }
  if (parsed.values.help) return null;
  const { min, max, names } = command.positionals;
  const count = parsed.positionals.length;
  if (count < min) throw new UsageError(`axon ${command.name}: expected ${names}, received ${count === 0 ? 'none' : parsed.positionals.join(' ')}`);
  if (count > max) throw new UsageError(`axon ${command.name}: expected ${names === '' ? 'no arguments' : names}, received an extra argument ${JSON.stringify(parsed.positionals[max])}`);
  return { values: parsed.values as Invocation['values'], positionals: parsed.positionals };
}
