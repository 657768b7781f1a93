// SenML JSON (content format 110): a JSON array of SenML records (see senml.ts for how they resolve).
import { CodecError } from './codecError';
import { checkCount, checkSize, type Limits } from './limits';
import { resolveSenml, senmlEntries, senmlNameEntries, type SenmlEntry } from './senml';
import type { Lwm2mRecord, TypeOf } from './types';
import { decodeUtf8, encodeUtf8 } from './values';

const F = 110;

export function decodeSenmlJson(payload: Uint8Array, requestPath: string, limits: Required<Limits>): Lwm2mRecord[] {
  checkSize(F, payload.length, limits);
  const text = decodeUtf8(F, payload, 'the SenML JSON payload');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the input; this one does not.
    throw new CodecError(F, `the SenML JSON payload (${payload.length} bytes) is not valid JSON`);
  }
  return resolveSenml(F, jsonEntries(F, doc, limits), requestPath, limits);
}

/** A parsed JSON document as SenML entries: an array of flat objects whose labels hold strings, numbers or booleans. */
export function jsonEntries(format: number, doc: unknown, limits: Required<Limits>, what = 'SenML'): SenmlEntry[] {
  if (!Array.isArray(doc)) throw new CodecError(format, `a ${what} payload is a JSON array of records, and this is ${kindOf(doc)}`);
  checkCount(format, doc.length, limits);
  return doc.map((record: unknown, k) => {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new CodecError(format, `${what} record ${k + 1} is ${kindOf(record)}, not an object`);
    const entry: SenmlEntry = new Map();
    for (const [label, value] of Object.entries(record)) {
      if (typeof value === 'object' && value !== null) throw new CodecError(format, `${what} record ${k + 1}: its label ${JSON.stringify(label.slice(0, 20))} holds ${kindOf(value)}; labels hold plain values`);
      entry.set(label, value);
    }
    return entry;
  });
}

function kindOf(v: unknown): string {
  return Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

export function encodeSenmlJson(records: Lwm2mRecord[], requestPath: string, typeOf: TypeOf): Uint8Array {
  return toJson(senmlEntries(F, records, requestPath, typeOf, true));
}

export function encodeSenmlJsonNames(paths: string[]): Uint8Array {
  return toJson(senmlNameEntries(F, paths));
}

function toJson(entries: SenmlEntry[]): Uint8Array {
  if (entries.some((e) => [...e.values()].some((v) => typeof v === 'number' && !Number.isFinite(v)))) throw new CodecError(F, 'SenML JSON cannot carry NaN or Infinity');
  return encodeUtf8(JSON.stringify(entries.map((e) => Object.fromEntries(e))));
}
