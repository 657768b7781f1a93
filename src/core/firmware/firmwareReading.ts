// The Firmware Update object and the running Firmware Version as a datamodel shadow holds them (strings by
// object name, instance and resource name). Tolerant: a value that is not a whole number reads as undefined.
import { reportedSection } from '../datamodelShape';
import { isRecord } from '../jsonValue';
import { DEVICE_OBJECT, FIRMWARE_OBJECT, FIRMWARE_VERSION, FW } from './firmwareObject';

export interface FirmwareReading {
  /** The device has a Firmware Update object (instance 0, or its first instance). */
  present: boolean;
  instance?: string;
  state?: number;
  updateResult?: number;
  packageUri?: string;
  pkgName?: string;
  pkgVersion?: string;
  /** Firmware Update Protocol Support values, in instance order. */
  protocols?: number[];
  deliveryMethod?: number;
  /** Device.0.Firmware Version. */
  firmwareVersion?: string;
}

function whole(v: unknown): number | undefined {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : undefined;
  return s !== undefined && /^[-+]?\d{1,15}$/.test(s) ? Number(s) : undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function firstInstance(obj: unknown): [string, Record<string, unknown>] | undefined {
  if (!isRecord(obj)) return undefined;
  if (isRecord(obj['0'])) return ['0', obj['0']];
  const ids = Object.keys(obj).filter((k) => isRecord(obj[k])).sort((a, b) => Number(a) - Number(b));
  return ids.length ? [ids[0], obj[ids[0]] as Record<string, unknown>] : undefined;
}

/** Reads a datamodel shadow (whole document, `{reported}`, or the reported data, as readDatamodel takes it). */
export function readFirmware(datamodel: unknown): FirmwareReading {
  const data = reportedSection(datamodel) ?? {};
  const device = firstInstance(data[DEVICE_OBJECT]);
  const firmwareVersion = str(device?.[1][FIRMWARE_VERSION]);
  const fw = firstInstance(data[FIRMWARE_OBJECT]);
  if (!fw) return { present: false, ...(firmwareVersion !== undefined ? { firmwareVersion } : {}) };
  const [instance, r] = fw;
  const support = r[FW.protocolSupport];
  let protocols: number[] | undefined;
  if (isRecord(support)) {
    protocols = Object.keys(support)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => whole(support[k]))
      .filter((n): n is number => n !== undefined);
  } else if (whole(support) !== undefined) protocols = [whole(support)!];
  const out: FirmwareReading = { present: true, instance };
  const set = <K extends keyof FirmwareReading>(k: K, v: FirmwareReading[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('state', whole(r[FW.state]));
  set('updateResult', whole(r[FW.updateResult]));
  set('packageUri', str(r[FW.packageUri]));
  set('pkgName', str(r[FW.pkgName]));
  set('pkgVersion', str(r[FW.pkgVersion]));
  set('protocols', protocols);
  set('deliveryMethod', whole(r[FW.deliveryMethod]));
  set('firmwareVersion', firmwareVersion);
  return out;
}
