// The integration's and LwM2M's rules on a request that parsed: forwarded fields, keys, values, attributes
// and AWS's limits.
import { ATTRIBUTE_OPERATIONS } from '../attributes';
import { indexDatamodel } from '../datamodelIndex';
import { cachedDocumentModel, DocumentModel, type JsonPath } from '../documentModel';
import { isRecord } from '../jsonValue';
import type { ParsedKey } from '../keys';
import { FORWARDED_FIELDS, OPERATION_RULES, isOperationName } from '../operations';
import { loadRegistry } from '../registry';
import { closest } from '../suggest';
import { attributeFindings } from './attributeFindings';
import { duplicateFindings } from './duplicateKeys';
import { getAt, pushAll, type Finding } from './finding';
import { keyFindings } from './keyCache';
import { deepest, shadowBytes, SHADOW_MAX_BYTES, SHADOW_MAX_DEPTH } from './shadowLimits';
import { FLOAT_LITERAL, valueFindings } from './valueFindings';
import type { ValidateOptions } from './validateOptions';

export function semanticFindings(text: string, value: unknown, reqPath: JsonPath, options: ValidateOptions, schemaOk: boolean): Finding[] {
  const req = getAt(value, reqPath);
  if (!isRecord(req)) return [];
  const out: Finding[] = [];
  const registry = options.registry ?? loadRegistry();
  const dm = indexDatamodel(options.datamodel);
  const opName = typeof req.operation === 'string' ? req.operation : undefined;
  const rule = isOperationName(opName) ? OPERATION_RULES[opName] : undefined;
  // fields
  for (const f of Object.keys(req)) {
    if (!(FORWARDED_FIELDS as readonly string[]).includes(f)) {
      const guess = closest(f, FORWARDED_FIELDS);
      out.push({ code: 'ignored-field', severity: 'warning', path: [...reqPath, f], target: { kind: 'key' }, ...(guess && !(guess in req) ? { fix: { kind: 'rename-property', name: guess } } : {}),
        message: `"${f}" never reaches Coiote: the OperationRequest rule forwards only ${FORWARDED_FIELDS.join(', ')}` + (guess ? `; did you mean "${guess}"?` : '') });
    } else if (rule && f !== 'operation' && f !== 'keys' && !rule.uses.includes(f as 'values') && !rule.requires.includes(f as 'values')) {
      out.push({ code: 'ignored-field', severity: 'warning', path: [...reqPath, f], target: { kind: 'key' },
        message: `${rule.name} ignores "${f}"` + (f === 'values' ? ' (only write uses values)' : f === 'arguments' ? ' (only execute uses arguments)' : (rule.name === 'observeComposite' ? ' (the Lambda drops attributes for observeComposite: the composite observation uses the attributes already on the device)' : ' (only observe and writeAttributes use attributes)')) });
    }
  }
  const keys = Array.isArray(req.keys) ? req.keys : undefined;
  let parsed: (ParsedKey | undefined)[] = [];
  if (keys) {
    const r = keyFindings(keys, rule, opName, [...reqPath, 'keys'], registry, options.datamodel, dm);
    parsed = r.parsed;
    pushAll(out, r.findings);
    // all keys distinct (none repeats or ends with '.') and none can swallow another: nothing to report
    if (rule && (r.mayRepeat || rule.prefixSwallows || rule.name === 'cancelObserve')) pushAll(out, duplicateFindings(keys, rule, rule.name, [...reqPath, 'keys']));
  }
  if (rule && keys) {
    if (rule.uses.includes('values') && Array.isArray(req.values)) {
      if (req.values.length !== keys.length) {
        out.push({ code: 'values-length', severity: 'error', path: [...reqPath, 'values'], target: { kind: 'value' },
          message: `"values" has ${req.values.length} ${req.values.length === 1 ? 'entry' : 'entries'} but "keys" has ${keys.length}: the Lambda needs one value per key, in the same order` });
      }
      const valuesPath = [...reqPath, 'values'];
      const model = FLOAT_LITERAL.test(text) ? (cachedDocumentModel(text) ?? new DocumentModel(text)) : undefined;
      const rawText = (i: number) => {
        const node = model?.node([...valuesPath, i]);
        return node ? text.slice(node.offset, node.offset + node.length) : undefined;
      };
      pushAll(out, valueFindings(req.values, parsed, valuesPath, rawText));
    }
    if (ATTRIBUTE_OPERATIONS.includes(rule.name) && Array.isArray(req.attributes)) {
      if (req.attributes.length !== keys.length) {
        out.push({ code: 'attributes-length', severity: rule.requires.includes('attributes') ? 'error' : 'warning', path: [...reqPath, 'attributes'], target: { kind: 'value' },
          message: `"attributes" has ${req.attributes.length} ${req.attributes.length === 1 ? 'entry' : 'entries'} but "keys" has ${keys.length}: give one object per key ({} leaves a key unchanged)` });
      }
      pushAll(out, attributeFindings(req.attributes, parsed, [...reqPath, 'attributes']));
    }
  }
  // AWS limits
  // When the schema passed, keys, values and attributes are at most 3 levels deep: only other fields can nest.
  const deep = schemaOk
    ? Object.keys(req).filter((f) => f !== 'keys' && f !== 'values' && f !== 'attributes' && typeof req[f] === 'object' && req[f] !== null)
      .map((f) => deepest(req[f], [...reqPath, f], 1, SHADOW_MAX_DEPTH)).find((p) => p)
    : deepest(req, reqPath, 0, SHADOW_MAX_DEPTH);
  if (deep) {
    out.push({ code: 'nesting-too-deep', severity: 'error', path: deep, target: { kind: 'value' },
      message: `more than ${SHADOW_MAX_DEPTH} levels of nesting in desired: AWS refuses the update (400 "JSON contains too many levels of nesting")` });
  }
  const state = isRecord(value) && isRecord(value.state) ? value.state : undefined;
  const bytes = shadowBytes(text, req, state?.reported);
  if (bytes > SHADOW_MAX_BYTES) {
    out.push({ code: 'shadow-too-large', severity: 'error', path: reqPath, target: { kind: 'anchor' },
      message: `desired${state?.reported !== undefined ? ' + reported' : ''} is ${bytes} bytes: AWS refuses shadows over ${SHADOW_MAX_BYTES} bytes (413); split the request` });
  }
  return out;
}
