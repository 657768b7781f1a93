// The `desired` update that publishes a request. The OperationRequest rule reads the update/accepted
// message, which carries only the fields of that one update (not the merged shadow): so every field the
// request has goes into this one update, even when the shadow already holds the same value. Fields of an
// earlier request that the new one lacks are sent as null: AWS deletes them, so a reader of the shadow
// never sees a stale `values` or `arguments` beside the new request (the Lambda gets them as None, which
// every operation that does not need them ignores). Pure: Publish and the test runner share it.

/** The update for `request` over what `desired` holds now. */
export function desiredUpdate(request: Record<string, unknown>, storedDesired: Record<string, unknown> | undefined): { desired: Record<string, unknown> } {
  const desired: Record<string, unknown> = { ...request };
  for (const k of Object.keys(storedDesired ?? {})) if (!(k in request)) desired[k] = null;
  return { desired };
}
