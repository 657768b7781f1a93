// What one chart shows: the resources it plots (targets) and their series, fed with versions of the
// things' datamodel shadows. A single-instance resource is one series; a multi-instance resource is one
// series per resource instance, added as instances appear. Pure: the UI hands it documents.
import { resourceSamples, type DatamodelVersion, type ResourceAddress } from './resourceSamples';
import { SERIES_POINT_CAP, TimeSeries } from './timeSeries';
import { seriesCsv } from './seriesCsv';

export interface PlotTarget extends ResourceAddress {
  /** The thing's datamodel shadow, as the UI names it (connection and thing); opaque here. */
  source: string;
  thingName: string;
  /** Units from the object definition (or the device's Sensor Units); '' or undefined for none. */
  unit?: string;
}

export interface SeriesInfo {
  id: string;
  source: string;
  thingName: string;
  /** `Object.instance.Resource`, with `.riid` for a resource instance (the key operation documents use). */
  key: string;
  unit: string;
}

/** Points a version added, per series (ascending in time within one series). */
export interface SeriesDelta {
  id: string;
  t: number[];
  v: number[];
}

export interface IngestResult {
  /** Series seen for the first time (new resource instances, or a first version). */
  added: SeriesInfo[];
  points: SeriesDelta[];
}

interface Entry {
  info: SeriesInfo;
  data: TimeSeries;
}

export function resourceKey(at: ResourceAddress, riid?: string): string {
  return `${at.object}.${at.instance}.${at.resource}${riid === undefined ? '' : `.${riid}`}`;
}

export class ChartModel {
  private readonly targets: PlotTarget[] = [];
  private readonly entries = new Map<string, Entry>();
  private readonly order: Entry[] = [];

  constructor(readonly cap: number = SERIES_POINT_CAP) {}

  /** Adds a resource to plot; false when the chart already plots it. */
  addTarget(target: PlotTarget): boolean {
    if (this.targets.some((t) => t.source === target.source && resourceKey(t) === resourceKey(target))) return false;
    this.targets.push({ ...target });
    return true;
  }

  get targetList(): readonly PlotTarget[] {
    return this.targets;
  }

  /** The datamodel shadows this chart reads, each once. */
  sources(): string[] {
    return [...new Set(this.targets.map((t) => t.source))];
  }

  /** Records the values of one version of `source`'s datamodel. */
  ingest(source: string, doc: DatamodelVersion): IngestResult {
    const added: SeriesInfo[] = [];
    const points = new Map<string, SeriesDelta>();
    for (const target of this.targets) {
      if (target.source !== source) continue;
      const samples = resourceSamples(doc, target).sort((a, b) => byInstanceId(a.instance, b.instance));
      for (const s of samples) {
        const key = resourceKey(target, s.instance);
        const id = `${source}|${key}`;
        let entry = this.entries.get(id);
        if (!entry) {
          entry = { info: { id, source, thingName: target.thingName, key, unit: target.unit?.trim() ?? '' }, data: new TimeSeries(this.cap) };
          this.entries.set(id, entry);
          this.order.push(entry);
          added.push(entry.info);
        }
        if (!entry.data.add(s.t, s.v)) continue;
        let delta = points.get(id);
        if (!delta) points.set(id, (delta = { id, t: [], v: [] }));
        delta.t.push(s.t);
        delta.v.push(s.v);
      }
    }
    return { added, points: [...points.values()] };
  }

  /** Every series, in the order they were added, with its points. */
  series(): { info: SeriesInfo; t: readonly number[]; v: readonly number[] }[] {
    return this.order.map((e) => ({ info: e.info, t: e.data.t, v: e.data.v }));
  }

  /** The points with from ≤ t ≤ to as CSV text. */
  csv(from = -Infinity, to = Infinity): string {
    return seriesCsv(this.order.map((e) => ({ thingName: e.info.thingName, key: e.info.key, unit: e.info.unit, t: e.data.t, v: e.data.v })), from, to);
  }

  /** Points held in all series. */
  get pointCount(): number {
    return this.order.reduce((n, e) => n + e.data.length, 0);
  }

  /** Forgets every point and series (a closed chart releases its data). */
  clear(): void {
    for (const e of this.order) e.data.clear();
    this.entries.clear();
    this.order.length = 0;
    this.targets.length = 0;
  }
}

function byInstanceId(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return 0;
  const na = Number(a), nb = Number(b);
  return Number.isFinite(na) && Number.isFinite(nb) ? na - nb : a.localeCompare(b);
}
