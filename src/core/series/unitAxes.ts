// One y axis per unit: series with the same units share an axis, in the order they were added; series
// without units share one axis of their own.

export interface UnitAxis {
  /** The units as the object definition (or the device's Sensor Units) names them; '' for none. */
  unit: string;
  /** Indexes of the series on this axis. */
  series: number[];
}

export function unitAxes(series: readonly { unit?: string }[]): UnitAxis[] {
  const axes: UnitAxis[] = [];
  const byUnit = new Map<string, UnitAxis>();
  series.forEach((s, i) => {
    const unit = s.unit?.trim() ?? '';
    let axis = byUnit.get(unit);
    if (!axis) {
      axis = { unit, series: [] };
      byUnit.set(unit, axis);
      axes.push(axis);
    }
    axis.series.push(i);
  });
  return axes;
}
