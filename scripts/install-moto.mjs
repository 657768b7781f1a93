#!/usr/bin/env node
// Installs moto (a local AWS emulator, see ../shared/docs/aws-emulator.md) into .tools/moto for the
// contract suite. Idempotent and pinned: python3-moto 5.1.1-4 from Debian trixie, unpacked with
// `dpkg-deb -x` so the machine's own apt sources and installed packages are never changed; its Python
// dependencies come from the machine's own release (bookworm) through apt-get.
//
// Exit codes: 0 installed (or already there), 2 cannot install here (no apt-get, not root, no network):
// the contract suite then skips its moto half. Works as root without a TTY (CI=true).
// Usage: node scripts/install-moto.mjs [--quiet]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MOTO_VERSION = '5.1.1-4';
const MOTO_SUITE = 'trixie';
const DEPENDENCIES = [
  'python3', 'python3-boto3', 'python3-botocore', 'python3-cryptography', 'python3-dateutil', 'python3-flask',
  'python3-flask-cors', 'python3-jinja2', 'python3-requests', 'python3-responses', 'python3-werkzeug',
  'python3-xmltodict', 'python3-antlr4', 'python3-yaml',
];
export const PYTHON = '/usr/bin/python3';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const MOTO_DIR = path.join(root, '.tools', 'moto');
export const MOTO_PYTHONPATH = path.join(MOTO_DIR, 'usr', 'lib', 'python3', 'dist-packages');
const MARKER = path.join(MOTO_DIR, `.installed-${MOTO_VERSION}`);

class CannotInstall extends Error {}

const quiet = process.argv.includes('--quiet');
const log = (msg) => { if (!quiet) console.log(`[install-moto] ${msg}`); };

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    ...options,
  });
  if (r.error) throw new CannotInstall(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new CannotInstall(`${cmd} ${args.join(' ')} exited ${r.status}:\n${(r.stderr || r.stdout).trim().split('\n').slice(-8).join('\n')}`);
  }
  return r.stdout;
}

/** True when moto imports with the machine's Python and the unpacked folder. */
export function motoWorks() {
  if (!existsSync(PYTHON) || !existsSync(MOTO_PYTHONPATH)) return false;
  const r = spawnSync(PYTHON, ['-c', 'import moto.server, moto.iot, moto.iotdata, moto.logs'], {
    env: { ...process.env, PYTHONPATH: MOTO_PYTHONPATH }, stdio: 'ignore', timeout: 60_000,
  });
  return r.status === 0;
}

/** The archive URI and keyring of the machine's own Debian source (deb822 `.sources` or one-line `.list`). */
function debianSource() {
  const fallback = { uri: 'http://deb.debian.org/debian', keyring: '/usr/share/keyrings/debian-archive-keyring.gpg' };
  const dir = '/etc/apt/sources.list.d';
  const files = [
    ...(existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.sources') || f.endsWith('.list')).map((f) => path.join(dir, f)) : []),
    '/etc/apt/sources.list',
  ].filter((f) => existsSync(f));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.sources')) {
      for (const stanza of text.split(/\n\s*\n/)) {
        const field = (name) => stanza.match(new RegExp(`^${name}:\\s*(.+)$`, 'mi'))?.[1].trim();
        const uris = field('URIs')?.split(/\s+/) ?? [];
        const suites = field('Suites')?.split(/\s+/) ?? [];
        const uri = uris.find((u) => /\/debian\/?$/.test(u));
        if (uri && suites.some((s) => !s.includes('security')) && /^deb\b/.test(field('Types') ?? 'deb')) {
          return { uri: uri.replace(/\/$/, ''), keyring: field('Signed-By') ?? fallback.keyring };
        }
      }
    } else {
      for (const line of text.split('\n')) {
        const m = line.match(/^deb\s+(?:\[([^\]]*)\]\s+)?(\S+\/debian)\/?\s+(\S+)/);
        if (m && !m[3].includes('security')) {
          const keyring = m[1]?.match(/signed-by=(\S+)/)?.[1] ?? fallback.keyring;
          return { uri: m[2], keyring };
        }
      }
    }
  }
  return fallback;
}

function missingDependencies() {
  return DEPENDENCIES.filter((pkg) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

function install() {
  if (process.platform !== 'linux') throw new CannotInstall('moto is installed through Debian packages: Linux only');
  if (spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) throw new CannotInstall('no apt-get on this machine');
  const missing = missingDependencies();
  if (missing.length) {
    const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    const sudo = !asRoot && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
    if (!asRoot && !sudo) throw new CannotInstall(`installing ${missing.join(', ')} needs root (or password-less sudo)`);
    const apt = (args) => (sudo ? run('sudo', ['-n', 'apt-get', ...args]) : run('apt-get', args));
    log(`installing ${missing.length} Python packages from the machine's own apt sources`);
    apt(['update', '-qq']);
    apt(['install', '-y', '-qq', '--no-install-recommends', ...missing]);
  }

  if (!existsSync(PYTHON)) throw new CannotInstall(`no ${PYTHON} after installing python3`);
  const { uri, keyring } = debianSource();
  log(`fetching python3-moto=${MOTO_VERSION} from ${uri} ${MOTO_SUITE} (temporary apt configuration)`);
  const tmp = mkdtempSync(path.join(tmpdir(), 'lwm2m-moto-'));
  try {
    for (const d of ['lists/partial', 'cache/archives/partial', 'parts', 'download']) mkdirSync(path.join(tmp, d), { recursive: true });
    writeFileSync(path.join(tmp, 'sources.list'), `deb [signed-by=${keyring}] ${uri} ${MOTO_SUITE} main\n`);
    const opts = [
      '-o', `Dir::Etc::SourceList=${path.join(tmp, 'sources.list')}`,
      '-o', `Dir::Etc::SourceParts=${path.join(tmp, 'parts')}`,
      '-o', `Dir::State::Lists=${path.join(tmp, 'lists')}`,
      '-o', `Dir::Cache=${path.join(tmp, 'cache')}`,
      '-o', 'Debug::NoLocking=1',
      // Root would hand downloads to the `_apt` user, who cannot write into this private folder.
      ...(process.getuid?.() === 0 ? ['-o', 'APT::Sandbox::User=root'] : []),
    ];
    // Unprivileged apt-get can update and download into folders it owns; no sudo needed here.
    run('apt-get', [...opts, 'update', '-qq']);
    run('apt-get', [...opts, 'download', `python3-moto=${MOTO_VERSION}`], { cwd: path.join(tmp, 'download') });
    const deb = readdirSync(path.join(tmp, 'download')).find((f) => f.endsWith('.deb'));
    if (!deb) throw new CannotInstall('apt-get download produced no .deb');
    rmSync(MOTO_DIR, { recursive: true, force: true });
    mkdirSync(MOTO_DIR, { recursive: true });
    run('dpkg-deb', ['-x', path.join(tmp, 'download', deb), MOTO_DIR]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (!motoWorks()) throw new CannotInstall('moto was unpacked but does not import with /usr/bin/python3');
  writeFileSync(MARKER, `python3-moto ${MOTO_VERSION}\n`);
}

/** Installs when needed. Returns { ok, reason?, seconds }. */
export function ensureMoto() {
  const t0 = Date.now();
  if (existsSync(MARKER) && motoWorks()) return { ok: true, seconds: 0, cached: true };
  try {
    install();
    return { ok: true, seconds: (Date.now() - t0) / 1000 };
  } catch (e) {
    // Whatever went wrong (no apt, no network, a read-only .tools), the moto half is skipped, not failed.
    const reason = e instanceof CannotInstall ? e.message : `${e?.code ?? ''} ${e?.message ?? e}`.trim();
    return { ok: false, reason, seconds: (Date.now() - t0) / 1000 };
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = ensureMoto();
  if (r.ok) {
    log(r.cached ? `moto ${MOTO_VERSION} already installed in ${MOTO_DIR}` : `moto ${MOTO_VERSION} installed in ${MOTO_DIR} in ${r.seconds.toFixed(1)} s`);
    process.exit(0);
  }
  console.error(`[install-moto] cannot install moto here: ${r.reason}`);
  process.exit(2);
}
