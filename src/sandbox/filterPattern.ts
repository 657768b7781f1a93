// CloudWatch Logs filter patterns for unstructured events: terms that must all appear ("ERROR 404"),
// quoted phrases ("\"Error: keys\""), optional terms where any one suffices (?ERROR ?WARN) and
// excluded terms (-DEBUG). Matching is case-sensitive, as in CloudWatch. JSON (`{ ... }`) and
// space-delimited (`[ ... ]`) patterns are not interpreted: they match every event.

export type EventMatcher = (message: string) => boolean;

export function compileFilterPattern(pattern: string | undefined): EventMatcher {
  const p = (pattern ?? '').trim();
  if (!p || p.startsWith('{') || p.startsWith('[')) return () => true;
  const required: string[] = [];
  const optional: string[] = [];
  const excluded: string[] = [];
  const re = /([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(p))) {
    const term = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
    if (m[1] === '?') optional.push(term);
    else if (m[1] === '-') excluded.push(term);
    else required.push(term);
  }
  return (message) => {
    if (excluded.some((t) => message.includes(t))) return false;
    if (optional.length && !optional.some((t) => message.includes(t))) return false;
    return required.every((t) => message.includes(t));
  };
}
