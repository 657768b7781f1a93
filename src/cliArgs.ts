// The CLI's plumbing shared by its verbs: the I/O it is given, argument parsing and the two errors that
// end a run with exit status 2 (bad usage, unreadable input).

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
    throw new InputError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

