// What a flow asks of the person using it, as a port: the pipeline and the flows above it take an
// Interaction as a parameter instead of calling an editor's API. src/ui implements it with VS Code; unit
// tests pass their own; the integration tests swap the extension's one only through the test API that
// activate() returns in ExtensionMode.Test. The texts are worded (and localized) by the caller.
export interface PickItem {
  label: string;
  description?: string;
  detail?: string;
  /** pickMany: selected when the list opens */
  picked?: boolean;
}

export interface PickOptions {
  title?: string;
  placeHolder?: string;
  matchOnDescription?: boolean;
  /** The list stays open when focus moves elsewhere. */
  ignoreFocusOut?: boolean;
}

/** A button on each item of a pick (a codicon name, e.g. `play`, and its tooltip). */
export interface ItemButton {
  icon: string;
  tooltip: string;
}

export interface InputOptions {
  title?: string;
  prompt?: string;
  value?: string;
  placeHolder?: string;
  /** The box stays open when focus moves elsewhere. */
  ignoreFocusOut?: boolean;
  /** An error text for a value that cannot be taken (or a warning, which still lets it be taken); undefined when it is fine. */
  validate?(value: string): string | InputProblem | undefined;
}

export interface InputProblem {
  message: string;
  severity: 'error' | 'warning';
}

export type NoticeLevel = 'info' | 'warning' | 'error';

export interface ProgressOptions {
  title: string;
  /** 'notification': a toast with a Cancel button when cancellable; 'status': the status bar, not cancellable. */
  where: 'notification' | 'status';
  cancellable?: boolean;
}

export interface Interaction {
  /** A modal question; the choice picked, or undefined when the person cancelled. */
  confirm(message: string, detail: string, ...choices: string[]): Promise<string | undefined>;
  pick<T extends PickItem>(items: readonly T[], options: PickOptions): Promise<T | undefined>;
  /**
   * A pick whose items each carry `button`: the item, and whether the person pressed its button (▶ Run Again)
   * rather than picking the item; undefined when they closed the list. Matches on descriptions and details too.
   */
  pickWithButton<T extends PickItem>(items: readonly T[], options: PickOptions & { button: ItemButton }): Promise<{ item: T; button: boolean } | undefined>;
  /** Items with `picked` start selected. */
  pickMany<T extends PickItem>(items: readonly T[], options: PickOptions): Promise<T[] | undefined>;
  /**
   * A pick whose items are looked up as the person types (after a short pause): `find` lists the items for the
   * text typed so far (empty at first); its signal aborts once newer text or closing the list makes the answer
   * unwanted. A lookup that fails leaves the list as it was: `find` says why itself.
   */
  search<T extends PickItem>(options: PickOptions, find: (text: string, signal: AbortSignal) => Promise<readonly T[]>): Promise<T | undefined>;
  input(options: InputOptions): Promise<string | undefined>;
  /** A notification; resolves with the action picked (undefined when dismissed). Callers need not await it. */
  notify(level: NoticeLevel, message: string, ...actions: string[]): Promise<string | undefined>;
  /** Runs `task` while showing progress; the signal aborts when the person cancels. */
  progress<T>(options: ProgressOptions, task: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Shows a document (by URI text) beside the active editor. */
  openDocument(uri: string, options?: { preview?: boolean; beside?: boolean }): Promise<void>;
  /** Where to save a new file (by URI text), asked with a save dialog; undefined when cancelled. */
  saveTarget(options: { defaultUri?: string; title: string; saveLabel?: string; filters?: Record<string, string[]> }): Promise<string | undefined>;
  /** An existing file to read (by URI text), asked with an open dialog; undefined when cancelled. */
  openFile(options: { title: string; openLabel?: string }): Promise<string | undefined>;
  /**
   * Whether the person trusts this workspace (VS Code's workspace trust: their answer to "Do you trust the
   * authors of these files?"); flows that act on what the workspace's files say read it here.
   */
  workspaceTrusted(): boolean;
  /** Runs a command line in a new terminal the person sees (an error's "Run in Terminal"). */
  runInTerminal(name: string, commandLine: string): Promise<void>;
}
