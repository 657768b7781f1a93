// Flat config. Besides the usual TypeScript checks it enforces the layers described in ARCHITECTURE.md:
// core, aws, sandbox, runner, webview and cli never import 'vscode'; core imports nothing of the project above it;
// aws and sandbox import only core; operations (the send pipeline) and runner import core and aws; the webviews'
// browser scripts import only core (and their own protocol); ui takes core's code only through loadCore(); the
// command line (src/cli) takes core and the runner, aws and the sandbox on demand, and nothing imports it.
import tseslint from 'typescript-eslint';

const noVscode = { name: 'vscode', message: 'Only src/ui and src/extension.ts may import vscode (see the layers in ARCHITECTURE.md).' };
const layer = (dir, forbidden) => ({
  files: [`src/${dir}/**/*.ts`],
  rules: {
    'no-restricted-imports': ['error', {
      paths: [noVscode],
      // src/operations has no index: a bare '../operations' is src/core/operations.ts, seen from src/core/validate/
      patterns: forbidden.map((f) => ({ group: [...(f === 'operations' ? [] : [`../${f}`]), `../${f}/*`, `**/${f}/*`], message: `src/${dir} must not import src/${f} (see the layers in ARCHITECTURE.md).` })),
    }],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.tools/**', '.test-output/**', 'schemas/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  // Promises nobody awaits or catches: an unhandled rejection is a bug, and so is a promise passed where
  // a plain callback is expected (its rejection goes nowhere). Type-aware, so only on src/ to keep lint fast.
  // Fire-and-forget is written `void p.catch(report)` — on purpose, and visible.
  {
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  // ui reaches core's code one way: loadCore() in src/ui/layers.ts (the lazily loaded dist/core.js, also as
  // ctx.core()). `import type` is free (erased at build time). The only value imports are tiny pure functions
  // that pure ui modules, unit-tested in plain Node without the bundles, call synchronously; esbuild copies
  // them into dist/extension.js (about 1 KB together).
  {
    files: ['src/ui/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{
          group: ['**/core/*', '**/core/**', '!**/core/jsonValue', '!**/core/desiredUpdate', '!**/core/unitText', '!**/core/presignedUrl'],
          allowTypeImports: true,
          message: 'src/ui takes core\'s code through loadCore() / ctx.core() (src/ui/layers.ts), so it is not bundled into extension.js a second time; use `import type` for types.',
        }],
      }],
    },
  },
  layer('core', ['aws', 'sandbox', 'ui', 'runner', 'webview', 'operations', 'cli']),
  layer('aws', ['sandbox', 'ui', 'runner', 'webview', 'operations', 'cli']),
  layer('sandbox', ['aws', 'ui', 'runner', 'webview', 'operations', 'cli']),
  layer('operations', ['sandbox', 'ui', 'runner', 'webview', 'cli']),
  layer('runner', ['sandbox', 'ui', 'webview', 'cli']),
  layer('webview', ['aws', 'sandbox', 'ui', 'runner', 'operations', 'cli']),
  {
    files: ['src/ui/**/*.ts', 'src/extension.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/cli/*'], message: 'Nothing imports src/cli: it is the command line (see the layers in ARCHITECTURE.md).' }] }] },
  },
  // The command line runs core and the runner; aws and the sandbox it loads on demand (CliIo.load), so that
  // `validate` starts without the AWS SDK: their types only.
  layer('cli', ['ui', 'webview', 'operations']),
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{
          group: ['../aws/*', '../sandbox/*'],
          allowTypeImports: true,
          message: 'src/cli loads aws and the sandbox with io.load() (dist/aws.js, dist/sandbox.js) so that validate and keys start without them; use `import type` for types.',
        }],
      }],
    },
  },
);
