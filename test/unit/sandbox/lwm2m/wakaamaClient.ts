// Eclipse Wakaama's example LwM2M client as a separate process, the way a device runs against the sandbox. Found
// through LWM2M_TEST_CLIENT (the lwm2mclient binary, or the folder holding it), else ../shared/tools/wakaama/bin
// beside the repository (where CI has it). Tests that need it are skipped with the reason when it is missing.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';

export const NO_CLIENT = 'skipped: no LwM2M client (LWM2M_TEST_CLIENT)';

/** The lwm2mclient binary and its SenML CBOR build, or undefined when none is found. */
export function findClient(): { plain: string; cbor?: string } | undefined {
  const repo = path.resolve(__dirname, '..', '..', '..', '..', '..');
  const given = process.env.LWM2M_TEST_CLIENT;
  const candidates = given ? [given] : [path.join(repo, '..', 'shared', 'tools', 'wakaama', 'bin')];
  for (const c of candidates) {
    if (!existsSync(c)) continue;
    const plain = statSync(c).isDirectory() ? path.join(c, 'lwm2mclient') : c;
    if (!existsSync(plain)) continue;
    const cbor = `${plain}-senml-cbor`;
    return { plain, ...(existsSync(cbor) ? { cbor } : {}) };
  }
  return undefined;
}

/** A UDP port free right now (the client binds it with -l). */
export async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export class WakaamaClient {
  private output = '';
  private readonly waiters = new Set<() => void>();
  readonly exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly endpoint: string,
    readonly localPort: number,
  ) {
    const take = (d: Buffer) => {
      this.output = (this.output + d.toString('latin1')).slice(-200_000);
      for (const w of this.waiters) w();
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  static async start(binary: string, o: { serverPort: number; endpoint: string; lifetime?: number; blockSize?: number }): Promise<WakaamaClient> {
    const localPort = await freeUdpPort();
    const args = ['-4', '-h', '127.0.0.1', '-p', String(o.serverPort), '-n', o.endpoint, '-t', String(o.lifetime ?? 60), '-l', String(localPort)];
    if (o.blockSize) args.push('-S', String(o.blockSize));
    const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    return new WakaamaClient(child, o.endpoint, localPort);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Resolves when the client's output matches (or rejects after timeoutMs). */
  waitFor(re: RegExp, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!re.test(this.output)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`client ${this.endpoint} never printed ${re}; last output:\n${this.output.slice(-800)}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Types a command into its shell (`update 123`, `send 123 /3/0/13`). */
  command(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** Types `quit` into its shell: it de-registers and exits. */
  async quit(): Promise<void> {
    this.child.stdin.write('quit\n');
    await this.exited;
  }

  signal(sig: NodeJS.Signals): void {
    this.child.kill(sig);
  }

  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
