// The rows a Fleet view menu command acts on. With several rows selected, VS Code passes the clicked row
// and the selection; the selection counts only when the clicked row is part of it (VS Code then passes
// the clicked row alone, but other callers may not). Commands that send one request to one target take
// the clicked row only (clickedRow); commands that read, copy or open take every row (menuRows).
import type { FleetNode } from './fleetContext';

export const isFleetNode = (v: unknown): v is FleetNode =>
  typeof v === 'object' && v !== null && typeof (v as FleetNode).treeItem === 'function';

/** The clicked row, or undefined when the command was not run from a row. */
export function clickedRow(clicked: unknown): FleetNode | undefined {
  return isFleetNode(clicked) ? clicked : undefined;
}

/** The selected rows when the clicked row is one of them, else the clicked row alone; [] without a row. */
export function menuRows(clicked: unknown, selected: unknown): FleetNode[] {
  const row = clickedRow(clicked);
  if (!row) return [];
  const rows = Array.isArray(selected) && selected.every(isFleetNode) ? selected : [];
  return rows.includes(row) ? rows : [row];
}
