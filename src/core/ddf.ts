// Reads OMA LwM2M DDF (object definition) XML text into ObjectDefs. Used at run time for vendor files and
// by scripts/generate-registry.mjs for the bundled registry, so both agree on every field.
import { unitFromDescription } from './unitText';
import type { XMLParser } from 'fast-xml-parser';
import type { LwM2MType, ObjectDef, Operations, ResourceDef } from './types';

const TYPES: Record<string, LwM2MType> = {
  integer: 'Integer',
  'unsigned integer': 'Unsigned Integer',
  unsignedinteger: 'Unsigned Integer',
  float: 'Float',
  boolean: 'Boolean',
  string: 'String',
  time: 'Time',
  opaque: 'Opaque',
  objlnk: 'Objlnk',
  corelnk: 'Corelnk',
  none: 'None',
  '': 'None',
};

/** A DDF file that could not be read. */
export class DdfError extends Error {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'DdfError';
  }
}

export interface DdfOptions {
  /** Shorten descriptions to their first sentence, at most this many characters (default: keep whole). */
  maxDescription?: number;
}

let parser: XMLParser | undefined;

function xmlParser(): XMLParser {
  // loaded on first use: only vendor files need it, and most sessions have none
  const { XMLParser: Parser } = require('fast-xml-parser') as typeof import('fast-xml-parser');
  return (parser ??= new Parser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    trimValues: true,
    isArray: (name) => name === 'Object' || name === 'Item',
  }));
}

function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') {
    const t = (v as Record<string, unknown>)['#text'];
    return t === undefined ? '' : String(t).trim();
  }
  return String(v).trim();
}

/** Whitespace collapsed; with `max`, cut to the first sentence and at most `max` characters. */
export function shortenDescription(s: string, max?: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  if (!max) return flat;
  const m = /^(.+?[.!?])(\s|$)/.exec(flat);
  const first = m ? m[1] : flat;
  return first.length <= max ? first : first.slice(0, max - 1).trimEnd() + '…';
}

function numericId(s: string): number {
  return /^\d+$/.test(s) ? Number(s) : NaN;
}

function operations(s: string): Operations {
  const u = s.toUpperCase().replace(/\s+/g, '');
  if (u === 'RW' || u === 'WR') return 'RW';
  if (u === 'R' || u === 'W' || u === 'E') return u;
  return '';
}

function resource(item: Record<string, unknown>, opts: DdfOptions): ResourceDef | undefined {
  const id = numericId(text(item['@ID']));
  const name = text(item.Name);
  if (!Number.isInteger(id) || id < 0 || !name) return undefined;
  const r: ResourceDef = {
    id,
    name,
    operations: operations(text(item.Operations)),
    multiple: /^multiple$/i.test(text(item.MultipleInstances)),
    mandatory: /^mandatory$/i.test(text(item.Mandatory)),
    type: TYPES[text(item.Type).toLowerCase()] ?? 'String',
    description: shortenDescription(text(item.Description), opts.maxDescription),
  };
  const range = text(item.RangeEnumeration);
  if (range) r.range = range;
  // A definition with no Units may still state one in its description (Device's Memory Free: kilobytes).
  const units = text(item.Units) || unitFromDescription(text(item.Description));
  if (units) r.units = units;
  if (r.type === 'Integer' || r.type === 'Unsigned Integer') {
    const values = valueMeanings(text(item.Description));
    if (values) r.values = values;
  }
  return r;
}

/** Longest meaning kept for one value (the first sentence, cut with an ellipsis past this). */
const MAX_VALUE_MEANING = 120;

/**
 * The value list of a description: lines that start `N: meaning` or `N = meaning`. Undefined unless there
 * are at least two (a lone `0: …` line is more often prose than a list). The first meaning given wins.
 */
export function valueMeanings(description: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  let count = 0;
  for (const line of description.split(/\r?\n/)) {
    const m = /^\s*(\d{1,9})\s*[:=]\s*(\S.*)$/.exec(line);
    if (!m || Object.hasOwn(out, String(Number(m[1])))) continue;
    out[String(Number(m[1]))] = shortenDescription(m[2], MAX_VALUE_MEANING);
    count++;
  }
  return count >= 2 ? out : undefined;
}

/** Parses one DDF file (which may hold several objects). Throws DdfError when nothing usable is found. */
export function parseDdf(xml: string, file: string, opts: DdfOptions = {}): ObjectDef[] {
  let doc: Record<string, unknown>;
  try {
    doc = xmlParser().parse(xml) as Record<string, unknown>;
  } catch (e) {
    throw new DdfError(file, `not well-formed XML (${(e as Error).message})`);
  }
  const root = doc.LWM2M as Record<string, unknown> | undefined;
  const objects = (root?.Object ?? []) as Record<string, unknown>[];
  const out: ObjectDef[] = [];
  for (const o of objects) {
    const id = numericId(text(o.ObjectID));
    const name = text(o.Name);
    if (!Number.isInteger(id) || id < 0 || !name) continue;
    const res = o.Resources as Record<string, unknown> | undefined;
    const items = (res && typeof res === 'object' ? (res.Item ?? []) : []) as Record<string, unknown>[];
    out.push({
      id,
      name,
      version: text(o.ObjectVersion) || '1.0',
      multiple: /^multiple$/i.test(text(o.MultipleInstances)),
      mandatory: /^mandatory$/i.test(text(o.Mandatory)),
      description: shortenDescription(text(o.Description1), opts.maxDescription),
      resources: items.map((i) => resource(i, opts)).filter((r): r is ResourceDef => !!r),
      source: file,
    });
  }
  if (!out.length) throw new DdfError(file, 'no LwM2M <Object> with an <ObjectID> and a <Name> found');
  return out;
}
