// The document's structure: the precompiled JSON schema's errors as findings that say what to write instead.
import { ATTRIBUTE_NAMES, ATTRIBUTE_RULES } from '../attributes';
import type { JsonPath } from '../documentModel';
import { isRecord } from '../jsonValue';
import { OPERATION_NAMES } from '../operations';
import { validate as schemaValidate } from '../operationSchemaValidator';
import { closest } from '../suggest';
import { getAt, type Finding } from './finding';

interface AjvError { instancePath: string; keyword: string; params: Record<string, unknown>; message?: string }
const schemaCheck = schemaValidate as unknown as { (data: unknown): boolean; errors?: AjvError[] | null };

function pointerToPath(pointer: string, root: unknown): JsonPath {
  if (!pointer) return [];
  const out: JsonPath = [];
  let cur: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      out.push(Number(seg));
      cur = cur[Number(seg)];
    } else {
      out.push(seg);
      cur = isRecord(cur) ? cur[seg] : undefined;
    }
  }
  return out;
}

const fieldName = (path: JsonPath) => (path.length ? String(path[path.length - 1]) : 'the document');

export function schemaFindings(value: unknown, reqPath: JsonPath | undefined): Finding[] {
  if (schemaCheck(value)) return [];
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const e of schemaCheck.errors ?? []) {
    const path = pointerToPath(e.instancePath, value);
    const last = path[path.length - 1];
    const inAttributes = path.length >= 2 && path[path.length - 3] === 'attributes' && typeof path[path.length - 2] === 'number';
    let f: Finding | undefined;
    switch (e.keyword) {
      case 'required': {
        const missing = String(e.params.missingProperty);
        const code = `missing-${missing}`;
        if (missing === 'state') continue;
        const msg: Record<string, string> = {
          operation: 'no "operation": the integration ignores a request without one; add e.g. "operation": "read"',
          keys: 'no "keys": every operation needs a list of keys, e.g. "keys": ["Device.0.Manufacturer"]',
          values: 'write needs "values": one value per key, in the same order as "keys"',
          attributes: 'this operation needs "attributes": one object per key, e.g. {"pmin": 10, "pmax": 60} or {}',
        };
        f = { code, severity: 'error', message: msg[missing] ?? `"${missing}" is required`, path, target: { kind: 'anchor' } };
        break;
      }
      case 'enum':
        if (last === 'operation' && path.length === (reqPath?.length ?? 0) + 1) {
          const op = JSON.stringify(getAt(value, path));
          const guess = typeof getAt(value, path) === 'string' ? closest(String(getAt(value, path)), OPERATION_NAMES) : undefined;
          f = {
            code: 'unknown-operation', severity: 'error', path, target: { kind: 'value' },
            message: `unknown operation ${op}` + (guess ? `; did you mean "${guess}"? (names are case-sensitive)` : `; use one of ${OPERATION_NAMES.join(', ')}`),
            ...(guess ? { fix: { kind: 'replace-value', value: guess } } : {}),
          };
        } else if (inAttributes) {
          f = { code: 'attribute-value', severity: 'error', path, target: { kind: 'value' }, message: `${String(last)} must be 1 (confirmable), 0, or "" / null to clear, not ${JSON.stringify(getAt(value, path))}` };
        }
        break;
      case 'type':
      case 'minimum':
        if (inAttributes) {
          const rule = ATTRIBUTE_RULES[String(last)];
          f = { code: 'attribute-value', severity: 'error', path, target: { kind: 'value' },
            message: `${String(last)} must be ${rule?.kind === 'seconds' ? 'a whole number of seconds ≥ 0' : 'a number'} (or null to clear), not ${JSON.stringify(getAt(value, path))}` };
        } else if (e.keyword === 'type') {
          const want = String(e.params.type).replace(',', ' or ');
          const name = fieldName(path);
          f = {
            code: 'wrong-type', severity: 'error', path, target: { kind: 'value' },
            message: name === 'keys' ? '"keys" must be an array of strings, e.g. ["Device.0.Manufacturer"]'
              : path.length && path[path.length - 2] === 'keys' ? `each key must be a string, e.g. "Device.0.Manufacturer"`
                : path.length && path[path.length - 2] === 'values' ? `a value must be a string, number or boolean, not ${Array.isArray(getAt(value, path)) ? 'an array' : 'an object'}`
                  : path.length && path[path.length - 2] === 'attributes' ? 'each attributes entry must be an object, e.g. {"pmin": 10} or {}'
                    : name === 'desired' || path.length === 0 ? 'the request must be a JSON object with "operation" and "keys"'
                      : `"${name}" must be ${want === 'object' ? 'an object' : want === 'array' ? 'an array' : `a ${want}`}`,
          };
        }
        break;
      case 'minItems':
        if (last === 'keys') f = { code: 'missing-keys', severity: 'error', path, target: { kind: 'value' }, message: '"keys" is empty: name at least one key, e.g. "Device.0.Manufacturer"' };
        break;
      case 'maxItems':
        if (last === 'keys') {
          const n = (getAt(value, path) as unknown[]).length;
          f = { code: 'execute-single-key', severity: 'error', path, target: { kind: 'value' }, message: `execute takes exactly one key, not ${n}: publish one execute request per resource` };
        }
        break;
      case 'additionalProperties': {
        const name = String(e.params.additionalProperty);
        const guess = closest(name, ATTRIBUTE_NAMES);
        const taken = guess !== undefined && isRecord(getAt(value, path)) && guess in (getAt(value, path) as Record<string, unknown>);
        f = {
          code: 'unknown-attribute', severity: 'error', path: [...path, name], target: { kind: 'key' },
          message: `unknown attribute "${name}"` + (guess ? `; did you mean "${guess}"?` : `; attributes are ${ATTRIBUTE_NAMES.join(', ')}`),
          ...(guess && !taken ? { fix: { kind: 'rename-property', name: guess } } : {}),
        };
        break;
      }
      default:
        break;
    }
    if (!f) continue;
    const id = `${f.code}\u0000${f.path.join('\u0000')}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(f);
  }
  return out;
}
