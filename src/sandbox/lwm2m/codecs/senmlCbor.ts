// SenML CBOR (content format 112, RFC 8428 §6): a CBOR array of maps whose labels are integers (-2 bn, -3 bt,
// 0 n, 2 v, 3 vs, 4 vb, 8 vd, 6 t, …) or, for LwM2M's Objlnk, the text label "vlo". Decoding walks cborg's token
// stream itself rather than building objects with cborg's decode(): SenML is one array of flat maps, so anything
// else — a nested array or map, a tag, an indefinite length, undefined, NaN/Infinity, a declared length longer
// than the bytes left — is refused at its token, before anything is allocated for it.
import { cborg } from './cborg';
import { CodecError, quoted } from './codecError';
import { checkCount, checkSize, type Limits } from './limits';
import { resolveSenml, senmlEntries, senmlNameEntries, type SenmlEntry } from './senml';
import type { Lwm2mRecord, TypeOf } from './types';
import { copyBytes, decodeUtf8 } from './values';

const F = 112;
const LABELS = new Map<number, string>([[-1, 'bver'], [-2, 'bn'], [-3, 'bt'], [-4, 'bu'], [-5, 'bv'], [-6, 'bs'], [0, 'n'], [1, 'u'], [2, 'v'], [3, 'vs'], [4, 'vb'], [5, 's'], [6, 't'], [7, 'ut'], [8, 'vd']]);
const LABEL_NUMBERS = new Map([...LABELS].map(([k, v]) => [v, k] as [string, number]));
const MAX_LABELS = 32;

interface CborToken { type: { name: string }; value: unknown; byteValue?: Uint8Array }

export function decodeSenmlCbor(payload: Uint8Array, requestPath: string, limits: Required<Limits>): Lwm2mRecord[] {
  checkSize(F, payload.length, limits);
  const { Tokenizer } = cborg();
  const tokenizer = new Tokenizer(payload, {
    allowIndefinite: false, allowUndefined: false, allowNaN: false, allowInfinity: false, allowBigInt: true, retainStringBytes: true,
  });
  const next = (what: string): CborToken => {
    if (tokenizer.done()) throw new CodecError(F, `the SenML CBOR payload ends where ${what} was expected`);
    try {
      return tokenizer.next() as unknown as CborToken;
    } catch (err) {
      throw new CodecError(F, `the SenML CBOR payload is malformed at byte ${tokenizer.pos()}: ${cborMessage(err)}`);
    }
  };
  const remaining = () => payload.length - tokenizer.pos();

  const top = next('the array of records');
  if (top.type.name !== 'array') throw new CodecError(F, `a SenML CBOR payload is an array of records, and this starts with ${tokenKind(top)}`);
  const count = top.value as number;
  checkCount(F, count, limits);
  if (count > remaining()) throw new CodecError(F, `the SenML CBOR array declares ${count} records in ${remaining()} bytes`);
  const entries: SenmlEntry[] = [];
  for (let k = 0; k < count; k++) {
    const where = `SenML record ${k + 1}`;
    const map = next(where);
    if (map.type.name !== 'map') throw new CodecError(F, `${where} is ${tokenKind(map)}, not a map`);
    const size = map.value as number;
    if (size > MAX_LABELS || size * 2 > remaining()) throw new CodecError(F, `${where} declares ${size} labels`);
    const entry: SenmlEntry = new Map();
    for (let j = 0; j < size; j++) {
      const key = next(`a label of ${where}`);
      let label: string;
      if (key.type.name === 'uint' || key.type.name === 'negint') label = LABELS.get(Number(key.value)) ?? `#${String(key.value)}`;
      else if (key.type.name === 'string') label = text(key, `a label of ${where}`);
      else throw new CodecError(F, `${where} has ${tokenKind(key)} as a label`);
      if (entry.has(label)) throw new CodecError(F, `${where} repeats the label ${quoted(label)}`);
      const value = next(`the value of ${label} in ${where}`);
      entry.set(label, scalar(value, `${label} in ${where}`));
    }
    entries.push(entry);
  }
  if (!tokenizer.done()) throw new CodecError(F, `${remaining()} bytes follow the SenML CBOR array`);
  return resolveSenml(F, entries, requestPath, limits);
}

function scalar(token: CborToken, where: string): unknown {
  switch (token.type.name) {
    case 'uint':
    case 'negint':
    case 'float':
      return token.value;
    case 'string':
      return text(token, where);
    case 'bytes':
      return copyBytes(token.value as Uint8Array);
    case 'true':
      return true;
    case 'false':
      return false;
    default:
      throw new CodecError(F, `${where} is ${tokenKind(token)}; SenML values are numbers, strings, booleans or bytes`);
  }
}

/** A CBOR text string, which must be valid UTF-8 (cborg itself would quietly replace bad bytes). */
function text(token: CborToken, where: string): string {
  return token.byteValue ? decodeUtf8(F, token.byteValue, where) : (token.value as string);
}

function tokenKind(token: CborToken): string {
  switch (token.type.name) {
    case 'array': return 'an array';
    case 'map': return 'a map';
    case 'tag': return `a CBOR tag (${String(token.value).slice(0, 20)})`;
    case 'null': return 'null';
    case 'break': return 'a break';
    default: return `a ${token.type.name}`;
  }
}

/** cborg's own message, without its prefix, bounded. */
function cborMessage(err: unknown): string {
  const m = err instanceof Error ? err.message.replace(/^CBOR decode error:\s*/, '') : 'unreadable';
  return m.length > 100 ? m.slice(0, 99) + '…' : m;
}

export function encodeSenmlCbor(records: Lwm2mRecord[], requestPath: string, typeOf: TypeOf): Uint8Array {
  return toCbor(senmlEntries(F, records, requestPath, typeOf, false));
}

export function encodeSenmlCborNames(paths: string[]): Uint8Array {
  return toCbor(senmlNameEntries(F, paths));
}

function toCbor(entries: SenmlEntry[]): Uint8Array {
  const maps = entries.map((e) => new Map([...e].map(([label, value]) => [LABEL_NUMBERS.get(label) ?? label, value] as [number | string, unknown])));
  // float64: floats keep their exact value in 8 bytes rather than cborg's smallest form (half floats), which every
  // SenML CBOR decoder reads.
  return copyBytes(cborg().encode(maps, { float64: true }));
}
