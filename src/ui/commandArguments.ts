// Whether a command takes the arguments that pre-answer its questions (a value to write, "run this history
// entry again"). Only while extension tests run (ExtensionMode.Test): another extension or a `command:` link
// calls the same commands with the same arguments, and must never skip a question a person is asked.
// Tests turn it off to call the commands as another extension would.

let honoured = false;

/** On activation (ExtensionMode.Test), and by tests through the extension API. */
export function setArgumentsHonoured(on: boolean): void {
  honoured = on;
}

/** True when pre-answering arguments may replace a person's answer. */
export function argumentsHonoured(): boolean {
  return honoured;
}
