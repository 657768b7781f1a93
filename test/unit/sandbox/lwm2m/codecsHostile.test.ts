// The codecs under hostile device input (issue #21 item 5): malformed, truncated, oversized, deeply nested,
// huge declared lengths, NaN/Infinity, duplicate records, non-UTF-8 text, base names that build nonsense paths,
// paths outside the request, CBOR tags, indefinite lengths and bombs. Each is a CodecError that says what is
// wrong, in a bounded message that shows no raw bytes, found without allocating what the input claims.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { loadRegistry } from '../../../../src/core/index';
import { CodecError, FORMATS, decode, decodeLinks, encode, parseLinkFormat, registryTypeOf, type Limits } from '../../../../src/sandbox/lwm2m/codecs/index';

const typeOf = registryTypeOf(loadRegistry());
const utf8 = (s: string) => new TextEncoder().encode(s);
const bytes = (h: string) => Uint8Array.from(Buffer.from(h.replace(/\s/g, ''), 'hex'));

function rejected(run: () => unknown, pattern: RegExp, format?: number): void {
  const t0 = performance.now();
  assert.throws(run, (e: unknown) => {
    assert.ok(e instanceof CodecError, `not a CodecError: ${String(e)}`);
    assert.match(e.message, pattern);
    assert.ok(e.message.length <= 300, 'message is bounded');
    assert.doesNotMatch(e.message, /[\u0000-\u0008\u000e-\u001f\ufffd]/, 'no raw bytes in the message');
    assert.doesNotMatch(e.message, /internal error/);
    if (format !== undefined) assert.equal(e.format, format);
    return true;
  });
  assert.ok(performance.now() - t0 < 500, 'refused without working through what the input claims');
}

const dec = (format: number, payload: Uint8Array, path: string, limits?: Limits) => () => decode(format, payload, path, typeOf, limits);

describe('TLV', () => {
  const T = FORMATS.TLV;
  test('truncated headers and values', () => {
    rejected(dec(T, bytes('c8'), '/3/0'), /entry at byte 0 is cut short in its header/, T);
    rejected(dec(T, bytes('e800'), '/3/0'), /cut short in its header/);
    rejected(dec(T, bytes('c80014 4f70'), '/3/0'), /declares 20 bytes of value, and only 2 remain/);
  });
  test('a 24-bit length over a few bytes is refused before anything is allocated', () => {
    rejected(dec(T, bytes('d8 00 ffffff 00'), '/3/0'), /declares 16777215 bytes of value, and only 1 remain/);
    rejected(dec(T, bytes('08 00 ff c8 00 ff'), '/3'), /declares 255 bytes/);
  });
  test('values of the wrong size for their type, NaN and Infinity, a boolean of 2', () => {
    rejected(dec(T, bytes('c3 09 000001'), '/3/0'), /\/3\/0\/9 is an Integer \(1, 2, 4 or 8 bytes\), and its TLV value has 3 bytes/);
    const float = registryResource('Float');
    rejected(dec(T, bytes(`c4 ${float.resource.toString(16).padStart(2, '0')} 7fc00000`), float.instance), /is a Float, and the device sent NaN/);
    rejected(dec(T, bytes(`c4 ${float.resource.toString(16).padStart(2, '0')} 7f800000`), float.instance), /is a Float, and the device sent Infinity/);
    rejected(dec(T, bytes(`c3 ${float.resource.toString(16).padStart(2, '0')} 000000`), float.instance), /is a Float \(4 or 8 bytes\)/);
    rejected(dec(T, bytes('c1 06 02'), '/1/0'), /\/1\/0\/6 is a Boolean, and its TLV byte is 2/);
  });
  test('entries nested where they do not belong, and paths the request did not name', () => {
    rejected(dec(T, bytes('c1 09 00'), '/3'), /top-level TLV resource .* needs a request path of 2 IDs/);
    rejected(dec(T, bytes('03 00 c1 0a 00'), '/3/0/9'), /names \/3\/0\/10, outside the requested \/3\/0\/9/);
    rejected(dec(T, bytes('03 01 c1 09 00'), '/3/0'), /names \/3\/1, outside the requested \/3\/0/);
    rejected(dec(T, bytes('c1 0a 00'), '/3/0/9'), /names \/3\/0\/10, outside the requested \/3\/0\/9/);
    rejected(dec(T, bytes('03 00 41 00 01'), '/3'), /object instance holds a resource instance/);
    rejected(dec(T, bytes('83 06 c1 00 01'), '/3/0'), /multiple resource holds a resource/);
    rejected(dec(T, bytes('c1 09 00'), '/'), /needs a request path/);
  });
  test('duplicate resources and a resource both single and multiple', () => {
    rejected(dec(T, bytes('c1 09 00 c1 09 01'), '/3/0'), /\/3\/0\/9 appears twice/);
    rejected(dec(T, bytes('c1 06 01 83 06 41 00 01'), '/3/0'), /\/3\/0\/6 is given both as a single value and as resource instances/);
  });
  test('text that is not UTF-8', () => {
    rejected(dec(T, bytes('c2 00 c328'), '/3/0'), /the String value of \/3\/0\/0 is not valid UTF-8/);
  });
  test('oversized payloads and too many records', () => {
    rejected(dec(T, new Uint8Array(2000), '/3/0', { maxBytes: 1000 }), /payload of 2000 bytes is larger than the 1000 bytes accepted/);
    const many = bytes('c1 01 00 c1 02 00 c1 03 00 c1 04 00');
    rejected(dec(T, many, '/9/0', { maxRecords: 3 }), /more than 3 records/);
  });
  test('the request path itself must be an LwM2M path', () => {
    for (const p of ['', '3/0', '/3/0/', '/3/x', '/3/65536', '/1/2/3/4/5', '/03']) rejected(dec(T, new Uint8Array(0), p), /request path .* is not an LwM2M path/);
  });
});

/** A single resource of a type in the bundled registry, to build payloads for it. */
function registryResource(type: string): { instance: string; resource: number } {
  const reg = loadRegistry();
  for (const obj of reg.objects()) {
    const r = obj.resources.find((x) => x.type === type && !x.multiple && x.id < 256);
    if (r) return { instance: `/${obj.id}/0`, resource: r.id };
  }
  throw new Error(`no ${type} resource in the registry`);
}

describe('SenML JSON', () => {
  const S = FORMATS.SENML_JSON;
  const j = (text: string, path = '/', limits?: Limits) => dec(S, utf8(text), path, limits);
  test('not JSON, not an array, records that are not flat objects', () => {
    rejected(j('[{"n":"/3/0/9","v":1}'), /SenML JSON payload \(\d+ bytes\) is not valid JSON/, S);
    rejected(j('{"n":"/3/0/9"}'), /is a JSON array of records, and this is an object/);
    rejected(j('[1]'), /record 1 is a number, not an object/);
    rejected(j('[{"n":"/3/0/9","v":{"x":1}}]'), /record 1: its label "v" holds an object/);
  });
  test('deep nesting', () => {
    rejected(j('['.repeat(100_000) + ']'.repeat(100_000)), /not valid JSON|holds an array|is an array|too deeply/);
    rejected(j('[' + '['.repeat(5000) + ']'.repeat(5000) + ']'), /record 1 is an array/);
  });
  test('names that are no path, base names that build nonsense, paths outside the request', () => {
    rejected(j('[{"v":1}]'), /record 1 has no name/);
    rejected(j('[{"n":"/3/0/x","v":1}]'), /names "\/3\/0\/x", which is not an LwM2M path/);
    rejected(j('[{"n":"/3/0/99999","v":1}]'), /not an LwM2M path/);
    rejected(j('[{"n":"/3/0/1/2/3","v":1}]'), /not an LwM2M path/);
    rejected(j('[{"bn":"/3/0/","n":"../1","v":1}]'), /names "\/3\/0\/..\/1", which is not an LwM2M path/);
    rejected(j('[{"bn":"/3/0","n":"1","v":1}]'), /names "\/3\/01", which is not|names \/3\/01/);
    rejected(j('[{"bn":"\\u202e/3/0/","n":"1","v":1}]'), /\\u202e/);
    rejected(j('[{"n":"/3/0","v":1}]'), /names \/3\/0, an object or instance, where a resource value belongs/);
    rejected(j('[{"n":"/3/0/9","v":1}]', '/1/0'), /names \/3\/0\/9, outside the requested \/1\/0/);
  });
  test('values: none, two, not finite, of the wrong kind', () => {
    rejected(j('[{"n":"/3/0/9"}]'), /\(\/3\/0\/9\) has no value/);
    rejected(j('[{"n":"/3/0/9","v":1,"vs":"1"}]'), /has more than one value \(v, vs\)/);
    rejected(j('[{"n":"/3/0/9","v":1e999}]'), /v must be a finite number/);
    rejected(j('[{"n":"/3/0/9","v":"NaN"}]'), /v must be a finite number/);
    rejected(j('[{"n":"/3/0/9","vb":"true"}]'), /vb must be true or false/);
    rejected(j('[{"n":"/3/0/9","vd":"not base64!"}]'), /vd must be base64/);
    rejected(j('[{"n":"/3/0/9","vlo":"3"}]'), /vlo must be 'object:instance'/);
    rejected(j('[{"n":"/3/0/9","v":1,"t":"now"}]'), /t must be a finite number/);
  });
  test('duplicate records, must-understand labels', () => {
    rejected(j('[{"n":"/3/0/9","v":1},{"n":"/3/0/9","v":2}]'), /\/3\/0\/9 appears twice/);
    rejected(j('[{"n":"/3/0/9","v":1,"t":1700000000},{"n":"/3/0/9","v":2,"t":1700000000}]'), /appears twice for the same time/);
    rejected(j('[{"n":"/3/0/9","v":1,"crit_":1}]'), /label "crit_", which must be understood/);
  });
  test('non-UTF-8 and oversized payloads, too many records', () => {
    rejected(dec(S, bytes('5b7b226e223a22c328227d5d'), '/'), /SenML JSON payload is not valid UTF-8/);
    rejected(j(' '.repeat(2000), '/', { maxBytes: 1000 }), /larger than the 1000 bytes/);
    rejected(j(JSON.stringify(Array.from({ length: 11 }, (_, i) => ({ n: `/3/0/${i}`, v: 1 }))), '/', { maxRecords: 10 }), /more than 10 records/);
  });
});

describe('SenML CBOR', () => {
  const C = FORMATS.SENML_CBOR;
  const c = (h: string, path = '/', limits?: Limits) => dec(C, bytes(h), path, limits);
  // a1 00 66 "/3/0/9" — the name label and value, for records below
  const name = '00 66 2f332f302f39';
  test('truncated and trailing bytes', () => {
    rejected(c(''), /ends where the array of records was expected/, C);
    rejected(c('81'), /the SenML CBOR array declares 1 records in 0 bytes/);
    rejected(c(`81 a2 ${name}`), /ends where a label of SenML record 1 was expected/);
    rejected(c('81 a1 00 66 2f33'), /malformed at byte 3/);
    rejected(c(`81 a2 ${name} 02 01 00`), /1 bytes follow the SenML CBOR array/);
  });
  test('tags, indefinite lengths, undefined, null', () => {
    rejected(c(`c1 81 a2 ${name} 02 01`), /starts with a CBOR tag \(1\)/);
    rejected(c(`81 a2 ${name} 02 c1 01`), /v in SenML record 1 is a CBOR tag/);
    rejected(c(`9f a2 ${name} 02 01 ff`), /malformed at byte 0: indefinite length/);
    rejected(c('81 bf 00 66 2f332f302f39 02 01 ff'), /indefinite length/);
    rejected(c('81 a2 00 7f 62 2f33 ff 02 01'), /indefinite length/);
    rejected(c(`81 a2 ${name} 02 f7`), /malformed.*undefined/);
    rejected(c(`81 a2 ${name} 02 f6`), /v in SenML record 1 is null/);
  });
  test('bombs: declared lengths far beyond the bytes present', () => {
    rejected(c('9b 00000001 00000000'), /more than 10000 records/);
    rejected(c('9a 00001000 a0'), /declares 4096 records in 1 bytes/);
    rejected(c('81 bb 00000001 00000000'), /declares 4294967296 labels/);
    rejected(c('81 a2 00 5a ffffffff 00'), /malformed at byte 3/);
    rejected(c('81 a2 00 7b 00000001 00000000 00'), /malformed at byte 3/);
  });
  test('deep nesting is refused at the first nested container', () => {
    rejected(c('81'.repeat(100_000)), /SenML record 1 is an array, not a map/);
    rejected(c(`81 a2 ${name} 02 ${'81'.repeat(50_000)}`), /v in SenML record 1 is an array/);
  });
  test('NaN, Infinity, non-UTF-8 text, repeated labels, labels that are no label', () => {
    rejected(c(`81 a2 ${name} 02 f97e00`), /malformed.*NaN/);
    rejected(c(`81 a2 ${name} 02 f97c00`), /malformed.*Infinity/);
    rejected(c(`81 a2 ${name} 02 fb7ff0000000000000`), /malformed.*Infinity/);
    rejected(c('81 a2 00 62 c328 03 61 78'), /n in SenML record 1 is not valid UTF-8/);
    rejected(c(`81 a3 ${name} 02 01 02 02`), /SenML record 1 repeats the label "v"/);
    rejected(c(`81 a2 ${name} f5 01`), /SenML record 1 has a true as a label/);
  });
  test('the same record rules as SenML JSON', () => {
    rejected(c(`82 a2 ${name} 02 01 a2 ${name} 02 02`), /\/3\/0\/9 appears twice/);
    rejected(c(`81 a2 ${name} 02 01`, '/1'), /outside the requested \/1/);
    rejected(c(`81 a2 ${name} 08 61 78`), /vd must be a byte string/);
  });
});

describe('LwM2M JSON', () => {
  const L = FORMATS.LWM2M_JSON;
  const j = (text: string, path = '/3/0') => dec(L, utf8(text), path);
  test('the document shape', () => {
    rejected(j('[]'), /is an object with bn and e/, L);
    rejected(j('{"bn":"/3/0/","e":{}}'), /e must be an array/);
    rejected(j('{"bn":3,"e":[]}'), /bn must be a string/);
    rejected(j('{"bn":"/3/0/","e":[1]}'), /record 1 is not an object/);
    rejected(j('{"bn":"/3/0/","e":['), /not valid JSON/);
  });
  test('names, values, duplicates', () => {
    rejected(j('{"bn":"/3/0/","e":[{"n":"x","v":1}]}'), /names "\/3\/0\/x", which is not an LwM2M path/);
    rejected(j('{"bn":"/4/0/","e":[{"n":"1","v":1}]}'), /outside the requested \/3\/0/);
    rejected(j('{"bn":"/3/0/","e":[{"n":"9"}]}'), /has no value/);
    rejected(j('{"bn":"/3/0/","e":[{"n":"9","v":1,"sv":"1"}]}'), /more than one value/);
    rejected(j('{"bn":"/3/0/","e":[{"n":"9","v":"1"}]}'), /v is not a finite number/);
    rejected(j('{"bn":"/3/0/","e":[{"n":"9","v":1},{"n":"9","v":2}]}'), /appears twice/);
    rejected(j('{"bn":"/3/0/","e":[{"n":"9","bv":1}]}'), /bv is not true or false/);
  });
});

describe('plain text and opaque', () => {
  const P = FORMATS.TEXT;
  const t = (text: string, path: string) => dec(P, utf8(text), path);
  test('values that are not of the resource type', () => {
    rejected(t('abc', '/3/0/9'), /\/3\/0\/9 is an Integer, and the device sent "abc"/, P);
    rejected(t('99999999999999999999999', '/3/0/9'), /an Integer/);
    rejected(t('NaN', '/1/0/6'), /Boolean/);
    rejected(t('true', '/1/0/6'), /is a Boolean \('0' or '1'\)/);
    const f = registryResource('Float');
    rejected(t('Infinity', `${f.instance}/${f.resource}`), /is a Float/);
    rejected(t('1e999', `${f.instance}/${f.resource}`), /is a finite Float/);
    const o = registryResource('Objlnk');
    rejected(t('3:99999', `${o.instance}/${o.resource}`), /is an Objlnk \('object:instance'\), and the device sent "3:99999"/);
  });
  test('an object or instance is no single value; non-UTF-8 text', () => {
    rejected(t('1', '/3/0'), /plain text carries one resource value, and \/3\/0 is an object or instance/);
    rejected(dec(P, bytes('c328'), '/3/0/0'), /plain-text value of \/3\/0\/0 is not valid UTF-8/);
    rejected(dec(FORMATS.OPAQUE, bytes('00'), '/5'), /opaque carries one resource value/);
  });
  test('encoding more than one value, or a value for another path', () => {
    rejected(() => encode(P, [{ path: '/3/0/9', value: 1 }, { path: '/3/0/10', value: 1 }], '/3/0/9', typeOf), /exactly one value, for \/3\/0\/9; got 2 record/);
    rejected(() => encode(P, [{ path: '/3/0/10', value: 1 }], '/3/0/9', typeOf), /got 1 record\(s\) for \/3\/0\/10/);
  });
});

describe('link format', () => {
  const bad = (text: string, pattern: RegExp, limits?: Limits) => rejected(() => parseLinkFormat(text, limits), pattern, FORMATS.LINK);
  test('malformed', () => {
    bad('/3/0', /expected '<' to open a link, found "\/" at character 1/);
    bad('</3/0', /'<' is never closed/);
    bad('</3/0>;ct="110', /quoted value is never closed/);
    bad('</3/0>;="1"', /expected a parameter name/);
    bad('</3/0> </4/0>', /expected ',' or ';' after a link/);
    bad('</3\u0000/0>', /is not a URI/);
    bad('</3/0>;x="\\', /lone backslash|never closed/);
  });
  test('bounded: links, parameters, size', () => {
    bad(Array.from({ length: 11 }, (_, i) => `</${i}>`).join(','), /more than 10 links/, { maxRecords: 10 });
    bad('</3>' + ';a'.repeat(65), /more than 64 parameters/);
    bad('</3>'.padEnd(2000, ' '), /longer than the 1000 accepted/, { maxBytes: 1000 });
    rejected(() => decodeLinks(bytes('3c2fc3283e')), /link-format payload is not valid UTF-8/);
  });
  test('decode() points to parseLinkFormat, unknown formats are named', () => {
    rejected(dec(FORMATS.LINK, utf8('</3>'), '/'), /use parseLinkFormat|parse it with parseLinkFormat/);
    rejected(dec(60, utf8('x'), '/'), /content format 60 is not a content format the server decodes/);
  });
});
