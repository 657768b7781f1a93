// The `desired` update that publishes a request: it replaces the stored request, so fields the new request
// no longer has are sent as null (deleted). Pure: Publish and the test runner share it.

/** The update for `request` over what `desired` holds now. */
export function desiredUpdate(request: Record<string, unknown>, storedDesired: Record<string, unknown> | undefined): { desired: Record<string, unknown> } {
  const desired: Record<string, unknown> = { ...request };
  for (const k of Object.keys(storedDesired ?? {})) if (!(k in request)) desired[k] = null;
  return { desired };
}
