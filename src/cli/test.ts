// `lwm2m-shadows test`: runs device check files with the runner the Testing view uses. Every file is read
// and checked first: one bad file prints file:line:col problems and nothing runs (exit 2). Then one
// connection (AWS, an endpoint, or the embedded sandbox started in-process), each file in turn, each step
// printed (control characters of file, device and log text as visible \u escapes), JUnit XML written when
// asked. Exit 0 all passed, 1 a step failed, 2 usage / input / connection.
import { junitXml, loadRegistry, executesOnDevice, plannedOperations, readTestFile, validateTestDocument, visible, type TestFile, type TestRunResult } from '../core/index';
import { firmware, resolveThing, runTest, TargetError } from '../runner/index';
import type * as AwsModule from '../aws/index';
import type * as SandboxModule from '../sandbox/index';
import { InputError, oneLine, parseArgs, readInput, UsageError, type CliIo } from './arguments';
import { waitForDevice } from './deviceWait';

/** Exit status when --wait-for-device's device does not register within --timeout (nothing was run). */
export const EXIT_NO_DEVICE = 3;
const DEFAULT_LWM2M_PORT = 5683;
const DEFAULT_WAIT_SECONDS = 60;

/** `--lwm2m-port N`, `--wait-for-device EP`, `--timeout S`: the sandbox's LwM2M server for a device of your own. */
function lwm2mOptions(p: { flags: Map<string, string[]> }, sandbox: boolean): { port: number; device?: string; timeoutMs: number } | undefined {
  const portText = p.flags.get('--lwm2m-port')?.[0];
  const device = p.flags.get('--wait-for-device')?.[0];
  const timeoutText = p.flags.get('--timeout')?.[0];
  if (timeoutText !== undefined && device === undefined) throw new UsageError('--timeout is how long --wait-for-device waits: give --wait-for-device EP too');
  if (portText === undefined && device === undefined) return undefined;
  if (!sandbox) throw new UsageError('--lwm2m-port and --wait-for-device need --sandbox (the LwM2M server is the embedded sandbox\'s)');
  const port = portText === undefined ? DEFAULT_LWM2M_PORT : Number(portText);
  if (!/^\d+$/.test(portText ?? '0') || !Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--lwm2m-port must be a UDP port (0-65535; 0 picks a free one), not ${portText}`);
  if (device !== undefined && !device.trim()) throw new UsageError('--wait-for-device needs the endpoint name the device registers with');
  const seconds = timeoutText === undefined ? DEFAULT_WAIT_SECONDS : Number(timeoutText);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout must be a number of seconds above 0, not ${timeoutText}`);
  return { port, ...(device !== undefined ? { device } : {}), timeoutMs: seconds * 1000 };
}

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
  const p = parseArgs(args, ['--profile', '--region', '--endpoint', '--thing', '--junit', '--lwm2m-port', '--wait-for-device', '--timeout'], ['--sandbox', '--allow-execute']);
  if (!p.rest.length) throw new UsageError('test needs at least one FILE (*.lwm2m-test.json)');
  const sandbox = p.bools.has('--sandbox');
  if (sandbox && (p.flags.has('--endpoint') || p.flags.has('--profile'))) throw new UsageError('--sandbox runs against the embedded sandbox: leave out --endpoint and --profile');
  for (const f of ['--profile', '--region', '--endpoint', '--thing', '--junit', '--lwm2m-port', '--wait-for-device', '--timeout']) {
    if ((p.flags.get(f) ?? []).length > 1) throw new UsageError(`${f} may be given once`);
  }
  const lwm2m = lwm2mOptions(p, sandbox);

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
    .filter(executesOnDevice)
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
  let firmwareHost: firmware.FirmwareHost | undefined;
  if (sandbox) {
    const sb = await io.load<typeof SandboxModule>('sandbox.js', 'sandbox/index').startSandbox(lwm2m ? { lwm2m: { port: lwm2m.port } } : {});
    stopSandbox = () => sb.stop();
    io.err(`lwm2m-shadows: sandbox started at ${sb.url} (${sb.fleet.length} things)\n`);
    if (lwm2m) {
      if (!sb.lwm2mUri) {
        await sb.stop();
        throw new InputError(`no LwM2M server: ${oneLine(sb.lwm2mError ?? 'it did not start')}; give --lwm2m-port a free port (0 picks one)`);
      }
      io.err(`lwm2m-shadows: LwM2M server at ${sb.lwm2mUri} (CoAP over UDP, NoSec: it authenticates no one)\n`);
      if (lwm2m.device !== undefined) {
        const ep = visible(lwm2m.device);
        io.err(`lwm2m-shadows: waiting up to ${lwm2m.timeoutMs / 1000} s for device ${ep} to register with ${sb.lwm2mUri}\n`);
        const waited = await waitForDevice(sb, lwm2m.device, lwm2m.timeoutMs);
        if (waited !== 'registered') {
          await sb.stop();
          io.err(waited === 'timeout'
            ? `lwm2m-shadows: device ${ep} did not register with ${sb.lwm2mUri} within ${lwm2m.timeoutMs / 1000} s; nothing was run. Start it with that server URI and endpoint name (e.g. lwm2mclient -4 -h 127.0.0.1 -p ${new URL(sb.lwm2mUri).port} -n ${ep}), or give a longer --timeout\n`
            : waited === 'registered-unanswered'
              ? `lwm2m-shadows: device ${ep} registered but did not answer the server's reads of its objects (the Device object /3 first) within ${lwm2m.timeoutMs / 1000} s; nothing was run. A device must answer reads right after it registers: check that it is not stuck or busy (e.g. blocked reading its console), or give a longer --timeout\n`
              : `lwm2m-shadows: device ${ep} registered but became no thing (the CreateThing Lambda refused it); nothing was run\n`);
          return EXIT_NO_DEVICE;
        }
        io.err(`lwm2m-shadows: device ${ep} registered\n`);
      }
    }
    session = aws.createSession({ kind: 'sandbox', id: 'sandbox', label: 'sandbox', region: sb.region, endpoint: sb.url, credentials: sb.credentials });
    // a firmware update step's file is served by the sandbox's own file server (HTTP, and CoAP with --lwm2m-port)
    firmwareHost = firmware.sandboxFirmwareHost(sb.url);
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
      const r = await runTest(test, {
        session, file, thing: things[i], connection: session.spec.id, ...(firmwareHost ? { firmwareHost } : {}),
        listener: { output: (line) => io.out(visible(line) + '\n') },
      });
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
