// ARCHITECTURE.md stays true: every folder or file it names in backticks exists. A path is either written from
// the repository root (`src/ui/fleet/`, `esbuild.mjs`) or, as a bare name (`resultWatch.ts`, `nodes/`), taken
// inside the folder of the path named last before it.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const TOP_FOLDERS = ['src', 'test', 'schemas', 'scripts', 'bench', 'media', 'l10n', 'syntaxes'];
/** A name of a file or folder: no spaces, wildcards or placeholders; a file has an extension, a folder ends with '/'. */
const PATH_LIKE = /^[\w.-]+(\/[\w.-]+)*(\/|\.(ts|mjs|json|md|css))$/;

/** The paths ARCHITECTURE.md names, from the root, in the order they appear. */
function namedPaths(text: string): string[] {
  const out: string[] = [];
  let base = '';
  for (const [, token] of text.matchAll(/`([^`\n]+)`/g)) {
    if (!PATH_LIKE.test(token)) continue;
    const bare = !token.slice(0, -1).includes('/');
    const inBase = path.posix.join(base, token);
    // a bare name is inside the last folder, unless only the root has it (`package.json` after a src/ path)
    const full = TOP_FOLDERS.includes(token.split('/')[0]) ? token
      : bare && !existsSync(path.join(ROOT, inBase)) && existsSync(path.join(ROOT, token)) ? token
        : inBase;
    out.push(full);
    base = full.endsWith('/') ? full : path.posix.dirname(full);
  }
  return out;
}

test('every folder and file ARCHITECTURE.md names exists', () => {
  const named = namedPaths(readFileSync(path.join(ROOT, 'ARCHITECTURE.md'), 'utf8'));
  // the page names the layers' folders and the features' main files: far more than a handful
  assert.ok(named.length > 60, `only ${named.length} paths found in ARCHITECTURE.md`);
  for (const folder of ['src/core/', 'src/aws/', 'src/sandbox/', 'src/runner/', 'src/webview/', 'src/ui/', 'src/cli/']) assert.ok(named.includes(folder), `${folder} is not named`);
  const missing = named.filter((p) => !existsSync(path.join(ROOT, p)));
  assert.deepEqual(missing, [], `ARCHITECTURE.md names paths that do not exist (update it with the change that moved them): ${missing.join(', ')}`);
  const notFolders = named.filter((p) => p.endsWith('/') && !statSync(path.join(ROOT, p)).isDirectory());
  assert.deepEqual(notFolders, [], 'named as folders but files');
});
