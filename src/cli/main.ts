#!/usr/bin/env node
// lwm2m-shadows: the command-line face of src/core. Validates operation documents (e.g. in CI over the
// documents kept in git), lists the keys completion would offer, and runs device check files with the same
// runner as VS Code's Testing view. Core only reads the texts it is given; the file I/O is here.
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { InputError, oneLine, readRegularFile, UsageError, type CliIo } from './arguments';
import { keysCommand } from './keys';
import { testCommand } from './test';
import { validateCommand } from './validate';

export type { CliIo } from './arguments';

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
    // computed paths keep esbuild from inlining the AWS SDK into the CLI: `validate` stays quick to start.
    // Bundled, this file is dist/cli.js beside dist/aws.js; compiled, it is out/src/cli/main.js.
    const bundled = path.join(__dirname, bundle);
    return require(existsSync(bundled) ? bundled : path.join(__dirname, '..', source)) as T;
  },
};

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
