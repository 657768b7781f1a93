// The "values" of a write against each key's resource type, as the Lambda's Python str() sends them.
import type { DiagnosticFix } from '../diagnostics';
import type { JsonPath } from '../documentModel';
import type { ParsedKey } from '../keys';
import { checkValue, describeType, pythonText } from '../valueTypes';
import type { Finding, Target } from './finding';

/** A number written with a decimal point or an exponent somewhere in the text (then raw number texts are looked up). */
export const FLOAT_LITERAL = /\d\.\d|\d[eE][-+]?\d/;
const INTEGER_TYPES: readonly string[] = ['Integer', 'Unsigned Integer', 'Time'];

/**
 * JSON `1.0` or `1e2` parse to the integer 1 or 100, but the Lambda's Python str() sends the float text
 * "1.0" / "100.0": for an integer resource that is not an integer any more.
 */
function floatLiteralFinding(v: unknown, raw: string | undefined, resType: string): Omit<Finding, 'path'> | undefined {
  if (typeof v !== 'number' || !Number.isInteger(v) || !INTEGER_TYPES.includes(resType) || !raw || !/[.eE]/.test(raw)) return undefined;
  const sent = Math.abs(v) < 1e16 ? `${v}.0` : raw;
  return { code: 'value-type', severity: 'error', target: { kind: 'value' }, fix: { kind: 'replace-value', value: v },
    message: `${raw} reaches Coiote as "${sent}" (the Lambda sends Python str() of a float), which is not an integer: write ${v}` };
}

export function valueFindings(values: unknown[], parsed: (ParsedKey | undefined)[], valuesPath: JsonPath, rawText: (i: number) => string | undefined): Finding[] {
  const out: Finding[] = [];
  values.forEach((v, i) => {
    const res = parsed[i]?.resource;
    // null is what a quick fix leaves to fill in: never sent (it would reach Coiote as the text "None").
    if (v === null) {
      const key = parsed[i]?.key ?? `key ${i + 1}`;
      out.push({ code: 'python-literal', severity: 'error', path: [...valuesPath, i], target: { kind: 'value' },
        message: `replace null with ${res ? describeType(res.type) : 'a value'} for ${key} (null reaches Coiote as the text "None")` });
      return;
    }
    if (res) {
      const float = floatLiteralFinding(v, typeof v === 'number' ? rawText(i) : undefined, res.type);
      if (float) { out.push({ ...float, path: [...valuesPath, i] }); return; }
      const problems = checkValue(v, res);
      if (problems.length === 0) return;
      const path = [...valuesPath, i];
      for (const p of problems) {
        let target: Target = { kind: 'value' };
        if (p.code === 'comma-in-value' && typeof v === 'string') { const c = v.indexOf(','); target = { kind: 'span', start: c, end: c + 1 }; }
        // JSON true / false for a Boolean or String resource: the text "true" / "false" is what was meant
        const fix: DiagnosticFix | undefined = p.code === 'python-literal' && typeof v === 'boolean' ? { kind: 'replace-value', value: String(v) } : undefined;
        out.push({ code: p.code, severity: p.severity, message: p.message, path, target, ...(fix ? { fix } : {}) });
      }
      return;
    }
    const path = [...valuesPath, i];
    if (typeof v === 'boolean') {
      out.push({ code: 'python-literal', severity: 'warning', path, target: { kind: 'value' }, fix: { kind: 'replace-value', value: String(v) },
        message: `JSON ${String(v)} reaches Coiote as the text "${pythonText(v)}" (the Lambda uses Python str()); write "${String(v)}" to send it as written` });
    } else if (typeof v === 'string' && v.includes(',')) {
      const c = v.indexOf(',');
      out.push({ code: 'comma-in-value', severity: 'error', path, target: { kind: 'span', start: c, end: c + 1 },
        message: 'the value contains a comma: the Lambda joins values with commas, so Coiote receives it as two values' });
    }
  });
  return out;
}
