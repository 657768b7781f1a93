// The points of a chart as CSV (RFC 4180): one row per point, oldest first, with the time as ISO 8601 (UTC)
// and as epoch seconds. Text fields come from devices, so they are quoted where needed and a leading
// = + - @ is neutralised, so a spreadsheet never runs them as formulas.

export interface CsvSeries {
  thingName: string;
  key: string;
  unit: string;
  t: readonly number[];
  v: readonly number[];
}

export const CSV_HEADER = ['time', 'epoch_seconds', 'thing', 'resource', 'value', 'unit'];

function textField(s: string): string {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function isoTime(seconds: number): string {
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

/** CSV text of the points with from ≤ t ≤ to; rows at the same time follow the order of `series`. */
export function seriesCsv(series: readonly CsvSeries[], from = -Infinity, to = Infinity): string {
  const rows: { t: number; order: number; line: string }[] = [];
  series.forEach((s, order) => {
    const prefix = [textField(s.thingName), textField(s.key)];
    const unit = textField(s.unit);
    for (let i = 0; i < s.t.length; i++) {
      const t = s.t[i];
      if (t < from || t > to) continue;
      rows.push({ t, order, line: [isoTime(t), String(t), ...prefix, String(s.v[i]), unit].join(',') });
    }
  });
  // A stable sort keeps each series' own order among points at the same time.
  rows.sort((a, b) => a.t - b.t || a.order - b.order);
  return [CSV_HEADER.join(','), ...rows.map((r) => r.line)].join('\r\n') + '\r\n';
}
