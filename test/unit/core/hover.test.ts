import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { escapeMarkdown, hoverAt, loadRegistry } from '../../../src/core/index';
import { DATAMODEL } from './fixtures';

function hover(marked: string, options = {}) {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return { h: hoverAt(text, offset, options), text };
}
const slice = (text: string, r: { start: { character: number }; end: { character: number } }) => text.slice(r.start.character, r.end.character);

test('hover on a resource part shows its definition, ID path and current value', () => {
  const { h, text } = hover('{"operation": "read", "keys": ["Device.0.Batt|ery Level"]}', { datamodel: DATAMODEL });
  assert.ok(h);
  assert.equal(slice(text, h.range), 'Battery Level');
  assert.match(h.markdown, /`\/3\/0\/9`/);
  assert.match(h.markdown, /Type: Integer/);
  assert.match(h.markdown, /Range: 0\\\.\\\.100/);
  assert.match(h.markdown, /Operations: R/);
  assert.match(h.markdown, /Current value: 87/);
});

test('hover on the object part shows the object and the device instances', () => {
  const { h, text } = hover('{"operation": "read", "keys": ["Temp|erature.0.Sensor Value"]}', { datamodel: DATAMODEL });
  assert.equal(slice(text, h!.range), 'Temperature');
  assert.match(h!.markdown, /\*\*Temperature\*\* `\/3303`/);
  assert.match(h!.markdown, /instances 0, 1/);
});

test('hover on a multi-instance resource lists its current values', () => {
  const { h } = hover('{"operation": "read", "keys": ["Device.0.Power Source Vol|tage"]}', { datamodel: DATAMODEL });
  assert.match(h!.markdown, /Current values: 0: 4100, 1: 3300/);
});

test('hover on operations, fields and values', () => {
  assert.match(hover('{"operation": "ex|ecute", "keys": ["Device.0.Reboot"]}').h!.markdown, /Execute one executable resource/);
  assert.match(hover('{"op|eration": "read", "keys": []}').h!.markdown, /case-sensitive/);
  const v = hover('{"operation": "write", "keys": ["LwM2M Server.1.Lifetime"], "values": [3|00]}').h!;
  assert.match(v.markdown, /Lifetime/);
  assert.match(v.markdown, /Units: s/);
  assert.equal(hover('{"operation": "read", "keys": ["Device.0"]}|').h, undefined);
});

test('device- and file-provided strings cannot inject markdown or command links', () => {
  const evil = '[click](command:workbench.action.terminal.new) <img src=x> **bold** `code`';
  const dm = { Device: { '0': { Manufacturer: evil } }, [evil]: { '0': { x: '1' } } };
  const { h } = hover('{"operation": "read", "keys": ["Device.0.Manu|facturer"]}', { datamodel: dm });
  assert.ok(!h!.markdown.includes('[click]('));
  assert.ok(!/[^\\]<img/.test(h!.markdown));
  assert.ok(h!.markdown.includes('\\<img'));
  assert.ok(h!.markdown.includes('\\[click\\]\\(command\\:'));
  const vendor = `<LWM2M><Object><Name>Evil](command:x)</Name><ObjectID>42000</ObjectID><Description1>*hi* [a](command:y)</Description1><Resources/></Object></LWM2M>`;
  const r = loadRegistry({ vendorDdf: [{ file: 'evil<b>.xml', text: vendor }] });
  const o = hover('{"operation": "read", "keys": ["Evil](command:x)|.0"]}', { registry: r });
  assert.ok(!/[^\\][[\]()<>*]/.test(o.h!.markdown.split('\n').slice(1).join('\n').replace(/`\/42000`/, '')), o.h!.markdown);
  assert.equal(escapeMarkdown('a\nb'), 'a b');
});
