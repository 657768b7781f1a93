// The kinds of device in the seeded fleet: which LwM2M objects and resources each model implements,
// named as the integration names its thing type (`manufacturer:model`, from Coiote's `manufacturer.model`).
import type { Random } from './random';

export interface ObjectSpec {
  /** Registry object ID (or a vendor object's ID). */
  id: number;
  instances: string[];
  /** Resource IDs the device implements. */
  resources: number[];
  /** Probability that a device of this model has the object (default 1). */
  probability?: number;
}

export interface DeviceModel {
  key: string;
  /** Thing type name; undefined for devices whose thing has no type. */
  typeName?: string;
  /** The type is deprecated (devices of it were registered before the deprecation). */
  deprecated?: boolean;
  manufacturer: string;
  modelNumber: string;
  deviceType: string;
  hardwareVersion: string;
  firmwareVersions: string[];
  /** The thing name (Coiote device ID with %3A turned back into ':'). */
  thingName(rng: Random): string;
  /** Share of the fleet (weights). */
  weight: number;
  /** Probability of queue mode (UQ binding, sleeping between updates). */
  queueMode: number;
  /** Firmware Update Protocol Support: how it downloads firmware (0 CoAP, 2 HTTP, 3 HTTPS; the simulation speaks these). */
  firmwareProtocols?: number[];
  objects: ObjectSpec[];
}

const server: ObjectSpec = { id: 1, instances: ['1'], resources: [0, 1, 2, 3, 4, 5, 6, 7, 8] };
const firmware: ObjectSpec = { id: 5, instances: ['0'], resources: [0, 1, 2, 3, 5, 6, 7, 8, 9] };
const connectivity: ObjectSpec = { id: 4, instances: ['0'], resources: [0, 1, 2, 3, 4, 7, 8, 9, 10] };
const location: ObjectSpec = { id: 6, instances: ['0'], resources: [0, 1, 2, 3, 5, 6] };
const temperature = (instances: string[], probability?: number): ObjectSpec => ({ id: 3303, instances, resources: [5700, 5601, 5602, 5603, 5604, 5701, 5605], probability });
const humidity: ObjectSpec = { id: 3304, instances: ['0'], resources: [5700, 5601, 5602, 5701, 5605] };
const device = (extra: number[] = []): ObjectSpec => ({ id: 3, instances: ['0'], resources: [0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, ...extra] });

export const DEVICE_MODELS: DeviceModel[] = [
  {
    key: 'acme-tracker-v2',
    typeName: 'acme:tracker_v2',
    manufacturer: 'ACME',
    modelNumber: 'tracker_v2',
    deviceType: 'GPS tracker',
    hardwareVersion: '2.1',
    firmwareVersions: ['2.4.1', '2.4.0', '2.3.7'],
    thingName: (rng) => `urn:imei:35${rng.digits(13)}`,
    weight: 4,
    queueMode: 0.2,
    firmwareProtocols: [0, 3],
    objects: [device([20, 21]), server, connectivity, firmware, location, temperature(['0']), { id: 33050, instances: ['0'], resources: [0, 1, 2, 3, 4], probability: 0.6 }],
  },
  {
    key: 'nordic-thingy91',
    typeName: 'nordic:thingy91',
    manufacturer: 'Nordic Semiconductor ASA',
    modelNumber: 'thingy91',
    deviceType: 'Cellular IoT prototyping platform',
    hardwareVersion: 'nRF9160 SICA B1A',
    firmwareVersions: ['mfw_nrf9160_1.3.5', 'mfw_nrf9160_1.3.4'],
    thingName: (rng) => `nrf-35265610${rng.digits(7)}`,
    weight: 3,
    queueMode: 0.1,
    firmwareProtocols: [0, 2, 3],
    objects: [device(), server, connectivity, firmware, location, temperature(['0']), humidity, { id: 3347, instances: ['0'], resources: [5500, 5501, 5750] }],
  },
  {
    key: 'acme-env-sensor',
    typeName: 'acme:env_sensor',
    manufacturer: 'ACME',
    modelNumber: 'env_sensor',
    deviceType: 'Environment sensor',
    hardwareVersion: '1.3',
    firmwareVersions: ['1.8.0', '1.7.2'],
    thingName: (rng) => `acme-env-${rng.hex(8)}`,
    weight: 3,
    queueMode: 0.6,
    firmwareProtocols: [0],
    objects: [device([20]), server, connectivity, firmware, temperature(['0', '1']), humidity],
  },
  {
    key: 'acme-tracker-v1',
    typeName: 'acme:tracker_v1',
    deprecated: true,
    manufacturer: 'ACME',
    modelNumber: 'tracker_v1',
    deviceType: 'GPS tracker',
    hardwareVersion: '1.0',
    firmwareVersions: ['1.9.3'],
    thingName: (rng) => `urn:imei:86${rng.digits(13)}`,
    weight: 1,
    queueMode: 0.3,
    firmwareProtocols: [2],
    objects: [device(), server, connectivity, firmware, location],
  },
  {
    key: 'untyped-devkit',
    manufacturer: 'Quectel',
    modelNumber: 'BG96 EVB',
    deviceType: 'Development kit',
    hardwareVersion: 'R1.2',
    firmwareVersions: ['BG96MAR02A07M1G'],
    thingName: (rng) => `devkit-${rng.hex(6)}`,
    weight: 1,
    queueMode: 0,
    objects: [device(), server, connectivity, temperature(['0'], 0.5)],
  },
];
