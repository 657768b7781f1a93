// The LwM2M content-format codecs (src/sandbox/lwm2m/codecs): real payloads from Wakaama's client decode to the
// values the device holds, every format round-trips every resource type, values arrive typed as the registry
// says, and the link format of a Register reads as the device wrote it.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { loadRegistry } from '../../../../src/core/index';
import {
  CodecError, FORMATS, acceptFor, contentFormatNumber, decode, decodeLinks, encode, encodePaths, formatLinkFormat, formatName, mediaTypeOf, parseLinkFormat, registryTypeOf,
  type Lwm2mRecord, type ResourceType, type TypeOf,
} from '../../../../src/sandbox/lwm2m/codecs/index';
import { REGISTER_PAYLOAD, REGISTER_PAYLOAD_CBOR_BUILD, capturedRead } from './codecsWakaamaPayloads';

const typeOf = registryTypeOf(loadRegistry());
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => Uint8Array.from(Buffer.from(h.replace(/\s/g, ''), 'hex'));
const byPath = (records: Lwm2mRecord[]) => [...records].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : (a.time ?? 0) - (b.time ?? 0)));

/** What Wakaama's Device object (/3/0) holds, as the registry types it. */
const WAKAAMA_DEVICE: Lwm2mRecord[] = [
  { path: '/3/0/0', value: 'Open Mobile Alliance' },
  { path: '/3/0/1', value: 'Lightweight M2M Client' },
  { path: '/3/0/2', value: '345000123' },
  { path: '/3/0/3', value: '1.0' },
  { path: '/3/0/6/0', value: 1 },
  { path: '/3/0/6/1', value: 5 },
  { path: '/3/0/7/0', value: 3800 },
  { path: '/3/0/7/1', value: 5000 },
  { path: '/3/0/8/0', value: 125 },
  { path: '/3/0/8/1', value: 900 },
  { path: '/3/0/9', value: 100 },
  { path: '/3/0/10', value: 15 },
  { path: '/3/0/11/0', value: 0 },
  { path: '/3/0/13', value: 3164085076 },
  { path: '/3/0/14', value: '+01:00' },
  { path: '/3/0/15', value: 'Europe/Berlin' },
  { path: '/3/0/16', value: 'U' },
];

describe("Wakaama's real payloads", () => {
  test('the Register payload lists its objects, versions and content format', () => {
    const links = parseLinkFormat(REGISTER_PAYLOAD);
    assert.deepEqual(links[0], { uri: '/', params: { rt: 'oma.lwm2m', ct: '110' } });
    assert.deepEqual(links[1], { uri: '/1', params: { ver: '1.1' } });
    assert.deepEqual(links.map((l) => l.uri), ['/', '/1', '/1/0', '/2/0', '/3/0', '/4/0', '/5/0', '/6/0', '/7/0', '/31024', '/31024/10', '/31024/11', '/31024/12']);
    assert.deepEqual(links.find((l) => l.uri === '/31024')?.params, { ver: '1.0' });
    assert.equal(parseLinkFormat(REGISTER_PAYLOAD_CBOR_BUILD)[0].params.ct, '112');
    assert.deepEqual(decodeLinks(new TextEncoder().encode(REGISTER_PAYLOAD)), links);
  });

  test('a Read of /3/0 gives the same typed values in TLV, SenML JSON and LwM2M JSON', () => {
    for (const format of [FORMATS.TLV, FORMATS.SENML_JSON, FORMATS.LWM2M_JSON]) {
      assert.deepEqual(byPath(decode(format, capturedRead('/3/0', format), '/3/0', typeOf)), byPath(WAKAAMA_DEVICE), formatName(format));
    }
  });

  test('a Read of /3/0 in SenML CBOR (the CBOR build) gives the same values', () => {
    const records = decode(FORMATS.SENML_CBOR, capturedRead('/3/0', FORMATS.SENML_CBOR), '/3/0', typeOf);
    // The CBOR build was read a few seconds later: its clock (/3/0/13) moved on.
    assert.deepEqual(byPath(records).filter((r) => r.path !== '/3/0/13'), byPath(WAKAAMA_DEVICE).filter((r) => r.path !== '/3/0/13'));
    assert.equal(typeof records.find((r) => r.path === '/3/0/13')?.value, 'number');
  });

  test('a Read of the whole object /3 nests the instance in TLV', () => {
    assert.deepEqual(byPath(decode(FORMATS.TLV, capturedRead('/3', FORMATS.TLV), '/3', typeOf)), byPath(WAKAAMA_DEVICE));
  });

  test('a Read of a multiple resource and of the Server object', () => {
    assert.deepEqual(decode(FORMATS.TLV, capturedRead('/3/0/6', FORMATS.TLV), '/3/0/6', typeOf), [{ path: '/3/0/6/0', value: 1 }, { path: '/3/0/6/1', value: 5 }]);
    const server = decode(FORMATS.TLV, capturedRead('/1/0', FORMATS.TLV), '/1/0', typeOf);
    assert.deepEqual(server.find((r) => r.path === '/1/0/1'), { path: '/1/0/1', value: 60 }); // lifetime
    assert.deepEqual(server.find((r) => r.path === '/1/0/7'), { path: '/1/0/7', value: 'U' }); // binding
    assert.deepEqual(server.find((r) => r.path === '/1/0/6'), { path: '/1/0/6', value: false }); // notification storing
    const cbor = decode(FORMATS.SENML_CBOR, capturedRead('/1/0', FORMATS.SENML_CBOR), '/1/0', typeOf);
    assert.deepEqual(byPath(cbor), byPath(server));
  });

  test('single resources in plain text are typed by the registry', () => {
    assert.deepEqual(decode(FORMATS.TEXT, capturedRead('/3/0/0', FORMATS.TEXT), '/3/0/0', typeOf), [{ path: '/3/0/0', value: 'Open Mobile Alliance' }]);
    assert.deepEqual(decode(FORMATS.TEXT, capturedRead('/3/0/9', FORMATS.TEXT), '/3/0/9', typeOf), [{ path: '/3/0/9', value: 100 }]);
    assert.deepEqual(decode(FORMATS.TEXT, capturedRead('/3/0/13', FORMATS.TEXT), '/3/0/13', typeOf), [{ path: '/3/0/13', value: 3164085076 }]);
    assert.deepEqual(decode(FORMATS.SENML_CBOR, capturedRead('/3/0/9', FORMATS.SENML_CBOR), '/3/0/9', typeOf), [{ path: '/3/0/9', value: 100 }]);
  });

  test('a vendor object the registry does not know: SenML keeps its numbers, TLV gives bytes that are not text', () => {
    const senml = decode(FORMATS.SENML_JSON, capturedRead('/31024/10', FORMATS.SENML_JSON), '/31024/10', typeOf);
    assert.deepEqual(senml, [{ path: '/31024/10/1', value: 20 }, { path: '/31024/10/3', value: -30 }, { path: '/31024/10/5', value: '' }]);
    // The CBOR build sends -30.0 as a half-precision float.
    assert.deepEqual(decode(FORMATS.SENML_CBOR, capturedRead('/31024/10', FORMATS.SENML_CBOR), '/31024/10', typeOf), senml);
    const tlv = decode(FORMATS.TLV, capturedRead('/31024/10', FORMATS.TLV), '/31024/10', typeOf);
    assert.deepEqual(tlv, [{ path: '/31024/10/1', value: Uint8Array.of(20) }, { path: '/31024/10/3', value: bytes('c1f00000') }, { path: '/31024/10/5', value: '' }]);
    // With the vendor's types, the same TLV reads as the SenML does.
    const vendorTypes: TypeOf = (p) => ({ '/31024/10/1': 'Integer', '/31024/10/3': 'Float', '/31024/10/5': 'String' } as Record<string, ResourceType>)[p];
    assert.deepEqual(decode(FORMATS.TLV, capturedRead('/31024/10', FORMATS.TLV), '/31024/10', vendorTypes), senml);
  });
});

/** A test object with one resource of each type: /9/0/<n>, multiple instances at /9/0/20. */
const TYPES: Record<string, ResourceType> = {
  '/9/0/1': 'String', '/9/0/2': 'Integer', '/9/0/3': 'Unsigned Integer', '/9/0/4': 'Float', '/9/0/5': 'Boolean', '/9/0/6': 'Opaque',
  '/9/0/7': 'Time', '/9/0/8': 'Objlnk', '/9/0/9': 'Corelnk', '/9/0/20': 'Integer', '/9/1/4': 'Float',
};
const testTypes: TypeOf = (p) => TYPES[p];
const EVERY_TYPE: Lwm2mRecord[] = [
  { path: '/9/0/1', value: 'héllo, wörld ✓' },
  { path: '/9/0/2', value: -123456 },
  { path: '/9/0/3', value: 4000000000 },
  { path: '/9/0/4', value: 0.1 },
  { path: '/9/0/5', value: true },
  { path: '/9/0/6', value: Uint8Array.of(0, 1, 2, 0xfe, 0xff) },
  { path: '/9/0/7', value: 1700000000 },
  { path: '/9/0/8', value: { objectId: 3, instanceId: 65535 } },
  { path: '/9/0/9', value: '</3/0>;rt="x"' },
  { path: '/9/0/20/0', value: 7 },
  { path: '/9/0/20/300', value: -1 },
];

describe('round trips', () => {
  for (const format of [FORMATS.TLV, FORMATS.SENML_JSON, FORMATS.SENML_CBOR, FORMATS.LWM2M_JSON]) {
    test(`${formatName(format)}: every resource type, on an instance`, () => {
      const payload = encode(format, EVERY_TYPE, '/9/0', testTypes);
      assert.deepEqual(byPath(decode(format, payload, '/9/0', testTypes)), byPath(EVERY_TYPE));
    });
    test(`${formatName(format)}: an object with two instances, a multiple resource, one instance`, () => {
      const records = [...EVERY_TYPE, { path: '/9/1/4', value: -2.5 }];
      assert.deepEqual(byPath(decode(format, encode(format, records, '/9', testTypes), '/9', testTypes)), byPath(records));
      const multiple = EVERY_TYPE.filter((r) => r.path.startsWith('/9/0/20/'));
      assert.deepEqual(byPath(decode(format, encode(format, multiple, '/9/0/20', testTypes), '/9/0/20', testTypes)), multiple);
      const one = [{ path: '/9/0/20/300', value: -1 }];
      assert.deepEqual(decode(format, encode(format, one, '/9/0/20/300', testTypes), '/9/0/20/300', testTypes), one);
      const single = [{ path: '/9/0/5', value: false }];
      assert.deepEqual(decode(format, encode(format, single, '/9/0/5', testTypes), '/9/0/5', testTypes), single);
    });
  }

  test('TLV and SenML CBOR keep 64-bit integers exact (as decimal strings past 2^53)', () => {
    const big = [{ path: '/9/0/2', value: '-9223372036854775808' }, { path: '/9/0/3', value: '18446744073709551615' }, { path: '/9/0/7', value: '9007199254740993' }];
    for (const format of [FORMATS.TLV, FORMATS.SENML_CBOR]) {
      assert.deepEqual(decode(format, encode(format, big, '/9/0', testTypes), '/9/0', testTypes), big, formatName(format));
    }
  });

  test('SenML times round-trip; a base time applies to the records after it', () => {
    const timed = [{ path: '/9/0/4', value: 20.5, time: 1700000000 }, { path: '/9/0/4', value: 21.5, time: 1700000010 }];
    for (const format of [FORMATS.SENML_JSON, FORMATS.SENML_CBOR, FORMATS.LWM2M_JSON]) {
      assert.deepEqual(decode(format, encode(format, timed, '/9/0/4', testTypes), '/9/0/4', testTypes), timed, formatName(format));
    }
    const json = '[{"bn":"/9/0/","bt":1700000000,"n":"4","v":1,"t":5},{"n":"4","v":2,"t":6},{"n":"2","v":3}]';
    assert.deepEqual(decode(FORMATS.SENML_JSON, new TextEncoder().encode(json), '/', testTypes), [
      { path: '/9/0/4', value: 1, time: 1700000005 }, { path: '/9/0/4', value: 2, time: 1700000006 }, { path: '/9/0/2', value: 3, time: 1700000000 },
    ]);
    // Times below 2^28 are relative to now (RFC 8428 §4.5.3).
    const [rel] = decode(FORMATS.SENML_JSON, new TextEncoder().encode('[{"n":"/9/0/4","v":1,"t":-60}]'), '/', testTypes);
    assert.ok(Math.abs((rel.time as number) - (Date.now() / 1000 - 60)) < 5);
  });

  test('plain text and opaque carry one value of each type', () => {
    for (const record of EVERY_TYPE) {
      assert.deepEqual(decode(FORMATS.TEXT, encode(FORMATS.TEXT, [record], record.path, testTypes), record.path, testTypes), [record], record.path);
    }
    assert.equal(new TextDecoder().decode(encode(FORMATS.TEXT, [{ path: '/9/0/5', value: true }], '/9/0/5', testTypes)), '1');
    assert.equal(new TextDecoder().decode(encode(FORMATS.TEXT, [{ path: '/9/0/8', value: { objectId: 3, instanceId: 0 } }], '/9/0/8', testTypes)), '3:0');
    assert.equal(new TextDecoder().decode(encode(FORMATS.TEXT, [{ path: '/9/0/6', value: Uint8Array.of(1, 2, 3) }], '/9/0/6', testTypes)), 'AQID');
    const raw = Uint8Array.of(0, 0xff, 0x80);
    assert.deepEqual(encode(FORMATS.OPAQUE, [{ path: '/9/0/6', value: raw }], '/9/0/6', testTypes), raw);
    assert.deepEqual(decode(FORMATS.OPAQUE, raw, '/9/0/6', testTypes), [{ path: '/9/0/6', value: raw }]);
  });
});

describe('encoding what a shadow holds', () => {
  test("strings are encoded as the registry's type says", () => {
    // Lifetime (/1/0/1, Integer) '86400', Notification Storing (/1/0/6, Boolean) 'true', Binding (/1/0/7, String) 'U'.
    const tlv = encode(FORMATS.TLV, [{ path: '/1/0/1', value: '86400' }, { path: '/1/0/6', value: 'true' }, { path: '/1/0/7', value: 'U' }], '/1/0', typeOf);
    assert.equal(hex(tlv), 'c401' + '00015180' + 'c10601' + 'c10755');
    const senml = JSON.parse(new TextDecoder().decode(encode(FORMATS.SENML_JSON, [{ path: '/1/0/1', value: '86400' }, { path: '/1/0/6', value: '0' }], '/1/0', typeOf)));
    assert.deepEqual(senml, [{ n: '/1/0/1', v: 86400 }, { n: '/1/0/6', vb: false }]);
    assert.equal(new TextDecoder().decode(encode(FORMATS.TEXT, [{ path: '/1/0/1', value: '300' }], '/1/0/1', typeOf)), '300');
  });

  test('a value that is not of the resource type is refused, naming the path and the type', () => {
    assert.throws(() => encode(FORMATS.TLV, [{ path: '/1/0/1', value: 'soon' }], '/1/0', typeOf), (e: unknown) => e instanceof CodecError && /\/1\/0\/1 is an Integer, and "soon" is not a whole number/.test(e.message));
    assert.throws(() => encode(FORMATS.SENML_JSON, [{ path: '/1/0/6', value: 'maybe' }], '/1/0', typeOf), /\/1\/0\/6 is a Boolean/);
    assert.throws(() => encode(FORMATS.TLV, [{ path: '/3/0/6', value: 1 }], '/1/0', typeOf), /outside the requested \/1\/0/);
  });

  test('TLV writes a multiple resource as such, IDs past 255 in two bytes and long values with a length field', () => {
    assert.equal(hex(encode(FORMATS.TLV, [{ path: '/9/0/20/0', value: 1 }, { path: '/9/0/20/300', value: 2 }], '/9/0/20', testTypes)), '8714' + '410001' + '61012c02');
    const long = 'x'.repeat(300);
    const payload = encode(FORMATS.TLV, [{ path: '/9/0/1', value: long }], '/9/0/1', testTypes);
    assert.equal(hex(payload.subarray(0, 4)), 'd001012c');
    assert.deepEqual(decode(FORMATS.TLV, payload, '/9/0/1', testTypes), [{ path: '/9/0/1', value: long }]);
  });

  test('Read-Composite bodies name paths only', () => {
    assert.deepEqual(JSON.parse(new TextDecoder().decode(encodePaths(FORMATS.SENML_JSON, ['/3/0/0', '/1']))), [{ n: '/3/0/0' }, { n: '/1' }]);
    assert.equal(hex(encodePaths(FORMATS.SENML_CBOR, ['/3/0/0'])), '81a10066' + Buffer.from('/3/0/0').toString('hex'));
    assert.throws(() => encodePaths(FORMATS.TLV, ['/3']), CodecError);
  });
});

describe('link format', () => {
  test('quoted values may hold commas, semicolons and escapes; bare parameters are true', () => {
    const links = parseLinkFormat('</3/0/1>;pmin=10;obs;title="a, b; \\"c\\"" , </3/0/2>;ct="110 112"');
    assert.deepEqual(links, [{ uri: '/3/0/1', params: { pmin: '10', obs: true, title: 'a, b; "c"' } }, { uri: '/3/0/2', params: { ct: '110 112' } }]);
    assert.deepEqual(parseLinkFormat(formatLinkFormat(links)), links);
    assert.equal(formatLinkFormat([{ uri: '/', params: { rt: 'oma.lwm2m', ct: '110' } }, { uri: '/1', params: { ver: '1.1' } }]), '</>;rt="oma.lwm2m";ct=110,</1>;ver=1.1');
    assert.deepEqual(parseLinkFormat(''), []);
  });

  test('a parameter named __proto__ is only a parameter', () => {
    const [link] = parseLinkFormat('</3>;__proto__="x";constructor=1');
    assert.equal(Object.getPrototypeOf(link.params), Object.prototype);
    assert.equal(link.params['__proto__'], 'x');
    assert.equal(link.params['constructor'], '1');
  });
});

describe('content negotiation', () => {
  test('what to Accept from a client of each version', () => {
    assert.deepEqual(acceptFor('1.0'), [FORMATS.TLV, FORMATS.LWM2M_JSON]);
    assert.deepEqual(acceptFor(''), [FORMATS.TLV, FORMATS.LWM2M_JSON]);
    assert.deepEqual(acceptFor('1.1', [110]), [FORMATS.SENML_JSON, FORMATS.TLV, FORMATS.LWM2M_JSON]);
    assert.deepEqual(acceptFor('1.1', [112]), [FORMATS.SENML_CBOR, FORMATS.SENML_JSON, FORMATS.TLV, FORMATS.LWM2M_JSON]);
    assert.deepEqual(acceptFor('1.2'), [FORMATS.SENML_JSON, FORMATS.TLV, FORMATS.LWM2M_JSON]);
    assert.deepEqual(acceptFor('1.1', [11542]), [FORMATS.TLV, FORMATS.SENML_JSON, FORMATS.LWM2M_JSON]);
  });

  test("the registry's types", () => {
    assert.equal(typeOf('/3/0/9'), 'Integer');
    assert.equal(typeOf('/3/0/13'), 'Time');
    assert.equal(typeOf('/31024/10/1'), undefined);
  });
});

describe('content-format numbers', () => {
  test('from the media-type names node-coap reports, from numbers and from raw option bytes', () => {
    assert.equal(contentFormatNumber('application/vnd.oma.lwm2m+tlv'), FORMATS.TLV);
    assert.equal(contentFormatNumber('text/plain;charset=utf-8'), FORMATS.TEXT);
    assert.equal(contentFormatNumber('application/senml+cbor'), FORMATS.SENML_CBOR);
    assert.equal(contentFormatNumber(Uint8Array.of(0x2d, 0x16)), FORMATS.TLV);
    assert.equal(contentFormatNumber(new Uint8Array(0)), FORMATS.TEXT);
    assert.equal(contentFormatNumber(110), FORMATS.SENML_JSON);
    assert.equal(contentFormatNumber('application/xml'), undefined);
    assert.equal(contentFormatNumber(undefined), undefined);
    for (const f of Object.values(FORMATS)) assert.equal(contentFormatNumber(mediaTypeOf(f)), f);
  });
});
