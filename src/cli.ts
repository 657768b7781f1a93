#!/usr/bin/env node
// lwm2m-shadows: the command-line face of src/core. Validates operation documents (e.g. in CI over the
// documents kept in git), lists the keys completion would offer, and runs device check files with the same
// runner as VS Code's Testing view. Core only reads the texts it is given; the file I/O is here.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { completeAt, loadRegistry, OPERATION_NAMES, validateOperationDocument, type Diagnostic, type Registry } from './core/index';
import { InputError, oneLine, parseArgs, readInput, readRegularFile, UsageError, visible, type CliIo } from './cliArgs';
import { testCommand } from './cliTest';

export type { CliIo } from './cliArgs';

const USAGE = `Usage:
  lwm2m-shadows validate [--format text|json] [--datamodel FILE] [--objects DIR]... FILE...
  lwm2m-shadows keys [--operation OP] [--datamodel FILE] [--objects DIR]... [--details] [PREFIX]
  lwm2m-shadows test [--profile P] [--region R] [--endpoint URL | --sandbox] [--thing T] [--junit FILE] FILE...
  lwm2m-shadows test --sandbox [--lwm2m-port N] [--wait-for-device EP [--timeout S]] [--thing T] [--junit FILE] FILE...
  lwm2m-shadows --help

validate  checks LwM2M operation documents ({"state":{"desired":{...}}} or the bare desired object) against
          the rules of the Coiote DM - AWS IoT Core integration and the LwM2M object definitions.
          Prints file:line:col: severity code: message (or a JSON array with --format json).
          Exit status: 0 no errors, 1 errors found, 2 bad usage, unreadable input (missing, not a regular
          file, over 64 MiB) or an internal error (always one line on stderr, never a stack trace).
keys      lists the keys completion offers after PREFIX (objects, then instances, resources, ...),
          filtered by what --operation needs (default: read).
test      runs device check files (*.lwm2m-test.json): publishes each step's request to the thing's
          operation shadow, waits for the answer and checks the step's expectations. Prints each step,
          writes JUnit XML with --junit. Exit status: 0 all passed, 1 a step failed, 2 bad usage, a bad or
          unreadable file (nothing runs), or no connection; 3 the --wait-for-device device did not
          register in time (nothing runs).

Options:
  --datamodel FILE   the thing's datamodel shadow (JSON, whole document or its reported part): checks
                     instances against the device and knows its vendor object names
  --objects DIR      a folder of vendor LwM2M object definition (DDF) XML files; may repeat
  --format text|json output format of validate (default text)
  --operation OP     the operation whose keys to list (keys)
  --details          print each key's type and operations after a tab (keys)
  --sandbox          run against the embedded sandbox, started in-process (test); no AWS account needed
  --profile P        AWS profile (test; default: the AWS SDK's default chain)
  --region R         AWS region (test; default: AWS_REGION or the profile's region)
  --endpoint URL     endpoint override for a sandbox or emulator started elsewhere (test)
  --thing T          run on this thing, whatever the files' targets say (test)
  --junit FILE       write the results as JUnit XML (test)
  --allow-execute    on a connection other than --sandbox, run files with execute steps (test; without
                     it such files are refused before anything is published)
  --lwm2m-port N     the sandbox's LwM2M server (CoAP over UDP, NoSec) listens on 127.0.0.1:N for a device of
                     your own (test --sandbox; default 5683 when --wait-for-device is given; 0 = a free port)
  --wait-for-device EP  run the checks once the device with endpoint name EP has registered and its thing is
                     ready (test --sandbox)
  --timeout S        how long --wait-for-device waits, in seconds (default 60)
`;

const nodeIo: CliIo = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  readFile: readRegularFile,
  writeFile: (f, text) => writeFileSync(f, text),
  load: <T>(bundle: string, source: string): T => {
    // computed paths keep esbuild from inlining the AWS SDK into the CLI: `validate` stays quick to start
    const bundled = path.join(__dirname, bundle);
    return require(existsSync(bundled) ? bundled : path.join(__dirname, source)) as T;
  },
};

function loadObjects(io: CliIo, dirs: string[]): Registry {
  if (!dirs.length) return loadRegistry();
  const vendorDdf: { file: string; text: string }[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = statSync(dir).isDirectory() ? readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.xml')).sort().map((f) => path.join(dir, f)) : [dir];
    } catch (e) {
      throw new InputError(`cannot read object definitions ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    for (const f of names) vendorDdf.push({ file: f, text: readInput(io, f, 'object definition') });
  }
  const registry = loadRegistry({ vendorDdf });
  for (const p of registry.problems) io.err(`warning: ${visible(p.message)}\n`);
  return registry;
}

function loadDatamodel(io: CliIo, file: string | undefined): unknown {
  if (file === undefined) return undefined;
  const text = readInput(io, file, 'datamodel');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`datamodel ${file} is not JSON: ${(e as Error).message}`);
  }
}

function validateCommand(args: string[], io: CliIo): number {
  const p = parseArgs(args, ['--format', '--datamodel', '--objects'], []);
  const format = p.flags.get('--format')?.at(-1) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${format}`);
  if (!p.rest.length) throw new UsageError('validate needs at least one FILE');
  if ((p.flags.get('--datamodel') ?? []).length > 1) throw new UsageError('--datamodel may be given once');
  const registry = loadObjects(io, p.flags.get('--objects') ?? []);
  const datamodel = loadDatamodel(io, p.flags.get('--datamodel')?.[0]);
  const all: (Diagnostic & { file: string })[] = [];
  let unreadable = false;
  for (const file of p.rest) {
    let text: string;
    try {
      text = readInput(io, file, 'file');
    } catch (e) {
      io.err(`lwm2m-shadows: ${oneLine(e)}\n`);
      unreadable = true;
      continue;
    }
    try {
      for (const d of validateOperationDocument(text, { registry, datamodel })) all.push({ file, ...d });
    } catch (e) {
      io.err(`lwm2m-shadows: internal error validating ${visible(file)}: ${oneLine(e)}\n`);
      unreadable = true;
    }
  }
  if (format === 'json') io.out(JSON.stringify(all, null, 2) + '\n');
  else {
    for (const d of all) io.out(`${visible(d.file)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${visible(d.message)}\n`);
    const errors = all.filter((d) => d.severity === 'error').length;
    const warnings = all.filter((d) => d.severity === 'warning').length;
    if (all.length) io.err(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} in ${p.rest.length} file${p.rest.length === 1 ? '' : 's'}\n`);
  }
  if (unreadable) return 2;
  return all.some((d) => d.severity === 'error') ? 1 : 0;
}

function keysCommand(args: string[], io: CliIo): number {
  const p = parseArgs(args, ['--operation', '--datamodel', '--objects'], ['--details']);
  const op = p.flags.get('--operation')?.at(-1) ?? 'read';
  if (!(OPERATION_NAMES as readonly string[]).includes(op)) throw new UsageError(`--operation must be one of ${OPERATION_NAMES.join(', ')}, not ${op}`);
  if (p.rest.length > 1) throw new UsageError('keys takes at most one PREFIX');
  const prefix = p.rest[0] ?? '';
  const registry = loadObjects(io, p.flags.get('--objects') ?? []);
  const datamodel = loadDatamodel(io, p.flags.get('--datamodel')?.[0]);
  const head = `{"operation": ${JSON.stringify(op)}, "keys": ["`;
  const quoted = JSON.stringify(prefix).slice(1, -1);
  const text = `${head}${quoted}"]}`;
  const offset = head.length + quoted.length;
  const items = completeAt(text, offset, { registry, datamodel }).filter((i) => i.kind === 'key');
  items.sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
  for (const it of items) {
    // the key up to where the item starts, then the item; only items that continue what was typed
    const start = it.range.start.character - head.length;
    const typed = start >= 0 ? prefix.slice(start).toLowerCase() : '';
    if (!it.insertText.toLowerCase().startsWith(typed)) continue;
    const key = start >= 0 ? prefix.slice(0, start) + it.insertText : it.label;
    io.out(p.bools.has('--details') && it.detail ? `${visible(key)}\t${visible(it.detail)}\n` : `${visible(key)}\n`);
  }
  return 0;
}

function usageOrInputFailure(e: unknown, io: CliIo): number {
  if (e instanceof UsageError) {
    io.err(`lwm2m-shadows: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (e instanceof InputError) {
    io.err(`lwm2m-shadows: ${oneLine(e)}\n`);
    return 2;
  }
  io.err(`lwm2m-shadows: internal error: ${oneLine(e)}\n`);
  return 2;
}

/** Runs the CLI with arguments (without node and script) and returns the exit status (`test` runs asynchronously). */
export function main(argv: string[], io: CliIo = nodeIo): number | Promise<number> {
  try {
    const [cmd, ...rest] = argv;
    if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      (cmd === undefined ? io.err : io.out)(USAGE);
      return cmd === undefined ? 2 : 0;
    }
    if (rest.includes('--help') || rest.includes('-h')) { io.out(USAGE); return 0; }
    if (cmd === 'validate') return validateCommand(rest, io);
    if (cmd === 'keys') return keysCommand(rest, io);
    if (cmd === 'test') return testCommand(rest, io).catch((e: unknown) => usageOrInputFailure(e, io));
    throw new UsageError(`unknown command ${cmd}`);
  } catch (e) {
    return usageOrInputFailure(e, io);
  }
}

if (require.main === module) {
  // The AWS SDK prints a 9-line NodeVersionSupportWarning on every run under Node < 22 about SDK versions not
  // yet published; this package supports Node >= 20.19 (package.json engines) and pins its SDK, so the notice
  // says nothing the user can act on. The SDK's own switch turns it off, unless the user set it themselves.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // `lwm2m-shadows keys | head` closes the pipe early: that is not an error
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`lwm2m-shadows: cannot write the output: ${oneLine(e)}\n`);
    process.exit(2);
  });
  // whatever escapes: one line, exit 2, never a stack trace
  process.on('uncaughtException', (e) => {
    process.stderr.write(`lwm2m-shadows: internal error: ${oneLine(e)}\n`);
    process.exit(2);
  });
  void Promise.resolve(main(process.argv.slice(2))).then((code) => {
    process.exitCode = code;
  }, (e: unknown) => {
    process.stderr.write(`lwm2m-shadows: internal error: ${oneLine(e)}\n`);
    process.exitCode = 2;
  });
}
