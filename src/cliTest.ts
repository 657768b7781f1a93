// `lwm2m-shadows test`: runs device check files with the runner the Testing view uses. Every file is read
// and checked first: one bad file prints file:line:col problems and nothing runs (exit 2). Then one
// connection (AWS, an endpoint, or the embedded sandbox started in-process), each file in turn, each step
// printed (control characters of file, device and log text as visible \u escapes), JUnit XML written when
// asked. Exit 0 all passed, 1 a step failed, 2 usage / input / connection.
import { junitXml, loadRegistry, plannedOperations, readTestFile, validateTestDocument, visible, type TestFile, type TestRunResult } from './core/index';
import { resolveThing, runTest, TargetError } from './runner/index';
import type * as AwsModule from './aws/index';
import type * as SandboxModule from './sandbox/index';
import { InputError, parseArgs, readInput, UsageError, type CliIo } from './cliArgs';

async function regionOf(p: { flags: Map<string, string[]> }, aws: typeof AwsModule): Promise<string | undefined> {
  const given = p.flags.get('--region')?.at(-1) ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (given) return given;
  const profile = p.flags.get('--profile')?.at(-1) ?? process.env.AWS_PROFILE ?? 'default';
  try {
    return (await aws.listProfiles()).find((x) => x.name === profile)?.region;
  } catch {
    return undefined;
  }
}

export async function testCommand(args: string[], io: CliIo): Promise<number> {
  const p = parseArgs(args, ['--profile', '--region', '--endpoint', '--thing', '--junit'], ['--sandbox', '--allow-execute']);
  if (!p.rest.length) throw new UsageError('test needs at least one FILE (*.lwm2m-test.json)');
  const sandbox = p.bools.has('--sandbox');
  if (sandbox && (p.flags.has('--endpoint') || p.flags.has('--profile'))) throw new UsageError('--sandbox runs against the embedded sandbox: leave out --endpoint and --profile');
  for (const f of ['--profile', '--region', '--endpoint', '--thing', '--junit']) {
    if ((p.flags.get(f) ?? []).length > 1) throw new UsageError(`${f} may be given once`);
  }

  // Read and check every file before anything is published.
  const registry = loadRegistry();
  const tests: { file: string; test: TestFile }[] = [];
  let bad = false;
  for (const file of p.rest) {
    const text = readInput(io, file, 'test file');
    const problems = validateTestDocument(text, { registry });
    const errors = problems.filter((d) => d.severity === 'error');
    for (const d of errors) io.err(`${visible(file)}:${d.range.start.line + 1}:${d.range.start.character + 1}: error ${d.code}: ${visible(d.message)}\n`);
    const { test } = readTestFile(text);
    if (errors.length || !test) bad = true;
    else tests.push({ file, test });
  }
  if (bad) {
    io.err('lwm2m-shadows: nothing was run: fix the problems above\n');
    return 2;
  }
  // An execute (a reboot, a factory reset) reaches a real device only when asked for: on any connection but the
  // embedded sandbox, files with execute steps need --allow-execute, and what they execute is printed first.
  const executes = tests.flatMap(({ file, test }) => test.steps
    .filter((st) => st.request?.operation === 'execute')
    .map((st) => `${visible(file)}: ${visible(st.name)}: ${visible(plannedOperations({ ...test, steps: [st] })[0])}`));
  if (!sandbox && executes.length) {
    if (!p.bools.has('--allow-execute')) {
      for (const e of executes) io.err(`${e}\n`);
      io.err(`lwm2m-shadows: nothing was run: ${executes.length === 1 ? 'a step executes' : `${executes.length} steps execute`} on a real connection (above); give --allow-execute to run ${executes.length === 1 ? 'it' : 'them'}, or use --sandbox\n`);
      return 2;
    }
    io.err(`lwm2m-shadows: will execute (--allow-execute):\n${executes.map((e) => `  ${e}\n`).join('')}`);
  }

  const aws = io.load<typeof AwsModule>('aws.js', 'aws/index');
  let stopSandbox: (() => Promise<void>) | undefined;
  let session: AwsModule.SdkSession;
  if (sandbox) {
    const sb = await io.load<typeof SandboxModule>('sandbox.js', 'sandbox/index').startSandbox({});
    stopSandbox = () => sb.stop();
    io.err(`lwm2m-shadows: sandbox started at ${sb.url} (${sb.fleet.length} things)\n`);
    session = aws.createSession({ kind: 'sandbox', id: 'sandbox', label: 'sandbox', region: sb.region, endpoint: sb.url, credentials: sb.credentials });
  } else {
    const region = await regionOf(p, aws);
    if (!region) throw new UsageError('no AWS region: give --region, set AWS_REGION, or use --sandbox');
    const endpoint = p.flags.get('--endpoint')?.[0];
    const profile = p.flags.get('--profile')?.[0];
    session = aws.createSession({
      kind: endpoint ? 'custom' : 'aws', id: 'cli', label: profile ?? 'default', region,
      ...(profile ? { profile } : {}), ...(endpoint ? { endpoint } : {}),
    });
  }
  const runs: TestRunResult[] = [];
  try {
    try {
      // one cheap call first: no credentials or no endpoint is exit 2, not a failed check
      await session.fleet.listThingTypes({ maxResults: 1 });
    } catch (e) {
      throw new InputError(`cannot connect: ${e instanceof Error ? e.message : String(e)}`);
    }
    // Every file's thing is found before anything is published: a file with no target, a thing that does not
    // exist or a type without an online thing is a bad file (exit 2), named with where its target is written.
    const override = p.flags.get('--thing')?.[0];
    const things: string[] = [];
    let unresolved = false;
    for (const { file, test } of tests) {
      try {
        things.push(await resolveThing(test, session, override));
      } catch (e) {
        if (!(e instanceof TargetError)) throw e;
        const at = test.targetRange?.start ?? { line: 0, character: 0 };
        const where = override ? '--thing' : `${visible(file)}:${at.line + 1}:${at.character + 1}`;
        io.err(`${where}: error test-${e.note.id}: ${visible(e.message)}\n`);
        unresolved = true;
      }
    }
    if (unresolved) {
      io.err('lwm2m-shadows: nothing was run: fix the targets above\n');
      return 2;
    }
    for (const [i, { file, test }] of tests.entries()) {
      const r = await runTest(test, { session, file, thing: things[i], listener: { output: (line) => io.out(visible(line) + '\n') } });
      if (!r.steps.length) io.out(`${visible(test.name ?? file)}: not run: ${visible(r.message ?? 'error')}\n`);
      runs.push(r);
    }
  } finally {
    session.dispose();
    await stopSandbox?.();
  }
  const junit = p.flags.get('--junit')?.[0];
  if (junit) {
    try {
      io.writeFile(junit, junitXml(runs));
    } catch (e) {
      throw new InputError(`cannot write ${junit}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  const steps = runs.flatMap((r) => r.steps);
  const count = (s: string) => steps.filter((x) => x.status === s).length;
  const passedFiles = runs.filter((r) => r.status === 'passed').length;
  io.out(`\n${runs.length} file${runs.length === 1 ? '' : 's'}: ${passedFiles} passed, ${runs.length - passedFiles} failed; steps: ${count('passed')} passed, ${count('failed')} failed, ${count('errored')} errored, ${count('skipped')} skipped\n`);
  return passedFiles === runs.length ? 0 : 1;
}
