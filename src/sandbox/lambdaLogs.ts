// What the Lambda runtime writes to a function's log group for each invocation: START, the function's
// own printed lines, END and REPORT (with INIT_START and Init Duration on a cold start), each event's
// message ending in a newline as the runtime's do (REPORT's fields each end in a tab), in log streams
// named per execution environment (`YYYY/MM/DD/[$LATEST]<id>`): an invocation that arrives while every
// environment is busy starts a new one (a cold start), so one stream never interleaves two invocations.
import { randomBytes } from 'node:crypto';
import type { LogStore } from './logStore';
import type { Random } from './random';

const IDLE_MS = 15 * 60 * 1000;

export interface Invocation {
  requestId: string;
  /** Epoch ms the invocation started. */
  at: number;
  /** The function's log events, in order, as written (a print() ends in '\n'; a crash report does not). */
  lines: string[];
  durationMs: number;
}

export class LambdaLogs {
  readonly group: string;
  /** Execution environments: their log stream and when they are free again (epoch ms). */
  private readonly environments: { stream: string; freeAt: number }[] = [];

  constructor(
    private readonly logs: LogStore,
    readonly functionName: string,
    private readonly rng: Random,
    private readonly memoryMb = 128,
    createdAt?: number,
  ) {
    this.group = `/aws/lambda/${functionName}`;
    logs.ensureGroup(this.group, createdAt);
  }

  write(inv: Invocation): void {
    // Environments idle past 15 minutes are gone; a free one is reused (warm), otherwise a new one starts.
    for (let i = this.environments.length - 1; i >= 0; i--) if (inv.at - this.environments[i].freeAt > IDLE_MS) this.environments.splice(i, 1);
    let env = this.environments.find((e) => e.freeAt <= inv.at);
    const cold = !env;
    if (!env) {
      const d = new Date(inv.at);
      const day = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}`;
      env = { stream: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`, freeAt: inv.at };
      this.environments.push(env);
      this.logs.ensureStream(this.group, env.stream, inv.at);
    }
    const events: { timestamp: number; message: string }[] = [];
    let t = inv.at;
    const initMs = cold ? 300 + this.rng.int(0, 250) + this.rng.next() : 0;
    if (cold) events.push({ timestamp: t - Math.ceil(initMs), message: 'INIT_START Runtime Version: python:3.8.v48\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:0b1c5e0ba4fb2c5a8e4b1d7e1b9d7b5f2e8c7a6d5b4c3a2f1e0d9c8b7a6f5e4d\n' });
    events.push({ timestamp: t, message: `START RequestId: ${inv.requestId} Version: $LATEST\n` });
    const step = inv.lines.length ? inv.durationMs / (inv.lines.length + 1) : 0;
    for (const line of inv.lines) events.push({ timestamp: Math.round((t += step)), message: line });
    const end = inv.at + Math.ceil(inv.durationMs);
    env.freeAt = end + 1;
    events.push({ timestamp: end, message: `END RequestId: ${inv.requestId}\n` });
    const report = `REPORT RequestId: ${inv.requestId}\tDuration: ${inv.durationMs.toFixed(2)} ms\tBilled Duration: ${Math.ceil(inv.durationMs + initMs)} ms\tMemory Size: ${this.memoryMb} MB\tMax Memory Used: ${this.rng.int(62, 78)} MB\t${cold ? `Init Duration: ${initMs.toFixed(2)} ms\t` : ''}\n`;
    events.push({ timestamp: end, message: report });
    for (let i = 1; i < events.length; i++) if (events[i].timestamp < events[i - 1].timestamp) events[i].timestamp = events[i - 1].timestamp;
    this.logs.put(this.group, env.stream, events, Math.max(Date.now(), end));
  }
}
