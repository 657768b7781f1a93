// Starts the VS Code 1.139 server (code-server's lib/vscode) directly with Node 24, as
// ../shared/docs/real-vscode-tests.md describes: on a free port, with the smoke-test driver enabled for tests
// (without it the workbench ignores a test payload; with it VS Code shows no notification toasts, so the demo
// runs without it), always behind a random connection token (the server gives a terminal to whoever reaches
// it), in its own process group so that stop() also ends the extension host.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { locateTools, type Tools } from './tools';

export interface ServerOptions {
  /** Folder for this run: user data, extensions, server data and server.log go below it. */
  runDir: string;
  userDataDir?: string;
  extensionsDir?: string;
  /** Written to `<user-data-dir>/User/settings.json` and the server's machine settings before start. */
  settings?: Record<string, unknown>;
  /** .vsix files (or extension folders) installed into the extensions dir before start. */
  installExtensions?: string[];
  host?: string;
  /** 0 (default) lets the server pick a free port; a range "8080-8180" takes the first free one in it. */
  port?: number | string;
  /** The test harness's driver (default true): needed for test payloads; hides notification toasts. */
  smokeTestDriver?: boolean;
  /** The connection token every request must carry (default: a random one). */
  connectionToken?: string;
  /**
   * Seconds a closed window's extension host is kept for the window to reconnect (VS Code's default is 3 hours).
   * While kept, it holds what it opened, such as the sandbox's LwM2M port.
   */
  reconnectionGraceSeconds?: number;
  /** Milliseconds to wait for GET /version. */
  startTimeoutMs?: number;
  tools?: Tools;
}

export interface RunningServer {
  url: string;
  /** Carries the connection token (the server then sets it as a cookie and drops it from the URL). */
  workbenchUrl(query?: Record<string, string>): string;
  port: number;
  host: string;
  userDataDir: string;
  extensionsDir: string;
  serverDataDir: string;
  logFile: string;
  /** A `vscode-remote://` URI for a path on this server (what a workbench payload wants). */
  remoteUri(absPath: string): string;
  /** Stops the server and everything it started; safe to call more than once. */
  stop(): Promise<void>;
}

/** Process groups of the servers this process started and has not stopped yet. */
const running = new Set<number>();
let exitHookInstalled = false;

/** Kills every server this process started, synchronously; for exit paths that cannot await (signals, 'exit'). */
export function killAllServersSync(): void {
  for (const pid of running) { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }
  running.clear();
}

function writeSettings(file: string, settings: Record<string, unknown>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let existing: Record<string, unknown> = {};
  try { existing = JSON.parse(fs.readFileSync(file, 'utf8')); } catch { /* none yet */ }
  fs.writeFileSync(file, JSON.stringify({ ...existing, ...settings }, null, 2) + '\n');
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
    req.on('error', () => resolve(0));
    req.on('timeout', () => { req.destroy(); resolve(0); });
  });
}

function tail(file: string, lines = 30): string {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return ''; }
}

/** Installs extensions with the server's own CLI (`--install-extension`), before the server starts. */
export function installExtensions(tools: Tools, dirs: { extensionsDir: string; userDataDir: string; serverDataDir: string }, extensions: string[]): void {
  if (extensions.length === 0) return;
  const args = [tools.serverMain, '--accept-server-license-terms', '--extensions-dir', dirs.extensionsDir,
    '--user-data-dir', dirs.userDataDir, '--server-data-dir', dirs.serverDataDir, '--force'];
  for (const e of extensions) args.push('--install-extension', e);
  const r = spawnSync(tools.node, args, { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0 || /Failed|Error/i.test(r.stdout + r.stderr)) {
    throw new Error(`installing ${extensions.join(', ')} into the VS Code server failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  }
}

export async function startVsCodeServer(options: ServerOptions): Promise<RunningServer> {
  const tools = options.tools ?? locateTools();
  const host = options.host ?? '127.0.0.1';
  const runDir = path.resolve(options.runDir);
  const userDataDir = path.resolve(options.userDataDir ?? path.join(runDir, 'user-data'));
  const extensionsDir = path.resolve(options.extensionsDir ?? path.join(runDir, 'extensions'));
  const serverDataDir = path.join(runDir, 'server-data');
  const logFile = path.join(runDir, 'server.log');
  for (const d of [runDir, userDataDir, extensionsDir, serverDataDir]) fs.mkdirSync(d, { recursive: true });
  if (options.settings) {
    writeSettings(path.join(userDataDir, 'User', 'settings.json'), options.settings);
    writeSettings(path.join(serverDataDir, 'data', 'Machine', 'settings.json'), options.settings);
  }
  installExtensions(tools, { extensionsDir, userDataDir, serverDataDir }, options.installExtensions ?? []);

  const token = options.connectionToken ?? randomBytes(18).toString('base64url');
  if (!/^[\w-]{16,}$/.test(token)) throw new Error('a connection token is at least 16 characters of a-z, A-Z, 0-9, _ and -');
  const tokenFile = path.join(serverDataDir, 'connection-token');
  fs.writeFileSync(tokenFile, token, { mode: 0o600 });
  const args = [tools.serverMain, '--host', host, '--port', String(options.port ?? 0), '--connection-token-file', tokenFile,
    '--accept-server-license-terms', ...(options.smokeTestDriver === false ? [] : ['--enable-smoke-test-driver']),
    '--disable-workspace-trust', '--telemetry-level', 'off',
    ...(options.reconnectionGraceSeconds !== undefined ? ['--reconnection-grace-time', String(options.reconnectionGraceSeconds)] : []),
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--server-data-dir', serverDataDir];
  const log = fs.openSync(logFile, 'a');
  const child: ChildProcess = spawn(tools.node, args, { detached: true, stdio: ['ignore', 'pipe', log], env: { ...process.env, VSCODE_CLI: undefined } });
  let output = '';
  let exited: string | undefined;
  const portFound = new Promise<number>((resolve) => {
    child.stdout!.on('data', (d: Buffer) => {
      fs.appendFileSync(logFile, d);
      if (output.length < 100_000) output += d.toString();
      const m = /listening on (\d+)/.exec(output);
      if (m) resolve(Number(m[1]));
    });
  });
  child.on('exit', (code, signal) => { exited = signal ?? `exit ${code}`; });
  child.on('error', (e) => { exited = e.message; });

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopped ??= new Promise<void>((resolve) => {
    running.delete(child.pid ?? -1);
    const group = (sig: NodeJS.Signals): void => { try { process.kill(-child.pid!, sig); } catch { /* gone */ } };
    if (exited !== undefined || !child.pid) { group('SIGKILL'); fs.closeSync(log); resolve(); return; }
    group('SIGTERM');
    const hard = setTimeout(() => group('SIGKILL'), 3000);
    child.once('exit', () => { clearTimeout(hard); group('SIGKILL'); try { fs.closeSync(log); } catch { /* closed */ } resolve(); });
  }));

  const server: RunningServer = {
    url: '', port: 0, host, userDataDir,
    workbenchUrl: (query = {}) => `${server.url}/?${new URLSearchParams({ tkn: token, ...query }).toString()}`, extensionsDir, serverDataDir, logFile,
    remoteUri: (p) => `vscode-remote://${host}:${server.port}${path.resolve(p).split(path.sep).map(encodeURIComponent).join('/')}`,
    stop,
  };
  if (child.pid) running.add(child.pid);
  if (!exitHookInstalled) { process.once('exit', killAllServersSync); exitHookInstalled = true; }

  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  try {
    const port = await Promise.race([
      portFound,
      new Promise<never>((_, reject) => {
        const t = setInterval(() => {
          if (exited !== undefined) { clearInterval(t); reject(new Error(`the VS Code server exited (${exited}) before listening`)); }
          else if (Date.now() > deadline) { clearInterval(t); reject(new Error(`the VS Code server did not listen within ${timeoutMs} ms`)); }
        }, 100);
        void portFound.then(() => clearInterval(t));
      }),
    ]);
    server.port = port;
    server.url = `http://${host}:${port}`;
    while ((await httpStatus(`${server.url}/version`)) !== 200) {
      if (exited !== undefined) throw new Error(`the VS Code server exited (${exited})`);
      if (Date.now() > deadline) throw new Error(`GET ${server.url}/version did not answer 200 within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return server;
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}. Server log ${logFile}:\n${tail(logFile)}`);
  }
}
