import { test } from 'node:test';
import * as jsonc from 'jsonc-parser';
import * as assert from 'node:assert/strict';
import { completeAt, loadRegistry, type CompletionItem } from '../../../src/core/index';
import { DATAMODEL, VENDOR_DDF } from './fixtures';

/** Completion at the '|' marker; returns the items and the text without the marker. */
function at(marked: string, options = {}): { items: CompletionItem[]; text: string; offset: number } {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return { items: completeAt(text, offset, options), text, offset };
}
const labels = (items: CompletionItem[]) => items.map((i) => i.label);
/** The text after applying an item (a snippet with its placeholders' defaults, as VS Code first shows it). */
function apply(text: string, item: CompletionItem): string {
  const lines = text.split('\n');
  const off = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const inserted = item.snippet ? item.insertText.replace(/\$\{\d+:([^}]*)\}|\$\d+/g, '$1') : item.insertText;
  return text.slice(0, off(item.range.start)) + inserted + text.slice(off(item.range.end));
}

test('property names at the request level, without those already present', () => {
  const { items } = at('{"state": {"desired": {"operation": "write", |}}}');
  assert.deepEqual(labels(items), ['keys', 'values', 'attributes', 'arguments']);
  assert.equal(items.find((i) => i.label === 'attributes')!.detail, 'write ignores it');
  const root = at('{|}');
  assert.ok(labels(root.items).includes('state'));
  assert.ok(labels(root.items).includes('operation'));
  assert.deepEqual(labels(at('{"state": {|}}').items), ['desired']);
  const inQuotes = at('{"operation": "read", "ke|"}');
  const keys = inQuotes.items.find((i) => i.label === 'keys')!;
  assert.equal(apply(inQuotes.text, keys), '{"operation": "read", "keys"}');
});

test('operation names with what each does, inside or outside quotes', () => {
  const a = at('{"operation": |}');
  assert.equal(a.items.length, 9);
  const write = a.items.find((i) => i.label === 'write')!;
  assert.match(write.documentation!, /one value per key/);
  assert.equal(apply(a.text, write), '{"operation": "write"}');
  const b = at('{"operation": "wr|"}');
  assert.equal(apply(b.text, b.items.find((i) => i.label === 'writeAttributes')!), '{"operation": "writeAttributes"}');
});

test('keys part by part: objects, instances, resources filtered by the operation, resource instances', () => {
  const o = at('{"operation": "write", "keys": ["Dev|"]}');
  assert.ok(labels(o.items).includes('Device'));
  assert.equal(apply(o.text, o.items.find((i) => i.label === 'Device')!), '{"operation": "write", "keys": ["Device"]}');
  const i = at('{"operation": "write", "keys": ["Device.|"]}');
  assert.deepEqual(labels(i.items), ['0']);
  const r = at('{"operation": "write", "keys": ["Device.0.|"]}');
  const names = labels(r.items);
  assert.ok(names.includes('Timezone'));
  assert.ok(!names.includes('Manufacturer'), 'read-only resources are not offered for write');
  assert.ok(!names.includes('Reboot'));
  const tz = r.items.find((x) => x.label === 'Timezone')!;
  assert.match(tz.detail!, /\/3\/0\/15 · String · RW/);
  assert.equal(apply(r.text, tz), '{"operation": "write", "keys": ["Device.0.Timezone"]}');
  const e = at('{"operation": "execute", "keys": ["Device.0.|"]}');
  assert.ok(labels(e.items).includes('Reboot'));
  assert.ok(!labels(e.items).includes('Timezone'));
  const partial = at('{"operation": "read", "keys": ["Device.0.Bat|tery"]}');
  assert.equal(apply(partial.text, partial.items.find((x) => x.label === 'Battery Level')!), '{"operation": "read", "keys": ["Device.0.Battery Level"]}');
  const ri = at('{"operation": "read", "keys": ["Device.0.Power Source Voltage.|"]}', { datamodel: DATAMODEL });
  assert.deepEqual(labels(ri.items), ['0', '1']);
  assert.match(ri.items[0].documentation!, /4100/);
});

test('keys from the datamodel: its objects first, its instances, current values', () => {
  const o = at('{"operation": "read", "keys": [|]}', { datamodel: DATAMODEL });
  assert.equal(o.items.find((x) => x.label === 'all')!.sortText, '0');
  const conf = o.items.find((x) => x.label === 'Configuration')!;
  assert.equal(conf.detail, 'vendor object (in the datamodel)');
  assert.equal(conf.insertText, '"Configuration"');
  const inst = at('{"operation": "read", "keys": ["Temperature.|"]}', { datamodel: DATAMODEL });
  assert.deepEqual(labels(inst.items), ['0', '1']);
  const res = at('{"operation": "read", "keys": ["Device.0.|"]}', { datamodel: DATAMODEL });
  const bl = res.items.find((x) => x.label === 'Battery Level')!;
  assert.match(bl.documentation!, /Current value: 87/);
  assert.ok(bl.sortText! < res.items.find((x) => x.label === 'Model Number')!.sortText!);
});

test('values for the key at the same index: current value, booleans, enumerations', () => {
  const r = loadRegistry({ vendorDdf: [{ file: 'c.xml', text: VENDOR_DDF }] });
  const v = at('{"operation": "write", "keys": ["Device.0.Timezone", "Configuration.0.GNSS Enable"], "values": ["x", |]}', { registry: r, datamodel: DATAMODEL });
  assert.deepEqual(labels(v.items), ['true', '"true"', '"false"']);
  assert.match(v.items[1].detail!, /Boolean/);
  const cur = at('{"operation": "write", "keys": ["Configuration.0.Sample Interval"], "values": [|]}', { registry: r, datamodel: DATAMODEL });
  assert.equal(cur.items[0].label, '60');
  assert.equal(cur.items[0].documentation, 'The current value on the device.');
  assert.match(cur.items[0].detail!, /range 1\.\.86400 · s/);
});

test('attribute names and con values', () => {
  const a = at('{"operation": "observe", "keys": ["Device.0.Battery Level"], "attributes": [{"pmin": 1, |}]}');
  assert.deepEqual(labels(a.items), ['pmax', 'gt', 'lt', 'st', 'epmin', 'epmax', 'con']);
  // A placeholder value, selected to type over: the JSON stays whole (it was `"pmax": }` before issue 14).
  assert.equal(apply(a.text, a.items[0]), '{"operation": "observe", "keys": ["Device.0.Battery Level"], "attributes": [{"pmin": 1, "pmax": 0}]}');
  const c = at('{"operation": "observe", "keys": ["Device.0"], "attributes": [{"con": |}]}');
  assert.deepEqual(labels(c.items), ['1', '0', 'null']);
});

test('half-typed documents complete without errors', () => {
  assert.ok(labels(at('{"operation": "read", "keys": ["Dev|').items).includes('Device'));
  assert.ok(labels(at('{"state":{"desired":{"operation":"read","keys":[|').items).includes('Device'));
  assert.equal(at('|').items.length, 0);
});

// Issue 14: "after typing `"desired": {` the list still offers `desired`, and Enter produces
// `"desired""desired": {`; `"keys": [` offers field names; `write"` keeps offering operation names."""
test('nothing is offered right after a finished key or value', () => {
  assert.deepEqual(labels(at('{ "state": { "desired"|').items), []);
  assert.deepEqual(labels(at('{\n  "state": {\n    "desired"|: {}\n  }\n}').items), []);
  assert.deepEqual(labels(at('{ "state": { "desired": { "operation": "write"|').items), []);
  assert.deepEqual(labels(at('{"state": {"desired": {"operation": "write"|}}}').items), []);
  assert.deepEqual(labels(at('{"operation": "write", "keys": ["Device.0.UTC Offset"|]}').items), []);
  assert.deepEqual(labels(at('{"operation": "observe", "keys": ["Device.0"], "attributes": [{"con": 1|}]}').items), []);
  // An escaped quote does not finish the string.
  assert.ok(at('{"operation": "write", "keys": ["Dev\\"|"]}').items.every((i) => !i.insertText.startsWith('"')));
});

test('after `"desired": {` the request fields are offered, not "desired"; after `"keys": [` keys, not fields', () => {
  const d = at('{ "state": { "desired": {|');
  assert.deepEqual(labels(d.items), ['operation', 'keys', 'values', 'attributes', 'arguments']);
  const k = at('{ "state": { "desired": { "operation": "write", "keys": [|');
  assert.ok(labels(k.items).includes('Device'));
  assert.ok(!labels(k.items).some((l) => ['operation', 'keys', 'values', 'state', 'desired'].includes(l)), JSON.stringify(labels(k.items).slice(0, 5)));
  const inside = at('{ "state": { "desired": { "operation": "write", "keys": [|] } } }');
  assert.equal(apply(inside.text, inside.items.find((i) => i.label === 'Device')!), '{ "state": { "desired": { "operation": "write", "keys": ["Device"] } } }');
});

test('accepting any item anywhere in a valid document keeps it valid JSON', () => {
  const docs = [
    '{\n  "state": {\n    "desired": {\n      "operation": "write",\n      "keys": ["Device.0.UTC Offset", "Device.0.Timezone"],\n      "values": ["+01:00", "Europe/Berlin"]\n    }\n  }\n}\n',
    '{"state": {"desired": {"operation": "observe", "keys": ["Device.0.Battery Level"], "attributes": [{"pmin": 10, "con": 1}]}}}',
    '{"state": {"desired": {}}}',
  ];
  for (const text of docs) {
    for (let offset = 0; offset <= text.length; offset++) {
      for (const item of completeAt(text, offset, { datamodel: DATAMODEL })) {
        const result = apply(text, item);
        const errors: jsonc.ParseError[] = [];
        jsonc.parse(result, errors, { allowTrailingComma: false, disallowComments: true });
        assert.deepEqual(errors, [], `"${item.label}" at ${offset} of ${JSON.stringify(text)} gives ${JSON.stringify(result)}`);
      }
    }
  }
});
