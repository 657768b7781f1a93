// Thing type names as the Coiote DM integration makes them: the Coiote device type
// `<manufacturer>.<model>` with every `.` replaced by `:` (e.g. `acme:tracker_v2`). Pure: no vscode.

export interface ThingTypeName {
  /** The thing type name as stored in AWS IoT. */
  name: string;
  /** Text before the first `:`; undefined when the name has no `:`. */
  manufacturer?: string;
  /** The rest, or the whole name when there is no manufacturer. */
  model: string;
  /** The Coiote DM device type the name was made from (`acme.tracker_v2`). */
  coioteDeviceType: string;
}

export function parseThingTypeName(name: string): ThingTypeName {
  const colon = name.indexOf(':');
  const coioteDeviceType = name.replace(/:/g, '.');
  if (colon <= 0 || colon === name.length - 1) return { name, model: name, coioteDeviceType };
  return { name, manufacturer: name.slice(0, colon), model: name.slice(colon + 1), coioteDeviceType };
}
