// Tree actions' pure parts: which operations a row offers (gated by the object definition and the device),
// the requests they build (the same a person would type), and the checks of what is typed into their
// input boxes.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  actionsFor, attributeValueOf, attributesText, cancelAllObservationsRequest, cancelObserveRequest, checkAttributeSet, checkExecuteArguments,
  checkRequest, checkWriteInput, datamodelTargets, executeRequest, loadRegistry, observeRequest, parseAttributesText, readAllRequest,
  readDatamodel, readRequest, rebootInstance, rebootRequest, targetsFor, whyNot, writeAttributesRequest, writeChoices, writeRequest, writeValueOf,
  type ObjectDef, type ResourceDef,
} from '../../../src/core/index';
import { DATAMODEL } from './fixtures';

const reg = loadRegistry();
const obj = (id: number): ObjectDef => reg.objectById(id)!;
const res = (id: number, name: string): ResourceDef => reg.resourceByName(obj(id), name)!;

test('a resource offers what its definition allows: R → Read/Observe, W → Write, E → Execute only', () => {
  const at = (o: number, name: string) => actionsFor({ level: 'resource', objectDef: obj(o), resourceDef: res(o, name), present: true });
  assert.deepEqual(at(3, 'Manufacturer'), ['read', 'observe', 'cancelObserve', 'writeAttributes']);
  assert.deepEqual(at(1, 'Lifetime'), ['read', 'write', 'observe', 'cancelObserve', 'writeAttributes']);
  assert.deepEqual(at(3, 'Reboot'), ['execute']);
  // Write-only (Firmware Update Package): written, never read or observed.
  assert.deepEqual(at(5, 'Package'), ['write']);
  // A writable multi-instance resource is written per instance, read as a whole.
  assert.deepEqual(at(1, 'Supported Server Versions'), ['read', 'observe', 'cancelObserve', 'writeAttributes']);
  assert.deepEqual(actionsFor({ level: 'resourceInstance', resourceDef: res(1, 'Supported Server Versions'), present: true }), ['read', 'write']);
  assert.deepEqual(actionsFor({ level: 'resourceInstance', resourceDef: res(3, 'Power Source Voltage'), present: true }), ['read']);
});

test('gating says why: no Write on a read-only resource, no Execute on a readable one, nothing on what the device lacks', () => {
  const manufacturer = { level: 'resource' as const, objectDef: obj(3), resourceDef: res(3, 'Manufacturer'), present: true };
  assert.match(whyNot('write', manufacturer)!, /Manufacturer is not writable \(operations: R\)/);
  assert.match(whyNot('execute', manufacturer)!, /Manufacturer is not executable/);
  assert.equal(whyNot('read', manufacturer), undefined);
  const absent = { level: 'object' as const, objectDef: obj(5), present: false };
  assert.deepEqual(actionsFor(absent), []);
  assert.match(whyNot('read', absent)!, /device has no such object/);
  assert.deepEqual(actionsFor({ level: 'instance', objectDef: obj(3), present: true }), ['read', 'observe', 'cancelObserve', 'writeAttributes']);
  // Unknown definition (a vendor object without its DDF): read and observe, never write or execute.
  assert.deepEqual(actionsFor({ level: 'resource', present: true }), ['read', 'observe', 'cancelObserve', 'writeAttributes']);
  assert.deepEqual(actionsFor({ level: 'thing', present: true }), ['readAll', 'cancelAllObservations']);
  assert.deepEqual(actionsFor({ level: 'thing', present: true, hasReboot: true }), ['readAll', 'cancelAllObservations', 'reboot']);
});

test('the datamodel\'s rows as targets: the F1 picker lists only what an action allows', () => {
  const dm = { Device: { '0': { Manufacturer: 'ACME', Timezone: 'UTC', Reboot: { noValue: true }, 'Power Source Voltage': { '0': '4100' } } }, Configuration: { '0': { 'Sample Interval': '60' } } };
  const tree = readDatamodel(dm, reg);
  const targets = datamodelTargets(tree);
  assert.deepEqual(targets.filter((t) => t.key.startsWith('Device')).map((t) => [t.key, t.level, t.path ?? '']), [
    ['Device', 'object', '/3'], ['Device.0', 'instance', '/3/0'], ['Device.0.Manufacturer', 'resource', '/3/0/0'], ['Device.0.Reboot', 'resource', '/3/0/4'],
    ['Device.0.Power Source Voltage', 'resource', '/3/0/7'], ['Device.0.Power Source Voltage.0', 'resourceInstance', '/3/0/7/0'], ['Device.0.Timezone', 'resource', '/3/0/15'],
  ]);
  assert.deepEqual(targetsFor('write', tree).map((t) => t.key), ['Device.0.Timezone']);
  assert.deepEqual(targetsFor('execute', tree).map((t) => t.key), ['Device.0.Reboot']);
  // A vendor object without its DDF: readable, not writable.
  assert.ok(targetsFor('read', tree).some((t) => t.key === 'Configuration.0.Sample Interval'));
  assert.equal(rebootInstance(tree), '0');
  assert.equal(rebootInstance(readDatamodel(DATAMODEL.state.reported.Temperature ? { Temperature: DATAMODEL.state.reported.Temperature } : {}, reg)), undefined);
});

test('requests are exactly what a person would type', () => {
  assert.deepEqual(readRequest(['Device.0.Manufacturer', 'Device.0.Battery Level'], reg), { operation: 'read', keys: ['Device.0.Manufacturer', 'Device.0.Battery Level'] });
  // Spanning objects: one Read-Composite.
  assert.deepEqual(readRequest(['Device.0', 'LwM2M Server.1.Lifetime', 'Device.0'], reg), { operation: 'readComposite', keys: ['Device.0', 'LwM2M Server.1.Lifetime'] });
  // Dots inside an object name do not split it.
  assert.equal(readRequest(['PM2.5.0.Sensor Value', 'PM2.5.1'], reg).operation, 'read');
  assert.deepEqual(readAllRequest(), { operation: 'read', keys: ['all'] });
  assert.deepEqual(writeRequest([{ key: 'LwM2M Server.1.Lifetime', value: '300' }]), { operation: 'write', keys: ['LwM2M Server.1.Lifetime'], values: ['300'] });
  assert.deepEqual(executeRequest('Device.0.Reboot'), { operation: 'execute', keys: ['Device.0.Reboot'] });
  assert.deepEqual(executeRequest('Firmware Update.0.Update', " 0='fw.bin' "), { operation: 'execute', keys: ['Firmware Update.0.Update'], arguments: "0='fw.bin'" });
  assert.deepEqual(observeRequest(['Temperature.0.Sensor Value', 'Device.0'], { pmin: 10, pmax: 60 }), {
    operation: 'observe', keys: ['Temperature.0.Sensor Value', 'Device.0'], attributes: [{ pmin: 10, pmax: 60 }, { pmin: 10, pmax: 60 }],
  });
  assert.deepEqual(observeRequest(['Device.0']), { operation: 'observe', keys: ['Device.0'], attributes: [{}] });
  assert.deepEqual(cancelObserveRequest(['Device.0', 'Device.0']), { operation: 'cancelObserve', keys: ['Device.0'] });
  assert.deepEqual(cancelAllObservationsRequest(), { operation: 'cancelObserve', keys: ['all'] });
  assert.deepEqual(writeAttributesRequest(['Device.0.Battery Level'], { st: 5, pmin: null }), { operation: 'writeAttributes', keys: ['Device.0.Battery Level'], attributes: [{ st: 5, pmin: null }] });
  assert.deepEqual(rebootRequest(), { operation: 'execute', keys: ['Device.0.Reboot'] });
});

test('every built request passes the document validator; a bad one is refused the same way', () => {
  const options = { registry: reg, datamodel: DATAMODEL };
  for (const r of [readRequest(['Device.0.Manufacturer'], reg), readAllRequest(), writeRequest([{ key: 'Device.0.Timezone', value: 'Europe/Warsaw' }]),
    rebootRequest(), observeRequest(['Device.0.Battery Level'], { pmin: 10 }), cancelAllObservationsRequest(), writeAttributesRequest(['Device.0'], { pmax: 60 })]) {
    const errors = checkRequest({ ...r }, options).filter((p) => p.severity === 'error');
    assert.deepEqual(errors, [], JSON.stringify(r));
  }
  const readOnly = checkRequest({ ...writeRequest([{ key: 'Device.0.Manufacturer', value: 'X' }]) }, options);
  assert.equal(readOnly[0].code, 'not-writable');
  const badArgs = checkRequest({ ...executeRequest('Device.0.Reboot', "0=fw.bin") }, options);
  assert.deepEqual(badArgs.filter((p) => p.severity === 'error').map((p) => p.code), ['execute-arguments']);
});

test('a write value is checked as typed: type, range with units, enumeration, the comma Coiote would split', () => {
  const lifetime = res(1, 'Lifetime');
  assert.deepEqual(checkWriteInput('300', lifetime), { error: undefined, warnings: [] });
  assert.match(checkWriteInput('3.5', lifetime).error!, /expects an Integer/);
  assert.match(checkWriteInput('', lifetime).error!, /Lifetime needs a value/);
  assert.equal(writeValueOf(' 300 ', lifetime), '300');
  const mode = res(1, 'Default Notification Mode');
  assert.match(checkWriteInput('2', mode).error!, /outside Default Notification Mode's range 0\.\.1/);
  const battery = res(3, 'Battery Level');
  assert.match(checkWriteInput('120', battery).error!, /range 0\.\.100 \(\/100\)/);
  assert.match(checkWriteInput('Europe/Warsaw, Poland', res(3, 'Timezone')).error!, /comma/);
  assert.equal(checkWriteInput('', res(3, 'Timezone')).error, undefined, 'an empty String is a value');
  assert.match(checkWriteInput('yes', res(1, 'Mute Send')).error!, /Boolean/);
  assert.deepEqual(writeChoices(res(1, 'Mute Send')), ['true', 'false']);
  assert.equal(writeChoices(lifetime), undefined);
  assert.match(checkWriteInput('1', undefined).warnings[0], /no definition/);
});

test('execute arguments follow the LwM2M syntax', () => {
  for (const ok of ['', '0', "0='fw.bin'", "0='on',1", "1,2='x y',3=''"]) assert.equal(checkExecuteArguments(ok), undefined, ok);
  assert.match(checkExecuteArguments('0=fw.bin')!, /must be quoted/);
  assert.match(checkExecuteArguments("0='open")!, /no closing quote/);
  assert.match(checkExecuteArguments('0,0')!, /given twice/);
  assert.match(checkExecuteArguments('10')!, /expected ","/);
  assert.match(checkExecuteArguments('a')!, /start with one digit/);
});

test('attributes are checked one by one and as a set', () => {
  assert.deepEqual(attributeValueOf('pmin', '10'), { value: 10 });
  assert.deepEqual(attributeValueOf('pmax', ''), { value: null });
  assert.match(attributeValueOf('pmin', '1.5').error!, /whole number of seconds/);
  assert.match(attributeValueOf('pmin', '-1').error!, /≥ 0/);
  assert.match(attributeValueOf('st', 'abc').error!, /must be a number/);
  assert.match(attributeValueOf('gt', '5', res(3, 'Manufacturer')).error!, /numeric resources/);
  assert.deepEqual(attributeValueOf('gt', '25.5', res(3303, 'Sensor Value')), { value: 25.5 });
  assert.match(checkAttributeSet({ pmin: 60, pmax: 10 })!, /pmin \(60 s\) must not be greater than pmax/);
  assert.match(checkAttributeSet({ lt: 30, gt: 20 })!, /lt \(30\) must be less than gt/);
  assert.match(checkAttributeSet({ lt: 10, gt: 20, st: 5 })!, /lt \+ 2 × st/);
  assert.equal(checkAttributeSet({ pmin: 10, pmax: 60, st: 0.5 }), undefined);
  assert.deepEqual(parseAttributesText('pmin=10 pmax=60, st=0.5'), { attributes: { pmin: 10, pmax: 60, st: 0.5 } });
  assert.deepEqual(parseAttributesText('none'), { attributes: {} });
  assert.match(parseAttributesText('pmin=10 pmin=20').error!, /twice/);
  assert.match(parseAttributesText('pmn=10').error!, /unknown attribute "pmn"/);
  assert.equal(attributesText({ pmin: 10, pmax: null }), 'pmin=10 pmax=');
  assert.equal(attributesText({}), 'none');
});
