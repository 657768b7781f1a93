// The CLI's plumbing shared by its verbs: the I/O it is given, argument parsing and the two errors that
// end a run with exit status 2 (bad usage, unreadable input), and the rules for what it reads and prints.
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { visible } from '../core/terminalText';

export { visible };

export interface CliIo {
  out(s: string): void;
  err(s: string): void;
  readFile(file: string): string;
  writeFile(file: string, text: string): void;
  /** Loads a layer bundled next to the CLI (dist/aws.js), or its compiled source (out/src/aws/index.js). */
  load<T>(bundle: string, source: string): T;
}

export class UsageError extends Error {}
export class InputError extends Error {}

export interface Parsed { flags: Map<string, string[]>; bools: Set<string>; rest: string[] }

export function parseArgs(args: string[], valued: string[], bools: string[]): Parsed {
  const p: Parsed = { flags: new Map(), bools: new Set(), rest: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') { p.rest.push(...args.slice(i + 1)); break; }
    if (a.startsWith('--')) {
      const [name, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
      if (bools.includes(name)) { p.bools.add(name); continue; }
      if (!valued.includes(name)) throw new UsageError(`unknown option ${name}`);
      const v = inline ?? args[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      p.flags.set(name, [...(p.flags.get(name) ?? []), v]);
    } else p.rest.push(a);
  }
  return p;
}

export function readInput(io: CliIo, file: string, what: string): string {
  try {
    return io.readFile(file);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.message.replace(`cannot read ${file}`, `cannot read ${what} ${file}`));
    throw new InputError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? oneLine(e)}`);
  }
}

/** Larger files are not read at all: AWS refuses any shadow message over 128 KB. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Reads a regular file. Anything else is refused before a byte is read: opening is non-blocking, so a FIFO
 * with no writer (which would block a plain read forever), a device or a directory never hangs the CLI.
 */
export function readRegularFile(file: string): string {
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new InputError(`cannot read ${file}: not a regular file (${st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : 'a device'})`);
    if (st.size > MAX_FILE_BYTES) throw new InputError(`cannot read ${file}: ${st.size} bytes, more than ${MAX_FILE_BYTES} (AWS takes at most 128 KB)`);
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/** One line of an error for stderr: its message without line breaks (and never its stack). */
export function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return visible(text.replace(/\s*[\r\n]+\s*/g, ' ').slice(0, 500));
}

