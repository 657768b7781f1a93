// Diagnostics and text ranges: what validation reports, in 0-based line/character positions.

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }
export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  /** stable kebab-case rule code, e.g. `missing-values` */
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  /** JSON path of the value concerned, e.g. ['state', 'desired', 'keys', 1] */
  path: (string | number)[];
  /** The one correction validation is sure of, when there is one (quickFixes.ts turns it into an edit). */
  fix?: DiagnosticFix;
}

/**
 * A correction known while validating: the value at the diagnostic's path replaced by `value` (a misspelt
 * operation, a key with its intended name), the property name at the path changed to `name` (a misspelt
 * attribute or field), or the characters of the range deleted (a trailing comma). Fixes that follow from the
 * code and path alone (remove a key, add `values`) are worked out by quickFixes.ts.
 */
export type DiagnosticFix =
  | { kind: 'replace-value'; value: unknown }
  | { kind: 'rename-property'; name: string }
  | { kind: 'delete-range' };

/** Every rule code validation can report, with what it checks. */
export const DIAGNOSTIC_CODES: Record<string, string> = {
  'json-syntax': 'The text is not valid JSON (AWS refuses it with 400).',
  'wrong-type': 'A field the operation uses has the wrong JSON type (e.g. keys not an array of strings); a field it ignores is never an error.',
  'missing-operation': 'No operation: the OperationRequest rule does not fire.',
  'unknown-operation': 'The operation is not one of the nine (the Lambda logs "Error: operation … is not implemented for AWS-CoioteDM integration", status 406).',
  'missing-keys': 'keys is missing (the Lambda logs "Error: keys must be specified") or empty (nothing to do; a read of [] reads everything).',
  'missing-values': 'write without values (the Lambda logs "Error: You must specify values when write operation is used").',
  'values-length': 'values is not as long as keys (the Lambda logs "Error: The number of keys must be equal to the number of values").',
  'duplicate-key': 'A key repeats (refused for write, observe, writeAttributes: "Error: keys must be unique for … operation"; dropped or swallowed otherwise, a warning).',
  'execute-single-key': 'execute takes exactly one key (the Lambda logs "Error: Only one LwM2M path can be passed for execute operation - …").',
  'missing-attributes': 'observe or writeAttributes without attributes (the Lambda logs "Error: You must specify attributes when … operation is used").',
  'attributes-length': 'attributes is not as long as keys (the Lambda logs "Error: The number of keys must be equal to the number of attributes").',
  'unknown-attribute': 'An attribute name other than pmin, pmax, gt, lt, st, epmin, epmax, con.',
  'attribute-value': 'An attribute value of the wrong type or an inconsistent combination.',
  'key-syntax': 'A key is not <Object>.<Instance>[.<Resource>[.<Resource instance>]] or uses a special key where it means nothing.',
  'unknown-object': 'The object is in no known definition (a vendor object? add its DDF file).',
  'unknown-resource': 'The object has no resource of that name.',
  'single-instance': 'A single-instance object has only instance 0.',
  'not-readable': 'read/observe of a resource without R.',
  'not-writable': 'write of a resource without W, or of a whole object or instance.',
  'not-executable': 'execute of a resource without E, or of an object or instance.',
  'value-type': 'The value does not fit the resource type.',
  'value-range': 'The value is outside the resource range or enumeration.',
  'comma-in-value': 'A value or key contains a comma, which the Lambda splits on.',
  'python-literal': 'true, false or null travel as Python True, False, None (a warning; an error where the resource cannot take that text, and always for null in values: a placeholder to fill in).',
  'ignored-field': 'A field Coiote never receives, or one this operation ignores (e.g. values on read, attributes on observeComposite, arguments: null).',
  'instance-not-in-datamodel': 'The thing\'s datamodel has no such object or instance.',
  'shadow-too-large': 'desired + reported exceed the 8 KB shadow limit (AWS answers 413); past 128 KB the text is not parsed at all.',
  'nesting-too-deep': 'More than 6 levels of nesting in desired (AWS answers 400); past 64 levels nothing else is checked.',
  'byte-order-mark': 'The text starts with a byte order mark, which AWS does not accept as JSON.',
  'lone-surrogate': 'A string holds half a UTF-16 surrogate pair (e.g. "\\ud800"), which is no character and cannot be sent as UTF-8.',
  'number-out-of-range': 'A number beyond what a 64-bit float holds (infinite: error) or exactly (more than 15-17 digits: warning).',
  'duplicate-property': 'A property name given twice in one object: only one of them counts.',
  'no-request': 'The document has state but no desired request.',
  'lambda-refuses': 'The Lambda refuses the request for a reason no other code covers (the message quotes its log line).',
  'lambda-crash': 'The Lambda crashes on the request (an unhandled Python exception, logged 3 times as the call is retried); nothing reaches the device.',
};

/** Line starts of a text, for offset → position conversion by binary search. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    // an offset between the \r and \n of a CRLF belongs to the end of its line
    const next = this.starts[lo + 1];
    const end = next === undefined ? this.text.length : next - (next >= 2 && this.text.charCodeAt(next - 2) === 13 && this.text.charCodeAt(next - 1) === 10 ? 2 : 1);
    return { line: lo, character: Math.min(o, end) - this.starts[lo] };
  }

  offset(p: Position): number {
    const line = Math.max(0, Math.min(p.line, this.starts.length - 1));
    return Math.min(this.text.length, this.starts[line] + Math.max(0, p.character));
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }
}
