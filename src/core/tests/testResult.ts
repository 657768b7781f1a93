// What a run found: per step passed / failed / errored / skipped, each failure with what was expected and
// what was there (the Testing view shows them as a diff; the CLI prints them and writes JUnit).

export type StepStatus = 'passed' | 'failed' | 'errored' | 'skipped';

export interface StepFailure {
  /** What was checked, e.g. `values["LwM2M Server.1.Lifetime"]`, `failedKeys`, `refused`. */
  what: string;
  expected: string;
  actual: string;
}

/**
 * Why a step or a file did not run as written, as facts: the Testing view words it in the user's language
 * (the English `message` beside it is for the CLI and JUnit).
 */
export type RunNote =
  | { id: 'no-target' }
  | { id: 'no-such-thing'; thing: string }
  | { id: 'no-online-thing'; thingType: string; checked: number }
  | { id: 'no-thing-of-type'; thingType: string }
  | { id: 'cancelled' }
  | { id: 'cancelled-waiting' }
  | { id: 'cancelled-after-publish' }
  | { id: 'earlier-step-incomplete'; step: number }
  | { id: 'no-request' }
  | { id: 'conflict'; thing: string }
  | { id: 'no-answer'; thing: string; seconds: number; refusal?: string };

export interface StepResult {
  index: number;
  name: string;
  status: StepStatus;
  durationMs: number;
  failures: StepFailure[];
  /** errored / skipped: why (no answer, connection error, cancelled, an earlier step failed). */
  message?: string;
  /** The reason of `message` as facts (none for an error of AWS, whose text is the message). */
  note?: RunNote;
  /** The request as published (placeholders replaced). */
  request?: Record<string, unknown>;
  /** The operation shadow's reported answer, when one arrived. */
  answer?: Record<string, unknown>;
}

export interface TestRunResult {
  /** The file's path or name, as given. */
  file: string;
  name: string;
  thing?: string;
  status: 'passed' | 'failed' | 'errored';
  durationMs: number;
  steps: StepResult[];
  /** Set when the file did not run at all (unreadable, bad file, no thing). */
  message?: string;
  note?: RunNote;
  cancelled?: boolean;
}

/** A person's one-line reading of a failure. */
export function failureText(f: StepFailure): string {
  return `${f.what}: expected ${f.expected}, got ${f.actual}`;
}

/** The file's status from its steps. */
export function overallStatus(steps: StepResult[]): TestRunResult['status'] {
  if (steps.some((s) => s.status === 'errored')) return 'errored';
  if (steps.some((s) => s.status === 'failed')) return 'failed';
  return 'passed';
}
