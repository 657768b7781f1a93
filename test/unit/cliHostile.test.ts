// The bundled CLI (dist/cli.js, as `npx lwm2m-shadows` runs it) against hostile input generated here at run
// time: huge, deep, broken, binary and tricky documents, and files that are not files. Whatever it is given,
// it answers within seconds with exit 0/1 and diagnostics, or exit 2 and one line on stderr; never a stack
// trace, never a hang, never raw control characters in its output. LWM2M_CLI_UNDER_TEST points it at
// another build (e.g. an older dist/cli.js, to count what failed before).
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const CLI = process.env.LWM2M_CLI_UNDER_TEST ?? path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
const dir = mkdtempSync(path.join(tmpdir(), 'lwm2m-cli-hostile-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
const file = (content: string | Buffer): string => {
  const f = path.join(dir, `input-${++n}.json`);
  writeFileSync(f, content);
  return f;
};
const doc = (desired: unknown) => JSON.stringify({ state: { desired } });
const keys = (count: number, make: (i: number) => string) => Array.from({ length: count }, (_, i) => make(i));

interface Case { name: string; args: () => string[]; exit: readonly number[]; stdout?: RegExp; stderr?: RegExp; usage?: boolean }

const KB = 1024;
const cases: Case[] = [];
const validate = (name: string, content: () => string | Buffer, exit: readonly number[] = [0, 1], stdout?: RegExp) =>
  cases.push({ name, args: () => ['validate', file(content())], exit, stdout });

// size
validate('128 KB + 1 byte', () => doc({ operation: 'read', keys: ['Device.0'], pad: 'x'.repeat(128 * KB) }), [1], /shadow-too-large: the document is \d+ bytes/);
validate('1 MB of keys', () => doc({ operation: 'read', keys: keys(40_000, (i) => `LwM2M Server.${i}.Lifetime`) }), [1], /shadow-too-large/);
validate('10 MB of spaces', () => ' '.repeat(10 * KB * KB) + '{}', [1], /shadow-too-large/);
validate('130,000 keys with commas', () => doc({ operation: 'read', keys: keys(130_000, () => 'x,y') }), [1], /shadow-too-large/);
validate('100,000 keys', () => doc({ operation: 'read', keys: keys(100_000, (i) => `Device.${i}`) }), [1], /shadow-too-large/);
// many keys and findings under the cap
validate('8,000 distinct keys (read: prefix checks)', () => doc({ operation: 'read', keys: keys(8_000, (i) => `A.${i}`) }));
validate('8,000 keys, each inside the one before', () => doc({ operation: 'observe', keys: keys(8_000, (i) => `A.0${'.x'.repeat(i % 40)}`), attributes: keys(8_000, () => '').map(() => ({})) }));
validate('20,000 keys with commas (findings flood)', () => doc({ operation: 'read', keys: keys(20_000, () => 'x,y') }), [1], /comma-in-value/);
validate('3,000 copies of one key', () => doc({ operation: 'write', keys: keys(3_000, () => 'Device.0.Timezone'), values: keys(3_000, () => 'UTC') }), [1], /duplicate-key/);
validate('5,000 wrong-typed keys', () => doc({ operation: 'read', keys: Array.from({ length: 5_000 }, (_, i) => (i % 2 ? null : { a: i })) }), [1], /wrong-type/);
validate('5,000 unknown fields', () => doc(Object.fromEntries([['operation', 'read'], ['keys', ['Device.0']], ...Array.from({ length: 5_000 }, (_, i) => [`f${i}`, i])])), [1], /ignored-field/);
validate('3,000 attributes objects', () => doc({ operation: 'observe', keys: keys(3_000, (i) => `Temperature.${i}.Sensor Value`), attributes: Array.from({ length: 3_000 }, (_, i) => ({ pmin: i, pmax: 1, gt: 1, lt: 9, st: -1 })) }));
// nesting
validate('10,000-deep objects', () => '{"operation":"read","keys":["Device.0"],"x":' + '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000) + '}', [1], /nesting-too-deep/);
validate('60,000-deep arrays', () => '{"operation":"read","keys":["Device.0"],"x":' + '['.repeat(60_000) + ']'.repeat(60_000) + '}', [1], /nesting-too-deep/);
validate('60,000 unclosed arrays', () => '{"operation":"read","keys":' + '['.repeat(60_000), [1], /nesting-too-deep/);
validate('60,000 unclosed objects', () => '{"a":'.repeat(20_000), [1], /nesting-too-deep/);
validate('65-deep values', () => doc({ operation: 'write', keys: ['Device.0.Timezone'], values: [JSON.parse('['.repeat(63) + ']'.repeat(63))] }), [1], /nesting-too-deep/);
validate('40-deep unknown field', () => doc({ operation: 'read', keys: ['Device.0'], x: JSON.parse('{"a":'.repeat(40) + '1' + '}'.repeat(40)) }), [1], /nesting-too-deep/);
validate('deep keys array', () => doc({ operation: 'read', keys: JSON.parse('['.repeat(50) + '"Device.0"' + ']'.repeat(50)) }), [1]);
// broken syntax
validate('empty file', () => '', [1], /json-syntax/);
validate('whitespace only', () => ' \n\t\r\n ', [1], /json-syntax/);
validate('only {', () => '{', [1], /json-syntax/);
validate('unterminated string', () => '{"operation":"read","keys":["Device.0', [1], /json-syntax/);
validate('100,000 closing brackets', () => '{}' + '}'.repeat(100_000), [1], /json-syntax/);
validate('garbage 40 KB', () => Buffer.from(Array.from({ length: 40 * KB }, (_, i) => (i * 7919) % 256)), [1], /json-syntax/);
validate('NUL bytes', () => '{"operation":"read\u0000","keys":["Device.0"]}\u0000', [1]);
validate('invalid UTF-8', () => Buffer.concat([Buffer.from('{"operation":"read","keys":["Device.'), Buffer.from([0xff, 0xfe, 0xc0]), Buffer.from('"]}')]), [1]);
validate('UTF-16 LE with BOM', () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"operation":"read","keys":["Device.0"]}', 'utf16le')]), [1]);
validate('UTF-8 BOM', () => '\ufeff{"operation":"read","keys":["Device.0"]}', [1], /error byte-order-mark/);
validate('comments and trailing commas', () => '// c\n{"operation":"read",/* x */"keys":["Device.0",],}', [1], /json-syntax/);
validate('10,000 syntax errors', () => '{' + '"a" "b" '.repeat(10_000) + '}', [1], /json-syntax/);
validate('scalar document', () => '42', [1]);
validate('null document', () => 'null', [1]);
validate('array document', () => '[{"operation":"read","keys":["Device.0"]}]', [1]);
validate('string document', () => '"{\\"operation\\":\\"read\\"}"', [1]);
// text hazards
validate('lone surrogate escape', () => '{"operation":"write","keys":["Device.0.Timezone"],"values":["\\ud800"]}', [1], /error lone-surrogate/);
validate('lone low surrogate in a key', () => '{"operation":"read","keys":["Device.0\\udc00"]}', [1], /lone-surrogate/);
validate('surrogate pair is fine', () => '{"operation":"write","keys":["Device.0.Timezone"],"values":["\\ud83d\\ude00"]}', [0, 1]);
validate('1e400', () => '{"operation":"write","keys":["LwM2M Server.1.Lifetime"],"values":[1e400]}', [1], /error number-out-of-range/);
validate('-1e400', () => '{"operation":"write","keys":["LwM2M Server.1.Lifetime"],"values":[-1e400]}', [1], /number-out-of-range/);
validate('30-digit integer', () => '{"operation":"write","keys":["Device.0.Timezone"],"values":[123456789012345678901234567890]}', [0, 1], /warning number-out-of-range/);
validate('1e-400', () => '{"operation":"write","keys":["LwM2M Server.1.Lifetime"],"values":[1e-400]}', [0, 1]);
validate('duplicate property', () => '{"operation":"read","operation":"write","keys":["Device.0"]}', [1], /warning duplicate-property: "operation" is given twice/);
validate('1,000 duplicate properties', () => '{"operation":"read","keys":["Device.0"],' + keys(1_000, () => '"x":1').join(',') + '}', [0], /duplicate-property/);
validate('__proto__ and constructor keys', () => '{"__proto__":{"operation":"write"},"constructor":1,"operation":"read","keys":["Device.0"]}', [0], /ignored-field/);
validate('operation toString', () => doc({ operation: 'toString', keys: ['Device.0'] }), [1], /unknown-operation/);
validate('keys named like prototype members', () => doc({ operation: 'read', keys: ['__proto__.0', 'constructor.0.toString', 'hasOwnProperty'] }), [0], /unknown-object/);
validate('terminal escapes and line breaks in a key', () => doc({ operation: 'read', keys: ['\u001b[2J\u001b[31mBoom.0\nfake.json:1:1: error forged'] }), [0, 1]);
validate('very long key', () => doc({ operation: 'read', keys: ['Device.' + '0'.repeat(100 * KB)] }), [1]);
validate('long string value', () => doc({ operation: 'write', keys: ['Device.0.Timezone'], values: ['x'.repeat(120 * KB)] }), [1], /shadow-too-large/);
validate('CR-only line ends', () => '{\r"operation":"read",\r"keys":[\r"Device.0.Nope"]}', [1], /:4:11: error unknown-resource/);

// files that are not regular files (made once, before the runs)
const special = {
  fifo: path.join(dir, 'fifo'),
  directory: path.join(dir, 'a-dir'),
  device: '/dev/zero',
  missing: path.join(dir, 'missing.json'),
  dangling: path.join(dir, 'dangling'),
  loop: path.join(dir, 'loop'),
};
if (process.platform !== 'win32') spawnSync('mkfifo', [special.fifo]);
mkdirSync(special.directory);
symlinkSync(path.join(dir, 'nowhere'), special.dangling);
symlinkSync(special.loop, special.loop);
const notFiles: [string, string, RegExp][] = [
  ['a FIFO with no writer', special.fifo, /not a regular file \(a FIFO\)/],
  ['a directory', special.directory, /not a regular file \(a directory\)|EISDIR/],
  ['a device', special.device, /not a regular file \(a device\)/],
  ['a missing file', special.missing, /ENOENT/],
  ['a dangling symlink', special.dangling, /ENOENT/],
  ['a symlink loop', special.loop, /ELOOP/],
];
for (const [name, f, message] of notFiles) {
  if (!existsSync(f) && !name.includes('missing') && !name.includes('symlink')) continue;
  cases.push({ name: `validate ${name}`, args: () => ['validate', f], exit: [2], stderr: message });
  cases.push({ name: `--datamodel ${name}`, args: () => ['validate', '--datamodel', f, file(doc({ operation: 'read', keys: ['Device.0'] }))], exit: [2], stderr: message });
}
cases.push({ name: 'a good file next to a FIFO', args: () => ['validate', special.fifo, file(doc({ operation: 'read', keys: ['Device.0'] }))], exit: [2], stderr: /FIFO/ });
// hostile datamodels and object definitions
cases.push({ name: '--datamodel 60,000-deep', args: () => ['validate', '--datamodel', file('{"state":{"reported":' + '['.repeat(60_000) + ']'.repeat(60_000) + '}}'), file(doc({ operation: 'read', keys: ['Device.0'] }))], exit: [0, 1, 2] });
cases.push({ name: '--datamodel garbage', args: () => ['validate', '--datamodel', file('{"state":'), file(doc({ operation: 'read', keys: ['Device.0'] }))], exit: [2], stderr: /is not JSON/ });
cases.push({ name: '--datamodel with __proto__ objects', args: () => ['validate', '--datamodel', file('{"state":{"reported":{"__proto__":{"0":{"x":"1"}},"Device":{"__proto__":{"Manufacturer":"x"}}}}}'), file(doc({ operation: 'read', keys: ['__proto__.0.x', 'Device.0'] }))], exit: [0, 1] });
const ddfDir = (xml: string) => { const d = path.join(dir, `ddf-${++n}`); mkdirSync(d); writeFileSync(path.join(d, 'x.xml'), xml); return d; };
cases.push({ name: '--objects deeply nested XML', args: () => ['validate', '--objects', ddfDir('<a>'.repeat(50_000) + '</a>'.repeat(50_000)), file(doc({ operation: 'read', keys: ['Device.0'] }))], exit: [0, 1, 2] });
cases.push({ name: '--objects garbage XML', args: () => ['validate', '--objects', ddfDir('<LWM2M><Object><ObjectID>x</ObjectID>'), file(doc({ operation: 'read', keys: ['Device.0'] }))], exit: [0, 1, 2] });
cases.push({ name: 'keys with a 100 KB prefix', args: () => ['keys', 'Device.' + 'x'.repeat(100 * KB)], exit: [0] });
cases.push({ name: 'keys with control characters', args: () => ['keys', '\u001b[31m\n'], exit: [0] });
cases.push({ name: 'unknown option', args: () => ['validate', '--nope'], exit: [2], stderr: /^lwm2m-shadows: unknown option --nope\n/, usage: true });

function run(args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000, killSignal: 'SIGKILL' });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('close', (code, signal) => resolve({ code, signal, out, err, ms: performance.now() - t0 }));
  });
}

test(`the CLI survives ${cases.length} hostile inputs: exit 0/1 with diagnostics or exit 2 with one line, within seconds, no stack trace`, { skip: !existsSync(CLI) && `no ${CLI} (npm run build)` }, async () => {
  const failures: string[] = [];
  const slow: string[] = [];
  const prepared = cases.map((c) => ({ c, args: c.args() }));
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < prepared.length; i = next++) {
      const { c, args } = prepared[i];
      const r = await run(args);
      const problems: string[] = [];
      if (r.signal) problems.push(`killed by ${r.signal} after ${r.ms.toFixed(0)} ms (hung)`);
      else if (!c.exit.includes(r.code ?? -1)) problems.push(`exit ${r.code}, expected ${c.exit.join(' or ')}`);
      if (/^\s+at .+[:(]\d+/m.test(r.err) || /\bat (Object|Module|node:)/.test(r.err)) problems.push('stack trace on stderr');
      if (r.code === 1 && !r.out.trim()) problems.push('exit 1 with empty stdout');
      // one line per problem (usage errors add the usage text after theirs)
      const strange = c.usage ? [] : r.err.split('\n').filter((l) => l && !/^(lwm2m-shadows: |warning: |\d+ errors?, \d+ warnings? in \d+ files?$)/.test(l));
      if (strange.length) problems.push(`stderr has ${strange.length} unexpected lines, e.g. ${strange[0].slice(0, 120)}`);
      if (c.stdout && !c.stdout.test(r.out)) problems.push(`stdout lacks ${c.stdout}`);
      if (c.stderr && !c.stderr.test(r.err)) problems.push(`stderr lacks ${c.stderr}: ${r.err.slice(0, 200)}`);
      if (args[0] === 'validate' && r.code !== 2) {
        for (const line of r.out.split('\n').filter(Boolean)) {
          if (!/^.+:\d+:\d+: (error|warning|info) [a-z]+(-[a-z]+)*: ./.test(line)) { problems.push(`malformed output line: ${line.slice(0, 120)}`); break; }
        }
      }
      if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(r.out)) problems.push('raw control characters in stdout');
      if (r.ms > 10_000) slow.push(`${c.name}: ${r.ms.toFixed(0)} ms`);
      if (problems.length) failures.push(`${c.name}: ${problems.join('; ')}${r.err ? ` [stderr: ${r.err.slice(0, 160).replace(/\n/g, '⏎')}]` : ''}`);
    }
  };
  await Promise.all([worker(), worker()]);
  assert.deepEqual(failures, [], `${failures.length} of ${cases.length} hostile inputs failed:\n${failures.join('\n')}`);
  assert.deepEqual(slow, [], 'each input is answered within 10 s');
});
