// What a run of device checks will send, in words, for the confirmation shown before a run on a real
// connection: the operations each file's steps publish (the UI words the rest).
import type { TestFile } from './testFile';

/**
 * One line per publishing step: `execute Device.0.Factory Reset`, `write LwM2M Server.1.Lifetime`; a firmware
 * update writes the Package URI and executes Update (it installs new firmware).
 */
export function plannedOperations(test: TestFile): string[] {
  return test.steps.flatMap((s) => {
    if (s.firmwareUpdate) return [`firmware update (write Firmware Update.0.Package URI, execute Firmware Update.0.Update) from ${'file' in s.firmwareUpdate ? s.firmwareUpdate.file : s.firmwareUpdate.url}`];
    if (!s.request) return [];
    const operation = typeof s.request.operation === 'string' ? s.request.operation : '?';
    const keys = Array.isArray(s.request.keys) ? s.request.keys.filter((k): k is string => typeof k === 'string') : [];
    return [keys.length ? `${operation} ${keys.join(', ')}` : operation];
  });
}

/** Whether the step executes on the device (an execute request, or a firmware update's Update): confirmed before a run on a real connection. */
export function executesOnDevice(step: TestFile['steps'][number]): boolean {
  return step.request?.operation === 'execute' || step.firmwareUpdate !== undefined;
}
