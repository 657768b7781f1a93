// The vendor object some seeded devices carry is shipped as a DDF file the core registry reads, so a
// user who adds it sees the object resolved like a registry one.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { loadRegistry, readDatamodel } from '../../../src/core/index';
import { vendorDdfFiles } from '../../../src/sandbox/index';
import { VENDOR_OBJECTS } from '../../../src/sandbox/vendorObjects';
import { sandboxWithClients, parsePayload } from './sdkClients';
import { GetThingShadowCommand } from '@aws-sdk/client-iot-data-plane';

test('vendorDdfFiles round-trips through the core DDF reader', () => {
  const registry = loadRegistry({ vendorDdf: vendorDdfFiles() });
  assert.deepEqual(registry.problems, []);
  for (const o of VENDOR_OBJECTS) {
    const read = registry.objectById(o.id)!;
    assert.equal(read.name, o.name);
    assert.deepEqual(read.resources.map((r) => [r.id, r.name, r.operations, r.type, r.multiple]), o.resources.map((r) => [r.id, r.name, r.operations, r.type, r.multiple]));
  }
});

test('with the vendor DDF, every object and resource of every seeded datamodel resolves', async () => {
  const c = await sandboxWithClients({ things: 40, seed: 2 });
  try {
    const registry = loadRegistry({ vendorDdf: vendorDdfFiles() });
    let vendorSeen = false;
    for (const d of c.sb.fleet) {
      const dm = parsePayload((await c.data.send(new GetThingShadowCommand({ thingName: d.thingName, shadowName: 'datamodel' }))).payload);
      const tree = readDatamodel(dm, registry);
      for (const o of tree.objects) {
        assert.ok(o.def, `${d.thingName}: object ${o.name}`);
        vendorSeen ||= o.def.source !== 'registry';
        for (const i of o.instances) for (const r of i.resources) assert.ok(r.def, `${d.thingName}: ${o.name}.${i.id}.${r.name}`);
      }
    }
    assert.ok(vendorSeen, 'some devices carry the vendor object');
  } finally {
    await c.close();
  }
});
