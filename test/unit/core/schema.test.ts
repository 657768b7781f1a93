// The precompiled validator (src/core/operationSchemaValidator.ts) must be the schema file, compiled: a
// schema edited without `npm run registry` would make the editor and users' own tools disagree.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { validate as precompiled } from '../../../src/core/operationSchemaValidator';
import { EXECUTE_ARGS_DOC, EXECUTE_DOC, OBSERVE_DOC, WRITE_DOC } from './fixtures';

const schemaFile = path.resolve(__dirname, '..', '..', '..', '..', 'schemas', 'operation-shadow.schema.json');

test('the precompiled validator agrees with schemas/operation-shadow.schema.json', () => {
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
  const fresh = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const check = precompiled as unknown as (d: unknown) => boolean;
  const docs: unknown[] = [WRITE_DOC, OBSERVE_DOC, EXECUTE_DOC, EXECUTE_ARGS_DOC].map((t) => JSON.parse(t));
  docs.push(
    { operation: 'Read', keys: ['Device.0'] }, { operation: 'write', keys: ['a'] }, { operation: 'execute', keys: ['a', 'b'] },
    { operation: 'observe', keys: ['a'] }, { operation: 'observe', keys: ['a'], attributes: [{ pmin: -1, x: 1 }] }, { keys: [] }, [], 'x',
    { state: { desired: { operation: 'read' } } }, { state: { desired: 5 } }, { state: {} }, { operation: 'read', keys: [1] },
  );
  for (const d of docs) assert.equal(check(d), fresh(d), JSON.stringify(d));
  assert.equal(check(docs[0]), true);
  assert.equal(check({ operation: 'Read', keys: ['Device.0'] }), false);
});
