// Properties of the LwM2M codecs, checked with fast-check: any records of any resource types survive
// encode → decode in every format; and any bytes — random, or a valid payload with bytes changed, cut or
// inserted — decode to records or end in a CodecError with a bounded message, never another exception.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadRegistry } from '../../../../src/core/index';
import {
  CodecError, FORMATS, decode, decodeLinks, encode, formatLinkFormat, formatName, parseLinkFormat, registryTypeOf,
  type Link, type Lwm2mRecord, type Lwm2mValue, type ResourceType, type TypeOf,
} from '../../../../src/sandbox/lwm2m/codecs/index';
import { READS, REGISTER_PAYLOAD } from './codecsWakaamaPayloads';

const RUNS = { numRuns: 300 };
const VALUE_FORMATS = [FORMATS.TLV, FORMATS.SENML_JSON, FORMATS.SENML_CBOR, FORMATS.LWM2M_JSON];
const registryTypes = registryTypeOf(loadRegistry());

/** A decimal string past 2^53, or a number: how the codecs hand out 64-bit integers. */
const exact = (n: bigint): number | string => (n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString());

function valueArb(type: ResourceType, json: boolean): fc.Arbitrary<Lwm2mValue> {
  switch (type) {
    case 'Integer':
    case 'Time':
      return json ? fc.maxSafeInteger() : fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n).map(exact);
    case 'Unsigned Integer':
      return json ? fc.maxSafeNat() : fc.bigInt(0n, 2n ** 64n - 1n).map(exact);
    case 'Float':
      return fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0));
    case 'Boolean':
      return fc.boolean();
    case 'Opaque':
      return fc.uint8Array({ maxLength: 40 }).map((b) => new Uint8Array(b));
    case 'Objlnk':
      return fc.tuple(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 })).map(([objectId, instanceId]) => ({ objectId, instanceId }));
    default:
      return fc.string({ unit: 'binary', maxLength: 30 });
  }
}

const TYPES: ResourceType[] = ['String', 'Integer', 'Unsigned Integer', 'Float', 'Boolean', 'Opaque', 'Time', 'Objlnk', 'Corelnk'];
const ID = fc.integer({ min: 0, max: 65535 });

/** Resources of /9/<instance>, some of them multiple, each with its type; values and (for SenML) times. */
function recordsArb(json: boolean, timed: boolean): fc.Arbitrary<{ records: Lwm2mRecord[]; typeOf: TypeOf }> {
  const resource = fc.record({
    id: ID,
    type: fc.constantFrom(...TYPES),
    instances: fc.option(fc.uniqueArray(ID, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  });
  return fc.uniqueArray(resource, { selector: (r) => r.id, minLength: 1, maxLength: 6 }).chain((resources) => {
    const types = new Map(resources.map((r) => [`/9/0/${r.id}`, r.type]));
    const paths = resources.flatMap((r) => (r.instances ? r.instances.map((ri) => ({ path: `/9/0/${r.id}/${ri}`, type: r.type })) : [{ path: `/9/0/${r.id}`, type: r.type }]));
    const time = timed ? fc.option(fc.integer({ min: 2 ** 28, max: 2 ** 32 }), { nil: undefined }) : fc.constant(undefined);
    return fc.tuple(...paths.map((p) => fc.tuple(valueArb(p.type, json), time))).map((values) => ({
      records: paths.map((p, k) => (values[k][1] === undefined ? { path: p.path, value: values[k][0] } : { path: p.path, value: values[k][0], time: values[k][1] })),
      typeOf: (path: string) => types.get(path),
    }));
  });
}

const sorted = (records: Lwm2mRecord[]) => [...records].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

describe('encode → decode', () => {
  for (const format of VALUE_FORMATS) {
    const json = format === FORMATS.SENML_JSON || format === FORMATS.LWM2M_JSON;
    const timed = format !== FORMATS.TLV;
    test(`${formatName(format)}: any records of any types come back as they were`, () => {
      fc.assert(fc.property(recordsArb(json, timed), fc.constantFrom('/9/0', '/9'), ({ records, typeOf }, requestPath) => {
        assert.deepEqual(sorted(decode(format, encode(format, records, requestPath, typeOf), requestPath, typeOf)), sorted(records));
      }), RUNS);
    });
  }

  test('plain text and opaque: any one value comes back as it was', () => {
    fc.assert(fc.property(fc.constantFrom(...TYPES).chain((type) => fc.tuple(fc.constant(type), valueArb(type, false))), ([type, value]) => {
      const typeOf: TypeOf = () => type;
      const records = [{ path: '/9/0/1', value }];
      assert.deepEqual(decode(FORMATS.TEXT, encode(FORMATS.TEXT, records, '/9/0/1', typeOf), '/9/0/1', typeOf), records);
      if (value instanceof Uint8Array) assert.deepEqual(decode(FORMATS.OPAQUE, encode(FORMATS.OPAQUE, records, '/9/0/1', typeOf), '/9/0/1', typeOf), records);
    }), RUNS);
  });

  test('link format: any links come back as they were', () => {
    const token = fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/);
    const link = fc.record({
      uri: fc.stringMatching(/^\/(\d{1,5}(\/\d{1,5}){0,3})?$/),
      params: fc.dictionary(token, fc.oneof(fc.constant(true as const), fc.string({ unit: 'binary', maxLength: 12 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s))), { maxKeys: 4 }).map((d) => ({ ...d })),
    }).map((l) => ({ uri: l.uri, params: l.params }));
    fc.assert(fc.property(fc.array(link, { maxLength: 8 }), (links: Link[]) => {
      assert.deepEqual(parseLinkFormat(formatLinkFormat(links)), links);
    }), RUNS);
  });
});

/** The property every decoder keeps on hostile input. */
function onlyCodecErrors(run: () => unknown): void {
  try {
    run();
  } catch (e) {
    if (!(e instanceof CodecError)) throw e;
    assert.ok(e.message.length <= 300, e.message);
    assert.doesNotMatch(e.message, /internal error/, 'an unexpected exception was turned into a CodecError');
  }
}

const REQUEST_PATHS = ['/', '/3', '/3/0', '/3/0/9', '/3/0/6', '/3/0/6/1', '/31024/10'];

describe('hostile bytes', () => {
  for (const format of [...VALUE_FORMATS, FORMATS.TEXT, FORMATS.OPAQUE]) {
    test(`${formatName(format)}: random bytes end in records or a CodecError`, () => {
      fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(...REQUEST_PATHS), (payload, path) => {
        onlyCodecErrors(() => decode(format, payload, path, registryTypes));
      }), RUNS);
    });
  }

  const valid = READS.filter((r) => VALUE_FORMATS.includes(r.format as (typeof VALUE_FORMATS)[number]));
  const mutation = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'cut', 'insert', 'delete')), { minLength: 1, maxLength: 4 });
  test("Wakaama's real payloads with bytes changed, cut, inserted or deleted end in records or a CodecError", () => {
    fc.assert(fc.property(fc.constantFrom(...valid), mutation, (read, edits) => {
      let b = [...Buffer.from(read.hex, 'hex')];
      for (const [at, byte, op] of edits) {
        const i = b.length === 0 ? 0 : at % b.length;
        if (op === 'set') b[i] = byte;
        else if (op === 'cut') b = b.slice(0, i);
        else if (op === 'insert') b.splice(i, 0, byte);
        else b.splice(i, 1);
      }
      onlyCodecErrors(() => decode(read.format, Uint8Array.from(b), read.path, registryTypes));
    }), { numRuns: 1000 });
  });

  test('link format: any text, and the Register payload with characters changed, ends in links or a CodecError', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => onlyCodecErrors(() => parseLinkFormat(text))), RUNS);
    fc.assert(fc.property(fc.nat(), fc.constantFrom('<', '>', ';', ',', '"', '\\', '=', ' ', '\u0000'), (at, c) => {
      const i = at % REGISTER_PAYLOAD.length;
      onlyCodecErrors(() => parseLinkFormat(REGISTER_PAYLOAD.slice(0, i) + c + REGISTER_PAYLOAD.slice(i + 1)));
    }), RUNS);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (payload) => onlyCodecErrors(() => decodeLinks(payload))), RUNS);
  });
});
