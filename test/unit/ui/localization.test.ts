// Translators work from l10n/bundle.l10n.json (runtime strings) and package.nls.json (manifest strings):
// a string missing there is shown untranslated in every language, so every one must be listed.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

interface L10nCall { file: string; line: number; message?: string }

/** Every `vscode.l10n.t(…)` / `l10n.t(…)` call in src, with its message when it is a literal. */
function l10nCalls(): L10nCall[] {
  const calls: L10nCall[] = [];
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && /^(vscode\.)?l10n\.t$/.test(node.expression.getText(source))) {
        calls.push({
          file: path.relative(ROOT, file),
          line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
          message: literalMessage(node.arguments[0]),
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return calls;
}

/** The message of `t('…')` or `t({ message: '…', … })`; undefined when it is computed at run time. */
function literalMessage(arg: ts.Expression | undefined): string | undefined {
  if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) return arg.text;
  if (arg && ts.isObjectLiteralExpression(arg)) {
    for (const p of arg.properties) {
      if (ts.isPropertyAssignment(p) && p.name.getText() === 'message') return literalMessage(p.initializer);
    }
  }
  return undefined;
}

test('every runtime string (vscode.l10n.t in src) is in l10n/bundle.l10n.json', () => {
  const bundle = JSON.parse(readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
  const calls = l10nCalls();
  assert.ok(calls.length > 100, `expected the extension's runtime strings, found ${calls.length} calls`);
  const computed = calls.filter((c) => c.message === undefined).map((c) => `${c.file}:${c.line}`);
  assert.deepEqual(computed, [], 'l10n.t needs a literal message (a computed one cannot be extracted for translators)');
  const missing = [...new Set(calls.filter((c) => !(c.message! in bundle)).map((c) => `${c.file}:${c.line}: ${JSON.stringify(c.message)}`))];
  assert.deepEqual(missing, [], 'missing from l10n/bundle.l10n.json: regenerate it with `npx @vscode/l10n-dev export -o l10n src`');
});

test('every %key% of package.json is in package.nls.json', () => {
  const manifest = readFileSync(path.join(ROOT, 'package.json'), 'utf8');
  const nls = JSON.parse(readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const keys = [...new Set([...manifest.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]))];
  assert.ok(keys.length > 20, `expected the manifest's strings, found ${keys.length}`);
  assert.deepEqual(keys.filter((k) => typeof nls[k] !== 'string' || nls[k].trim() === ''), [], 'missing from package.nls.json');
});
