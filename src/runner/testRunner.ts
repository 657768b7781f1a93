// Runs a device check file against a thing: for each step, publish the request into the operation shadow's
// `desired` (with its version, exactly once: a conflict is an error, never a resend), wait for the answer
// that matches it, then check the expectations — values and failedKeys of the answer, datamodel values that
// must hold within N seconds, an expected refusal or a log line in the integration's CloudWatch logs. One
// engine for the Testing view and the CLI. No 'vscode': sessions come from src/aws, rules from src/core.
import { newestTimestamp, type Answer } from '../core/answer/answerMatch';
import { readConnectivity } from '../core/connectivityReader';
import { substituteAll } from '../core/tests/captures';
import { systemClock, type Clock } from '../core/tests/clock';
import { checkAnswer, checkValues, datamodelValues, isRefusalLine } from '../core/tests/expectations';
import { UNKNOWN_DEVICE_CRASH, predictOutcome, printedVerdict, type Invocation } from '../core/lambdaInvocations';
import { LambdaInvocationReader, invocationText, type InvocationLookup } from './lambdaInvocationReader';
import { pollWithin } from '../core/tests/pollWithin';
import type { TestFile, TestStep } from '../core/tests/testFile';
import { overallStatus, type RunNote, type StepFailure, type StepResult, type TestRunResult } from '../core/tests/testResult';
import type { FleetApi, LogBatch, ShadowApi, ShadowDocument } from '../aws/types';
import { sessionPorts } from '../operations/sessionPorts';
import type { FirmwareHost } from '../operations/firmware/firmwareDelivery';
import { runFirmwareStep } from './firmwareStep';
import { SendPipeline, type RefusalWatch, type SendOutcome } from '../operations/sendPipeline';

/** What the runner needs of a session (src/aws's SdkSession has it). */
export interface RunnerSession {
  shadows: ShadowApi;
  fleet: Pick<FleetApi, 'listThings' | 'describeThing'>;
  logs: {
    findIntegrationLogGroups(extra?: string[]): Promise<string[]>;
    tail(logGroups: string[], signal: AbortSignal, options?: { mode?: 'polling'; since?: number; pollIntervalMs?: number }): AsyncIterable<LogBatch>;
  };
}

export interface RunListener {
  /** A line for the run's output: each request, its answer and the timing. */
  output?(line: string): void;
  stepStarted?(step: TestStep): void;
  stepFinished?(step: TestStep, result: StepResult): void;
}

export interface RunOptions {
  session: RunnerSession;
  /** The file's path or name (for results and JUnit). */
  file: string;
  /** Overrides the file's target. */
  thing?: string;
  clock?: Clock;
  /** Cancels the run: the current wait stops, no further request is published. */
  signal?: AbortSignal;
  listener?: RunListener;
  /** How often shadows are read while waiting (ms). */
  pollMs?: number;
  /** The send pipeline (and its per-thing queue) to send through: the ui passes its own, shared with Publish; default: one of the run's. */
  pipeline?: SendPipeline;
  /** The connection's id (the pipeline's queue is per thing on a connection). */
  connection?: string;
  /**
   * Asked before an execute is sent. Default: sent, because the run was confirmed as a whole before it
   * started, its executes listed (the Testing view on a real connection, the CLI's --allow-execute).
   */
  confirmExecute?(thing: string, keys: readonly string[]): Promise<boolean>;
  /** Where a firmware update step's file is hosted for the device (the sandbox's file server, S3); none: only URLs. */
  firmwareHost?: FirmwareHost;
  /** How often a firmware update step reads the shadows (ms; default the flow's). */
  firmwarePollMs?: number;
}

const OPERATION_SHADOW = 'operation';
const DATAMODEL_SHADOW = 'datamodel';
/** Operations whose result the integration writes into the operation shadow's `reported` (integration-facts.md). */
const ANSWERED_OPERATIONS = ['read', 'write', 'readComposite'];

/** An error the runner words itself: its English message and the same as facts. */
class NotedError extends Error {
  constructor(message: string, readonly note: RunNote) {
    super(message);
  }
}

export class TargetError extends NotedError {}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
const isNotFound = (e: unknown) => typeof e === 'object' && e !== null && (e as { kind?: string }).kind === 'not-found';

/** A 409 where only `reported` moved (an earlier request's answer arriving): nobody else published. */
const onlyReportedMoved = (latest: ShadowDocument, stored: ShadowDocument | undefined) =>
  JSON.stringify(latest.state.desired ?? null) === JSON.stringify(stored?.state.desired ?? null);

/** The run was cancelled before the step's request went out: nothing was sent. */
class Cancelled extends Error {}

/**
 * The thing a file runs on: the override, the file's thing (which must exist: publishing to a thing that does
 * not would create its operation shadow and wait for nobody), or the first online thing of its type.
 */
export async function resolveThing(test: TestFile, session: RunnerSession, override?: string, signal?: AbortSignal): Promise<string> {
  const named = override ?? test.target.thing;
  if (named) {
    try {
      await session.fleet.describeThing(named);
    } catch (e) {
      if (isNotFound(e)) throw new TargetError(`there is no thing ${named} on this connection: nothing was published`, { id: 'no-such-thing', thing: named });
      // another error (e.g. a policy without iot:DescribeThing) does not stop the run: its first request will say more
    }
    return named;
  }
  const type = test.target.thingType;
  if (!type) throw new TargetError('the file names no thing: give one (the "target" of the file, or --thing)', { id: 'no-target' });
  let nextToken: string | undefined;
  let seen = 0;
  do {
    const page = await session.fleet.listThings({ maxResults: 50, thingTypeName: type, nextToken, signal });
    for (const t of page.items) {
      seen++;
      const classic = await session.shadows.get(t.name, '').catch(() => undefined);
      if (classic && readConnectivity(classic.state.reported ?? {}).state === 'online') return t.name;
    }
    nextToken = page.nextToken;
  } while (nextToken && seen < 500 && !signal?.aborted);
  throw seen
    ? new TargetError(`no online thing of type ${type} (${seen} checked)`, { id: 'no-online-thing', thingType: type, checked: seen })
    : new TargetError(`no thing of type ${type}`, { id: 'no-thing-of-type', thingType: type });
}

/** Why a key has no value in an answer: failed, not answered, or not asked for. */
function notInAnswer(answer: Answer, key: string): string {
  if (answer.failedKeys.includes(key)) return 'a failed key';
  if (answer.notAnswered.includes(key)) return 'not answered (the answer neither carries it nor lists it as failed)';
  return 'no value in this answer (the step did not read it)';
}

/** Two or more invocations printed what this request's would: nobody can tell which was its. */
function ambiguousText(candidates: Invocation[]): string {
  return `ambiguous: ${candidates.length} Lwm2mOperation invocations that started after the request printed what this request's would (${candidates.map((c) => c.requestId).join(', ')}); another request (another thing's, another client's) cannot be told from this one`;
}

class StepRun {
  readonly failures: StepFailure[] = [];
  request?: Record<string, unknown>;
  answer?: Record<string, unknown>;
  constructor(readonly step: TestStep) {}
}

class Errored extends NotedError {}

const noteOf = (e: unknown) => (e instanceof NotedError ? { note: e.note } : {});

export class TestRunner {
  private readonly clock: Clock;
  private readonly pollMs: number;
  private readonly captures = new Map<string, string>();
  private lambda?: LambdaInvocationReader;
  private readonly pipeline: SendPipeline;

  constructor(private readonly test: TestFile, private readonly o: RunOptions) {
    this.clock = o.clock ?? systemClock;
    this.pollMs = o.pollMs ?? 500;
    this.pipeline = o.pipeline ?? new SendPipeline();
  }

  /** The Lambda's refusal (or crash) of the step's request, read from its own invocation: the wait ends at once. */
  private refusals(own: () => number, withinMs: number): RefusalWatch {
    return {
      refusalOf: async (_accepted, _update, signal) => {
        if (own() < 0) return undefined;
        const look = await this.lambda!.find(own(), withinMs, signal);
        return look.kind === 'found' ? printedVerdict(look.invocation) : undefined;
      },
    };
  }

  /** A step whose request the pipeline did not send (or cannot tell whether it did): errored, with the reason. */
  private notSent(out: Extract<SendOutcome, { kind: 'not-sent' | 'conflict' | 'unknown' }>, thing: string): Error {
    if (out.kind === 'conflict') {
      return new Errored(`not published: the operation shadow of ${thing} changed while the step was publishing (someone else published to it); nothing was sent`, { id: 'conflict', thing });
    }
    if (out.kind === 'unknown') return new Error(`the update of ${thing}'s operation shadow got no answer and may have applied; it was not sent again: ${errorText(out.error)}`);
    if (out.reason === 'not-confirmed') return new Error(`not sent: the execute on ${thing} was not confirmed`);
    if (out.error !== undefined) return out.error instanceof Error ? out.error : new Error(errorText(out.error));
    return new Error(`not sent to ${thing} (${out.reason}${out.behind ? `: waiting for ${out.behind}` : ''})`);
  }

  private out(line: string): void {
    this.o.listener?.output?.(line);
  }

  async run(): Promise<TestRunResult> {
    const t0 = this.clock.now();
    const name = this.test.name ?? this.o.file;
    let thing: string;
    try {
      thing = await resolveThing(this.test, this.o.session, this.o.thing, this.o.signal);
    } catch (e) {
      return { file: this.o.file, name, status: 'errored', durationMs: this.clock.now() - t0, steps: [], message: errorText(e), ...noteOf(e) };
    }
    this.out(`${name}: on ${thing}`);
    this.lambda = new LambdaInvocationReader(this.o.session.logs, this.clock, t0, this.pollMs);
    try {
      return await this.runSteps(thing, name, t0);
    } finally {
      this.lambda.dispose();
    }
  }

  private async runSteps(thing: string, name: string, t0: number): Promise<TestRunResult> {
    const results: StepResult[] = [];
    let stopped: { message: string; note?: RunNote } | undefined;
    for (const step of this.test.steps) {
      if (!stopped && this.o.signal?.aborted) stopped = { message: 'cancelled: no further request was published', note: { id: 'cancelled' } };
      if (stopped) {
        const r: StepResult = { index: step.index, name: step.name, status: 'skipped', durationMs: 0, failures: [], message: stopped.message, ...(stopped.note ? { note: stopped.note } : {}) };
        results.push(r);
        this.o.listener?.stepFinished?.(step, r);
        continue;
      }
      this.o.listener?.stepStarted?.(step);
      const r = await this.runStep(step, thing);
      results.push(r);
      this.o.listener?.stepFinished?.(step, r);
      this.out(`  ${r.status === 'passed' ? '✓' : r.status === 'failed' ? '✗' : r.status === 'skipped' ? '-' : '!'} ${step.name} (${Math.round(r.durationMs)} ms)`);
      for (const f of r.failures) this.out(`      ${f.what}: expected ${f.expected}, got ${f.actual}`);
      if (r.message) this.out(`      ${r.message}`);
      if (r.status === 'errored') stopped = { message: `not run: step ${step.index + 1} did not complete`, note: { id: 'earlier-step-incomplete', step: step.index + 1 } };
      if (r.status === 'skipped') stopped = { message: r.message ?? 'cancelled', note: r.note ?? { id: 'cancelled' } };
    }
    const cancelled = !!this.o.signal?.aborted;
    return { file: this.o.file, name, thing, status: overallStatus(results), durationMs: this.clock.now() - t0, steps: results, ...(cancelled ? { cancelled } : {}) };
  }

  private async runStep(step: TestStep, thing: string): Promise<StepResult> {
    const t0 = this.clock.now();
    const s = new StepRun(step);
    const done = (status: StepResult['status'], message?: string, note?: RunNote): StepResult => ({
      index: step.index, name: step.name, status, durationMs: this.clock.now() - t0, failures: s.failures,
      ...(message ? { message } : {}), ...(note ? { note } : {}), ...(s.request ? { request: s.request } : {}), ...(s.answer ? { answer: s.answer } : {}),
    });
    try {
      if (step.wait !== undefined) {
        this.out(`  … waiting ${step.wait} s`);
        await this.clock.sleep(step.wait * 1000, this.o.signal);
        return this.o.signal?.aborted ? done('skipped', 'cancelled during the wait', { id: 'cancelled-waiting' }) : done('passed');
      }
      if (step.firmwareUpdate) {
        const r = await runFirmwareStep(step, thing, {
          shadows: this.o.session.shadows, pipeline: this.pipeline, connection: this.o.connection ?? '', clock: this.clock,
          ...(this.o.firmwareHost ? { host: this.o.firmwareHost } : {}),
          testFile: this.o.file, answerTimeoutS: this.test.timeoutSeconds,
          confirmExecute: this.o.confirmExecute ?? (() => Promise.resolve(true)),
          onConflict: async (latest, stored) => (onlyReportedMoved(latest, stored) ? 'overwrite' : 'cancel'),
          ...(this.o.signal ? { signal: this.o.signal } : {}),
          ...(this.o.firmwarePollMs !== undefined ? { pollMs: this.o.firmwarePollMs } : {}),
          out: (line) => this.out(line),
        }, this.captures);
        if (r.kind === 'cancelled') return done('skipped', r.message, { id: 'cancelled-after-publish' });
        s.request = r.request;
        s.failures.push(...r.failures);
        return done(r.failures.length ? 'failed' : 'passed');
      }
      if (!step.request) return done('errored', 'the step has no request', { id: 'no-request' });
      await this.publishAndCheck(s, thing);
      if (this.o.signal?.aborted && !s.failures.length) return done('skipped', 'cancelled after publishing: the request was sent whole; its answer will still arrive in the operation shadow', { id: 'cancelled-after-publish' });
      return done(s.failures.length ? 'failed' : 'passed');
    } catch (e) {
      return done('errored', errorText(e), e instanceof NotedError ? e.note : undefined);
    }
  }

  private async datamodel(thing: string): Promise<Map<string, string>> {
    try {
      return datamodelValues((await this.o.session.shadows.get(thing, DATAMODEL_SHADOW)).state.reported ?? {});
    } catch (e) {
      if (isNotFound(e)) return new Map();
      throw e;
    }
  }

  private async operationShadow(thing: string): Promise<ShadowDocument | undefined> {
    try {
      return await this.o.session.shadows.get(thing, OPERATION_SHADOW);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  private async publishAndCheck(s: StepRun, thing: string): Promise<void> {
    const { step } = s;
    const { shadows } = this.o.session;
    const expect = step.expect;
    const request = substituteAll(step.request!, this.captures);
    s.request = request;
    const operation = typeof request.operation === 'string' ? request.operation : '';
    const before = await this.datamodel(thing);
    const timeoutMs = this.test.timeoutSeconds * 1000;
    // the answer is waited for only where the integration writes one or the step checks it
    const wantsAnswer = expect.refused === undefined
      && !!(expect.values || expect.failedKeys || ANSWERED_OPERATIONS.includes(operation) || Object.keys(step.capture ?? {}).length);
    let stored: ShadowDocument | undefined;
    let requestedAt = this.clock.now();
    let acceptedSecond = 0;
    let predicted: ReturnType<typeof predictOutcome>;
    let own = -1;
    let conflicts = 0;
    const sent = await this.pipeline.send(sessionPorts(shadows, thing, wantsAnswer ? { refusals: this.refusals(() => own, timeoutMs) } : {}), {
      thing: { connection: this.o.connection ?? '', thing }, request, problems: [], whenBusy: 'queue', timeoutMs: wantsAnswer ? timeoutMs : 0,
      stored: async () => {
        stored = await this.operationShadow(thing);
        // Shadow timestamps are whole seconds and an answer carries no request id: an answer written in the
        // second the previous one was (the same read twice in a row) would look exactly like it. So a request
        // goes out only once the service's clock (the `timestamp` of its answer to GET) has left that second.
        for (let i = 0; i < 3 && stored?.timestamp !== undefined && (newestTimestamp(stored.metadata?.reported) ?? -1) >= stored.timestamp; i++) {
          await this.clock.sleep(1000 - (this.clock.now() % 1000) + 20, this.o.signal);
          if (this.o.signal?.aborted) throw new Cancelled();
          stored = await this.operationShadow(thing);
        }
        if (this.o.signal?.aborted) throw new Cancelled();
        requestedAt = this.clock.now();
        return stored;
      },
      // The run was confirmed as a whole before it started (the Testing view asks on a real connection, the CLI
      // needs --allow-execute), listing its executes: the step sends what was confirmed.
      confirmExecute: this.o.confirmExecute ?? (() => Promise.resolve(true)),
      // A 409 applied nothing. When only `reported` moved meanwhile (an earlier request's answer arriving, e.g. an
      // execute's), nobody else published: the same request goes out on the new version. Another `desired` is
      // someone else's request: an error, never overwritten.
      onConflict: async (latest) => {
        if (conflicts++ >= 3 || !onlyReportedMoved(latest, stored)) return 'cancel';
        stored = latest;
        return 'overwrite';
      },
      onAccepted: (a, _before, update) => {
        // what the Lambda prints for exactly this update: how its invocation is told from others (lambdaInvocations.ts)
        predicted = predictOutcome(update.desired);
        acceptedSecond = a.timestamp ?? Math.floor(requestedAt / 1000) - 1;
        own = predicted ? this.lambda!.published(predicted, acceptedSecond) : -1;
        this.out(`  → ${thing} ${JSON.stringify(request)} (operation shadow version ${a.version})`);
      },
      waiting: (task) => task(this.o.signal),
    });
    if (sent.kind === 'not-sent' && sent.error instanceof Cancelled) return;
    if (sent.kind === 'not-sent' || sent.kind === 'conflict' || sent.kind === 'unknown') throw this.notSent(sent, thing);
    if (sent.kind === 'cancelled') return;
    const invocation = (withinMs: number): Promise<InvocationLookup> => (own >= 0 ? this.lambda!.find(own, withinMs, this.o.signal) : Promise.resolve({ kind: 'pending' }));

    if (expect.refused !== undefined) {
      const look = await invocation(timeoutMs);
      const expected = expect.refused === true ? 'an "Error: …" line from the integration' : `an "Error: …" line containing ${JSON.stringify(expect.refused)}`;
      const printed = look.kind === 'found' ? printedVerdict(look.invocation) : undefined;
      if (look.kind === 'found' && printed && isRefusalLine(printed, expect.refused)) this.out(`  ← refused: ${printed} (Lwm2mOperation invocation ${look.invocation.requestId})`);
      else if (look.kind !== 'cancelled') {
        const actual = look.kind === 'found' ? (printed === undefined ? 'not refused: the Lambda passed the request on to Coiote DM'
          : printed.startsWith('Error: ') ? `refused for another reason: ${printed}` : `the Lambda crashed: ${printed}`)
          : look.kind === 'ambiguous' ? ambiguousText(look.candidates)
            : look.kind === 'no-logs' ? `the Lwm2mOperation log group cannot be read${predicted?.kind === 'refused' ? ` (the Lambda's model says it refuses with: ${predicted.line})` : ''}`
              : own < 0 ? 'no invocation: the update has no "operation", so the integration\'s rule does not fire'
                : `no Lwm2mOperation invocation for this request within ${this.test.timeoutSeconds} s`;
        s.failures.push({ what: 'refused', expected, actual });
      }
    } else if (wantsAnswer) {
      const answer = sent.kind === 'answered' ? sent.answer : undefined;
      if (!answer) {
        // only this request's own invocation is quoted: never a line of another request or thing
        const look = sent.kind === 'refused' ? undefined : await invocation(this.pollMs * 2).catch((): InvocationLookup => ({ kind: 'pending' }));
        const refusal = sent.kind === 'refused' ? sent.reason : look?.kind === 'found' ? printedVerdict(look.invocation) : undefined;
        const why = refusal ? (refusal.startsWith('Error: ') ? `: the integration refused the request: ${refusal}`
          : `: the integration's Lambda crashed: ${refusal}${refusal === UNKNOWN_DEVICE_CRASH ? ` (Coiote DM knows no device ${thing})` : ''}`)
          : look?.kind === 'ambiguous' ? ` (${ambiguousText(look.candidates)})` : ' (a queue-mode or offline device answers when it next connects)';
        throw new Errored(`no answer from ${thing} within ${this.test.timeoutSeconds} s${why}`, { id: 'no-answer', thing, seconds: this.test.timeoutSeconds, ...(refusal ? { refusal } : {}) });
      }
      // only what this answer wrote: reported.result still holds the keys of earlier answers (updates merge)
      s.answer = answer.reported;
      this.out(`  ← ${JSON.stringify(answer.reported)} after ${Math.round(this.clock.now() - requestedAt)} ms`);
      if (answer.notAnswered.length) this.out(`    not answered: ${answer.notAnswered.join(', ')}`);
      s.failures.push(...checkAnswer(expect, answer, before, this.captures));
      for (const [name, key] of Object.entries(step.capture ?? {})) {
        const value = answer.values.find((v) => v.key === key)?.value;
        if (value === undefined) s.failures.push({ what: `capture ${name}`, expected: `a value of "${key}" in this answer`, actual: notInAnswer(answer, key) });
        else this.captures.set(name, value);
      }
    }
    if (expect.datamodel && !this.o.signal?.aborted) {
      const dm = expect.datamodel;
      const polled = await pollWithin(async () => {
        const failures = checkValues('datamodel', dm.values, await this.datamodel(thing), before, this.captures);
        return { passed: failures.length === 0, value: failures };
      }, dm.within * 1000, this.clock, this.o.signal, this.pollMs * 2);
      if (!polled.passed && !polled.cancelled) {
        s.failures.push(...polled.last.map((f) => ({ ...f, actual: dm.within ? `${f.actual} (after ${dm.within} s)` : f.actual })));
      }
    }
    if (expect.log !== undefined && !this.o.signal?.aborted) {
      const text = expect.log;
      const end = requestedAt + timeoutMs;
      const look = await invocation(timeoutMs);
      const mine = look.kind === 'found' ? look.invocation.events.find((e) => e.includes(text)) : undefined;
      let other: string | undefined;
      // or a line of another integration group (rule errors) that names the thing, written after the request
      while (!mine && !other && look.kind !== 'cancelled' && !this.o.signal?.aborted) {
        other = this.lambda!.otherLines(acceptedSecond * 1000, thing).find((l) => l.includes(text));
        if (other || this.clock.now() >= end) break;
        await this.clock.sleep(Math.min(this.pollMs, end - this.clock.now()), this.o.signal);
      }
      if (mine || other) this.out(`  ← log: ${(mine ?? other)!.trim()}`);
      else if (!this.o.signal?.aborted && look.kind !== 'cancelled') {
        const actual = look.kind === 'found' ? `none in this request's Lwm2mOperation invocation (${look.invocation.requestId}: ${invocationText(look.invocation)}) or in a line naming ${thing}`
          : look.kind === 'ambiguous' ? ambiguousText(look.candidates) : `none within ${this.test.timeoutSeconds} s`;
        s.failures.push({ what: 'log', expected: `a log line containing ${JSON.stringify(text)}`, actual });
      }
    }
  }
}

/** Runs one test file. */
export function runTest(test: TestFile, options: RunOptions): Promise<TestRunResult> {
  return new TestRunner(test, options).run();
}
