// The shadows the Coiote DM integration keeps per thing, and how their documents are named.

/** AWS names the classic shadow ''. Its document is `classic.json`. */
export const CLASSIC_SHADOW = '';
export const DATAMODEL_SHADOW = 'datamodel';
export const OPERATION_SHADOW = 'operation';
export const CLASSIC_FILE_STEM = 'classic';

export type ShadowKind = 'classic' | 'datamodel' | 'operation' | 'named';

export function shadowKind(shadowName: string): ShadowKind {
  if (shadowName === CLASSIC_SHADOW) return 'classic';
  if (shadowName === DATAMODEL_SHADOW) return 'datamodel';
  if (shadowName === OPERATION_SHADOW) return 'operation';
  return 'named';
}

/** Only the operation shadow is written by the user; classic and datamodel belong to the integration. */
export function isEditableShadow(shadowName: string): boolean {
  return shadowKind(shadowName) === 'operation';
}
