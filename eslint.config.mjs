// Flat config. Besides the usual TypeScript checks it enforces the layers of docs/design.md:
// core, aws and sandbox never import 'vscode'; core imports nothing of aws, sandbox or ui;
// aws and sandbox import only core.
import tseslint from 'typescript-eslint';

const noVscode = { name: 'vscode', message: 'Only src/ui and src/extension.ts may import vscode (see design.md layers).' };
const layer = (dir, forbidden) => ({
  files: [`src/${dir}/**/*.ts`],
  rules: {
    'no-restricted-imports': ['error', {
      paths: [noVscode],
      patterns: forbidden.map((f) => ({ group: [`../${f}`, `../${f}/*`, `**/${f}/*`], message: `src/${dir} must not import src/${f} (see design.md layers).` })),
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
  layer('core', ['aws', 'sandbox', 'ui']),
  layer('aws', ['sandbox', 'ui']),
  layer('sandbox', ['aws', 'ui']),
);
