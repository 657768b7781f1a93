// The CBOR library (cborg, pure JS, maintained), loaded synchronously in both of the project's builds.
//
// cborg is ESM-only and its package.json "exports" offer only the "import" condition. esbuild follows that
// condition, so in the product bundles (dist/*.js) `require('./cborgBundled')` below is simply cborg, inlined.
// The tests, though, run tsc's CommonJS output (out/), where cborgBundled.js becomes `require('cborg')` and Node
// refuses it with ERR_PACKAGE_PATH_NOT_EXPORTED, although Node ≥ 20.19 (the engines floor) can require() an ES
// module synchronously. So, only then, the package's ESM entry file is required by its absolute path, which the
// exports map does not govern. No loader hooks, no global patches, nothing asynchronous.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export type Cborg = typeof import('./cborgBundled');

let loaded: Cborg | undefined;

export function cborg(): Cborg {
  loaded ??= load();
  return loaded;
}

function load(): Cborg {
  try {
    return require('./cborgBundled') as Cborg;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') throw err;
    return requireEsmEntry();
  }
}

function requireEsmEntry(): Cborg {
  for (const dir of require.resolve.paths('cborg') ?? []) {
    const pkgFile = path.join(dir, 'cborg', 'package.json');
    if (!existsSync(pkgFile)) continue;
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports?: { '.'?: { import?: string } } };
    const entry = pkg.exports?.['.']?.import ?? './cborg.js';
    return require(path.join(dir, 'cborg', entry)) as Cborg;
  }
  throw new Error('cborg is not installed');
}
