// A result document's name says what it holds: `read Device.0.Manufacturer — urn_imei_1 v3`, safe as a file
// name (no path separators, reserved or control characters) and bounded in length. Pure (no vscode).

const MAX_KEYS_CHARS = 60;
const MAX_THING_CHARS = 40;

function fileSafe(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_').replace(/\s+/g, ' ').trim();
}

function bounded(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

function keysText(keys: readonly string[]): string {
  const shown: string[] = [];
  for (const [i, k] of keys.entries()) {
    const rest = keys.length - i - 1;
    const candidate = [...shown, k].join(', ');
    if (shown.length && candidate.length + (rest ? ` +${rest} more`.length : 0) > MAX_KEYS_CHARS) {
      return `${shown.join(', ')} +${keys.length - shown.length} more`;
    }
    shown.push(bounded(k, MAX_KEYS_CHARS));
  }
  return shown.join(', ');
}

export function resultDocumentName(operation: string, keys: readonly string[], thing: string, version: number, suffix = ''): string {
  const what = [operation || 'result', keysText(keys.map(fileSafe).filter((k) => k !== ''))].filter(Boolean).join(' ');
  return `${fileSafe(what)} — ${bounded(fileSafe(thing), MAX_THING_CHARS)} v${version}${suffix}`;
}
