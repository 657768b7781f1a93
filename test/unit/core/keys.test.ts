import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { formatKey, keyForPath, loadRegistry, parseKey } from '../../../src/core/index';
import { DATAMODEL, VENDOR_DDF } from './fixtures';

const reg = loadRegistry();

test('a resource key resolves object, instance and resource with its path', () => {
  const k = parseKey('LwM2M Server.1.Lifetime', reg);
  assert.equal(k.level, 'resource');
  assert.equal(k.object!.id, 1);
  assert.equal(k.instance, '1');
  assert.equal(k.resource!.id, 1);
  assert.equal(k.path, '/1/1/1');
  assert.deepEqual(k.parts.map((p) => [p.kind, p.text, p.start, p.end]), [
    ['object', 'LwM2M Server', 0, 12], ['instance', '1', 13, 14], ['resource', 'Lifetime', 15, 23],
  ]);
  assert.deepEqual(k.errors, []);
});

test('resource instances, object and instance level keys', () => {
  const k = parseKey('Device.0.Power Source Voltage.1', reg);
  assert.equal(k.level, 'resourceInstance');
  assert.equal(k.resourceInstance, '1');
  assert.equal(k.path, '/3/0/7/1');
  assert.equal(parseKey('Device', reg).level, 'object');
  assert.equal(parseKey('Device.0', reg).path, '/3/0');
});

test('special keys', () => {
  for (const s of ['all', '', '.', '/']) {
    const k = parseKey(s, reg);
    assert.equal(k.level, 'special');
    assert.equal(k.special, s);
    assert.deepEqual(k.errors, []);
  }
});

test('names with dots resolve by the longest known name', () => {
  const k = parseKey('LwM2M v1.0 Test Object.0', reg);
  assert.equal(k.objectName, 'LwM2M v1.0 Test Object');
  assert.equal(k.instance, '0');
  const air = reg.objects().find((o) => o.resources.some((x) => x.name === 'PM2.5'))!;
  const pm = parseKey(`${air.name}.0.PM2.5`, reg);
  assert.equal(pm.resourceName, 'PM2.5');
  assert.equal(pm.resourceInstance, undefined);
  assert.deepEqual(pm.errors, []);
  const sec = parseKey('LWM2M Security.0.TLS 1.3 Features To Use by Client', reg);
  assert.equal(sec.resource?.name, 'TLS 1.3 Features To Use by Client');
});

test('"Location" resolves by resource name, then by datamodel, then the lowest ID', () => {
  const lat = parseKey('Location.0.Latitude', reg);
  assert.equal(lat.object!.id, 6);
  assert.equal(lat.candidates!.length, 2);
  const only3336 = reg.objectById(3336)!.resources.find((r) => !reg.resourceByName(reg.objectById(6)!, r.name))!;
  assert.equal(parseKey(`Location.0.${only3336.name}`, reg).object!.id, 3336);
  assert.equal(parseKey('Location.0', reg).object!.id, 6);
  const dm = { Location: { '0': { [only3336.name]: '1' } } };
  assert.equal(parseKey('Location.0', reg, dm).object!.id, 3336);
});

test('unknown objects are warnings with a suggestion; vendor names from the datamodel are known', () => {
  const k = parseKey('Devise.0.Manufacturer', reg);
  assert.equal(k.errors.length, 1);
  assert.equal(k.errors[0].code, 'unknown-object');
  assert.equal(k.errors[0].severity, 'warning');
  assert.match(k.errors[0].message, /did you mean "Device"/);
  assert.deepEqual([k.errors[0].start, k.errors[0].end], [0, 6]);
  assert.equal(k.instance, '0');
  assert.equal(k.resourceName, 'Manufacturer');
  const v = parseKey('Location Assistance.0.Assistance Type', reg, DATAMODEL);
  assert.equal(v.objectName, 'Location Assistance');
  assert.equal(v.inDatamodel, true);
  assert.deepEqual(v.errors, []);
});

test('an unknown resource of a known object is an error naming the close one', () => {
  const k = parseKey('Device.0.Batery Level', reg);
  assert.equal(k.errors[0].code, 'unknown-resource');
  assert.equal(k.errors[0].severity, 'error');
  assert.match(k.errors[0].message, /did you mean "Battery Level"/);
  assert.deepEqual([k.errors[0].start, k.errors[0].end], [9, 21]);
  assert.equal(k.errors[0].suggestion, 'Device.0.Battery Level');
  const byId = parseKey('Device.0.9', reg);
  assert.match(byId.errors[0].message, /"Battery Level"/);
});

test('bad instance IDs point at the wrong characters', () => {
  const k = parseKey('Device.x0.Manufacturer', reg);
  assert.equal(k.errors[0].code, 'key-syntax');
  assert.deepEqual([k.errors[0].start, k.errors[0].end], [7, 8]);
  const e = parseKey('Device..Manufacturer', reg);
  assert.equal(e.errors[0].code, 'key-syntax');
  assert.deepEqual([e.errors[0].start, e.errors[0].end], [7, 8]);
  assert.equal(parseKey('Device.70000', reg).errors[0].code, 'key-syntax');
  assert.equal(parseKey('.0.x', reg).errors[0].code, 'key-syntax');
});

test('a trailing dot is noted and tolerated', () => {
  const k = parseKey('Device.0.Manufacturer.', reg);
  assert.equal(k.trailingDot, true);
  assert.equal(k.resource?.id, 0);
  assert.deepEqual(k.errors, []);
});

test('vendor objects from DDF texts resolve', () => {
  const r = loadRegistry({ vendorDdf: [{ file: 'c.xml', text: VENDOR_DDF }] });
  const k = parseKey('Configuration.0.GNSS Enable', r);
  assert.equal(k.path, '/50009/0/1');
  assert.equal(parseKey('Configuration.0.GPS', r).errors[0].code, 'unknown-resource');
});

test('formatKey and keyForPath', () => {
  const dev = reg.objectById(3)!;
  assert.equal(formatKey({ object: dev, instance: 0, resource: reg.resourceByName(dev, 'Battery Level')! }), 'Device.0.Battery Level');
  assert.equal(formatKey({ object: 'Portfolio', instance: 5, resource: 'Identity', resourceInstance: 1 }), 'Portfolio.5.Identity.1');
  assert.equal(formatKey({ object: 'Device' }), 'Device');
  assert.equal(keyForPath('/3/0/9', reg), 'Device.0.Battery Level');
  assert.equal(keyForPath('/3/0/7/1', reg), 'Device.0.Power Source Voltage.1');
  assert.equal(keyForPath('/99999/0', reg), undefined);
  for (const key of ['Device.0.Battery Level', 'LwM2M Server.1.Lifetime', 'Device.0.Power Source Voltage.1']) {
    const p = parseKey(key, reg);
    assert.equal(formatKey({ object: p.object!, instance: p.instance, resource: p.resource, resourceInstance: p.resourceInstance }), key);
  }
});
