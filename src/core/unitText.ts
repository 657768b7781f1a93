// Units as people write them: the OMA registry gives UCUM-style codes ("Cel", "/100", "ug/m3"); the
// tree, hovers and charts show °C, %, µg/m³. Unknown codes are shown as they are. Pure (no vscode).

const UNIT_TEXT: Readonly<Record<string, string>> = {
  Cel: '°C',
  K: 'K',
  '/100': '%',
  '%': '%',
  '%RH': '% RH',
  deg: '°',
  lat: '° lat',
  lon: '° lon',
  'ug/m3': 'µg/m³',
  'mg/l': 'mg/L',
  m2: 'm²',
  m3: 'm³',
  'm3/s': 'm³/s',
  'm/h': 'm/h',
  '1/min': '/min',
  KiB: 'KiB',
  kB: 'KB',
  KB: 'KB',
};

/** The display text of a registry unit code ("Cel" → "°C"); undefined for none. */
export function unitText(code: string | undefined): string | undefined {
  const raw = code?.trim();
  if (!raw) return undefined;
  return UNIT_TEXT[raw] ?? raw;
}

/** For a hover: the display text with the registry's code when they differ ("°C (Cel)"). */
export function unitTextWithCode(code: string | undefined): string | undefined {
  const text = unitText(code);
  const raw = code?.trim();
  return text && raw && text !== raw ? `${text} (${raw})` : text;
}

/**
 * The unit a definition states only in its description, for the few the OMA registry words one way ("(expressed
 * in kilobytes)" for Device's Memory Free and Memory Total, "The unit used for this resource is in mV"). Only
 * these fixed phrasings: prose is not guessed at.
 */
export function unitFromDescription(description: string): string | undefined {
  const size = /\(expressed in (kilobytes|kibibytes)\)/i.exec(description)?.[1].toLowerCase();
  if (size) return size === 'kilobytes' ? 'KB' : 'KiB';
  return /\bThe unit used for this resource is in (mV|mA)\b/.exec(description)?.[1];
}
