// A vendor (custom) object some seeded devices carry, as a vendor DDF would define it: it is not in the
// OMA registry, so the extension meets a datamodel object it only knows from a vendor definition.
import type { ObjectDef } from '../core/index';

export const ACME_TRACKING: ObjectDef = {
  id: 33050,
  name: 'ACME Tracking',
  version: '1.0',
  multiple: false,
  mandatory: false,
  description: 'ACME tracker reporting configuration (vendor object).',
  source: 'ACME vendor DDF',
  resources: [
    { id: 0, name: 'Report Interval', operations: 'RW', multiple: false, mandatory: true, type: 'Integer', range: '10..86400', units: 's', description: 'Seconds between position reports.' },
    { id: 1, name: 'Motion Threshold', operations: 'RW', multiple: false, mandatory: false, type: 'Float', units: 'g', description: 'Acceleration that counts as motion.' },
    { id: 2, name: 'GNSS Enabled', operations: 'RW', multiple: false, mandatory: false, type: 'Boolean', description: 'Whether positions are taken from GNSS.' },
    { id: 3, name: 'Trip Counter', operations: 'R', multiple: false, mandatory: false, type: 'Integer', description: 'Trips since the last reset.' },
    { id: 4, name: 'Reset Trip Counter', operations: 'E', multiple: false, mandatory: false, type: 'None', description: 'Sets Trip Counter to 0.' },
  ],
};

export const VENDOR_OBJECTS: ObjectDef[] = [ACME_TRACKING];
