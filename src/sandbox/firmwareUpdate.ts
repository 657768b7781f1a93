// A simulated device's Firmware Update object (LwM2M object 5) as a state machine on the sandbox clock:
// a Package URI write starts a real download of the file (firmwareDownload.ts) — State 1 for as long as
// the file takes at the device's bandwidth, then State 2 (Downloaded) with PkgName and PkgVersion — and
// the Update execute moves to State 3 and reboots into the new Firmware Version with Update Result 1.
// An empty Package URI resets it (State 0, Update Result 0). Each documented failure can be asked for:
// `FAIL=<code>` in the package's file name or in its first 4 KiB, or a sandbox setting for the device.
import { firmware } from '../core/index';
import type { SimClock } from './clock';
import { DownloadFailure, type FirmwareFetcher } from './firmwareDownload';
import type { JsonObject } from './json';

/** Simulated bytes per second of a device's download (a cellular IoT link, NB-IoT to LTE-M). */
export const DEFAULT_FIRMWARE_BYTES_PER_S = 16 * 1024;
/** Simulated ms: the shortest download, and how long before a failure that needs no bytes (7, 9, 2) shows. */
const MIN_DOWNLOAD_MS = 2000;
const EARLY_FAILURE_MS = 1000;
/** Simulated ms a deferred update (11) waits before it starts by itself. */
const DEFER_MS = 30000;
/** How much of the file is searched for FAIL= and VERSION= markers. */
const MARKER_BYTES = 4096;

/** Update Results a sandbox device can be told to end in. */
export const SIMULATED_FAILURES = [2, 3, 4, 5, 6, 7, 8, 9, 11] as const;

export interface FirmwareUpdateDeps {
  clock: SimClock;
  fetch: FirmwareFetcher;
  bytesPerSecond: number;
  /** The failure the sandbox was told this device ends every update in (sandbox option), if any. */
  configuredFailure?: number;
  /** Bytes the device has for a package (its Memory Total), if known. */
  flashBytes?: number;
  /** The Firmware Version running now (Device.0.Firmware Version). */
  firmwareVersion(): string;
  /** Sets Device.0.Firmware Version (the update installed). */
  installVersion(version: string): void;
  /** Reboots the device; `installed` runs just before it registers again. */
  reboot(installed: () => void): void;
}

interface Package {
  name: string;
  version: string;
  failure?: number;
}

/** `FAIL=<code>` in a name or text: the failure the package asks for (only the documented ones count). */
export function failureMarker(text: string): number | undefined {
  const m = /FAIL=(\d{1,2})(?!\d)/.exec(text);
  const code = m ? Number(m[1]) : NaN;
  return (SIMULATED_FAILURES as readonly number[]).includes(code) ? code : undefined;
}

/** The file name a URI ends with (no query), decoded. */
export function packageFileName(uri: string): string {
  let path = uri;
  try {
    path = new URL(uri).pathname;
  } catch {
    path = uri.split(/[?#]/)[0];
  }
  const last = path.split('/').pop() ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** The version a package carries: `VERSION=x` in its first bytes, else a version in its file name ('app-1.4.3.bin'). */
export function packageVersion(name: string, head: string): string | undefined {
  return /VERSION=([A-Za-z0-9._+-]{1,40})/.exec(head)?.[1] ?? /(\d+\.\d+(?:\.\d+)*)/.exec(name)?.[1];
}

/** The next version after `v`: its last number plus one ('2.4.1' → '2.4.2', 'mfw_1.3.5' → 'mfw_1.3.6'), else v + '.1'. */
export function nextVersion(v: string): string {
  const m = /^(.*?)(\d+)(\D*)$/.exec(v);
  return m ? `${m[1]}${Number(m[2]) + 1}${m[3]}` : `${v}.1`;
}

export class FirmwareUpdateMachine {
  /** Bumped by every Package URI write: timers and downloads of an earlier attempt then change nothing. */
  private attempt = 0;
  private pkg?: Package;

  constructor(
    private readonly inst: JsonObject,
    private readonly deps: FirmwareUpdateDeps,
  ) {}

  private set(values: { State?: number; 'Update Result'?: number; PkgName?: string; PkgVersion?: string }): void {
    for (const [k, v] of Object.entries(values)) if (v !== undefined) this.inst[k] = String(v);
  }

  private protocols(): firmware.FirmwareProtocol[] {
    const v = this.inst[firmware.FW.protocolSupport];
    const codes = v && typeof v === 'object' ? Object.values(v).map(Number) : typeof v === 'string' ? [Number(v)] : [];
    const out = codes.map(firmware.protocolOfCode).filter((p): p is firmware.FirmwareProtocol => !!p);
    return out.length ? out : ['coap'];
  }

  /** After a write of Package URI: an empty one resets; any other starts a download. */
  packageUriWritten(uri: string): void {
    const attempt = ++this.attempt;
    this.pkg = undefined;
    if (uri === '') {
      this.set({ State: firmware.FirmwareState.Idle, 'Update Result': firmware.UpdateResult.Initial, PkgName: '', PkgVersion: '' });
      return;
    }
    this.set({ State: firmware.FirmwareState.Downloading, 'Update Result': firmware.UpdateResult.Initial });
    const name = packageFileName(uri);
    const asked = failureMarker(name) ?? this.deps.configuredFailure;
    const fail = (code: number, afterMs: number) =>
      this.deps.clock.after(afterMs, () => {
        if (attempt === this.attempt) this.set({ State: firmware.FirmwareState.Idle, 'Update Result': code });
      });
    if (asked === 7 || asked === 9) {
      fail(asked, EARLY_FAILURE_MS);
      return;
    }
    const started = this.deps.clock.now();
    this.deps.fetch(uri, this.protocols()).then(
      (bytes) => {
        if (attempt !== this.attempt || this.deps.clock.isStopped) return;
        const head = Buffer.from(bytes.subarray(0, MARKER_BYTES)).toString('latin1');
        const failure = failureMarker(name) ?? failureMarker(head) ?? this.deps.configuredFailure;
        const fullMs = Math.max(MIN_DOWNLOAD_MS, (bytes.length / Math.max(1, this.deps.bytesPerSecond)) * 1000);
        // The simulated download runs from the write; the real fetch's time counts towards it.
        const elapsed = (this.deps.clock.now() - started) / Math.max(1e-6, this.deps.clock.timeScale);
        const remaining = (fraction: number) => Math.max(0, fullMs * fraction - elapsed);
        if (failure === 2 || (this.deps.flashBytes !== undefined && bytes.length > this.deps.flashBytes)) return void fail(2, Math.max(0, EARLY_FAILURE_MS - elapsed));
        if (failure === 3 || failure === 4) return void fail(failure, remaining(0.5));
        if (failure === 5 || failure === 6) return void fail(failure, remaining(1));
        const base = name.replace(/\.[^.]*$/, '');
        this.deps.clock.after(remaining(1), () => {
          if (attempt !== this.attempt) return;
          this.pkg = { name: base, version: packageVersion(name, head) ?? '', failure };
          this.set({ State: firmware.FirmwareState.Downloaded, PkgName: base, PkgVersion: this.pkg.version });
        });
      },
      (e: unknown) => {
        const code = e instanceof DownloadFailure ? e.updateResult : firmware.UpdateResult.ConnectionLost;
        const elapsed = (this.deps.clock.now() - started) / Math.max(1e-6, this.deps.clock.timeScale);
        fail(code, Math.max(0, EARLY_FAILURE_MS - elapsed));
      },
    );
  }

  /**
   * The Update execute: undefined (refused, the execute fails) unless a package is downloaded (State 2);
   * otherwise what to run once the execute is acknowledged — State 3, a reboot, and the device back with
   * the package's version and Update Result 1 (or the failure asked for).
   */
  update(): (() => void) | undefined {
    if (this.inst[firmware.FW.state] !== String(firmware.FirmwareState.Downloaded) || !this.pkg) return undefined;
    const pkg = this.pkg;
    const attempt = this.attempt;
    const install = () => {
      if (attempt !== this.attempt) return;
      this.set({ State: firmware.FirmwareState.Updating, 'Update Result': firmware.UpdateResult.Initial });
      this.deps.reboot(() => this.installed(pkg));
    };
    if (pkg.failure === firmware.UpdateResult.Deferred) {
      this.set({ 'Update Result': firmware.UpdateResult.Deferred });
      return () => this.deps.clock.after(DEFER_MS, install);
    }
    return install;
  }

  /** Called by the device as it comes back: applies the update's outcome to the object. */
  private installed(pkg: Package): void {
    this.pkg = undefined;
    if (pkg.failure === firmware.UpdateResult.UpdateFailed) {
      this.set({ State: firmware.FirmwareState.Idle, 'Update Result': firmware.UpdateResult.UpdateFailed });
      return;
    }
    this.deps.installVersion(pkg.version || nextVersion(this.deps.firmwareVersion()));
    this.set({ State: firmware.FirmwareState.Idle, 'Update Result': firmware.UpdateResult.Success });
  }
}
