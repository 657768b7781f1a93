// Walks the Fleet tree the way the view does (getChildren + getTreeItem) for the integration suites.
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { FleetNode } from '../../src/ui/fleet/fleetContext';
import type { Interaction, PickItem } from '../../src/operations/interaction';

export const EXTENSION_ID = 'lwm2m-tools.lwm2m-shadows';

export async function extensionApi(): Promise<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed`);
  return ext.activate();
}

/** The extension, connected to the in-process sandbox (connecting only when another suite has not). */
export async function sandboxApi(): Promise<ExtensionApi> {
  const api = await extensionApi();
  if (api.connection.id() !== 'sandbox') await api.connection.connectSandbox();
  return api;
}

export interface Row {
  node: FleetNode;
  label: string;
  description: string;
  item: vscode.TreeItem;
}

export function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
}

export function tooltipText(item: vscode.TreeItem): string {
  const t = item.tooltip;
  return t === undefined ? '' : typeof t === 'string' ? t : t.value;
}

export async function rows(api: ExtensionApi, parent?: FleetNode): Promise<Row[]> {
  const nodes = await api.fleet.getChildren(parent);
  return nodes.map((node) => {
    const item = api.fleet.getTreeItem(node);
    return { node, item, label: labelOf(item), description: typeof item.description === 'string' ? item.description : '' };
  });
}

/** The child row whose label is `label` (or matches it). */
export async function child(api: ExtensionApi, parent: FleetNode | undefined, label: string | RegExp): Promise<Row> {
  const all = await rows(api, parent);
  const found = all.find((r) => (typeof label === 'string' ? r.label === label : label.test(r.label)));
  if (!found) throw new Error(`no row ${label} under ${parent?.id ?? 'the root'}; rows: ${JSON.stringify(all.map((r) => r.label))}`);
  return found;
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('lwm2mShadows').update(key, value, vscode.ConfigurationTarget.Global);
}

/** Waits until `check` returns a value (polling), or fails with `what`. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// What the person answers, through the extension's Interaction port (api.useInteraction): confirmations
// by a function, picks and input boxes from a list of answers, a picker that looks things up as the person
// types (the thing picker) by what is typed and then picked. What is not answered here is VS Code's.
type Answerer = (message: string, choices: readonly string[], detail: string) => string | undefined | Promise<string | undefined>;
interface Questions { picks?: string[]; inputs?: string[]; searches?: { typed: string; pick: string }[] }
/** The parts a test replaces whole (replaceInteraction). */
type Replaced = Partial<Pick<Interaction, 'saveTarget' | 'openFile' | 'notify' | 'runInTerminal' | 'workspaceTrusted' | 'pickWithButton'>>;
const answering: { confirm?: Answerer; questions?: Questions } & Replaced = {};

const REPLACED = ['saveTarget', 'openFile', 'notify', 'runInTerminal', 'workspaceTrusted', 'pickWithButton'] as const;

function applyAnswers(api: ExtensionApi): void {
  const r: Partial<Interaction> = {};
  const { confirm, questions } = answering;
  if (confirm) r.confirm = async (message, detail, ...choices) => confirm(message, choices, detail);
  if (questions) {
    const picks = [...(questions.picks ?? [])];
    const inputs = [...(questions.inputs ?? [])];
    const pickOne = <T extends PickItem>(items: readonly T[], title?: string): T => {
      const i = picks.findIndex((p) => items.some((item) => item.label === p));
      if (i < 0) throw new Error(`the picker "${title ?? ''}" offers none of ${JSON.stringify(picks)}: ${JSON.stringify(items.map((x) => x.label))}`);
      const [label] = picks.splice(i, 1);
      return items.find((item) => item.label === label)!;
    };
    r.pick = async (items, options) => pickOne(items, options.title);
    r.pickMany = async (items, options) => {
      const chosen = items.filter((item) => picks.includes(item.label));
      if (!chosen.length && picks.length) pickOne(items, options.title);
      for (const c of chosen) picks.splice(picks.indexOf(c.label), 1);
      return chosen;
    };
    if (questions.searches) {
      const searches = [...questions.searches];
      r.search = async (options, find) => {
        const next = searches.shift();
        if (!next) throw new Error(`the picker "${options.title ?? ''}" opened, but no search answer is left`);
        const items = await find(next.typed, new AbortController().signal);
        const item = items.find((x) => x.label === next.pick);
        if (!item) throw new Error(`typing "${next.typed}" in "${options.title ?? ''}" lists no ${next.pick}: ${JSON.stringify(items.map((x) => x.label))}`);
        return item;
      };
    }
    r.input = async (options) => {
      if (!inputs.length) throw new Error(`an input box "${options.title ?? ''}" opened, but no answer is left`);
      return inputs.shift();
    };
  }
  for (const k of REPLACED) if (answering[k]) Object.assign(r, { [k]: answering[k] });
  api.useInteraction(Object.keys(r).length ? r : undefined);
}

/** Answers the modal questions (confirmations, save conflicts) with `answer`; undefined gives them back to VS Code. */
export function answerPrompts(api: ExtensionApi, answer: Answerer | undefined): void {
  answering.confirm = answer;
  applyAnswers(api);
}

/** The person picks these labels, types these texts and searches, in order (undefined: VS Code's pickers again). */
export function answerQuestions(api: ExtensionApi, questions: Questions | undefined): void {
  answering.questions = questions;
  applyAnswers(api);
}

/** Runs `act` while the person picks `questions.picks` and types `questions.inputs`; VS Code's pickers again after. */
export async function withAnswers<T>(api: ExtensionApi, questions: Questions, act: () => Thenable<T>): Promise<T> {
  answerQuestions(api, questions);
  try {
    return await act();
  } finally {
    answerQuestions(api, undefined);
  }
}

/** Replaces other parts of the Interaction (save and open dialogs, notifications, terminals, workspace trust, the history's list); undefined each: VS Code's. */
export function replaceInteraction(api: ExtensionApi, parts: Replaced): void {
  Object.assign(answering, parts);
  applyAnswers(api);
}

/** Everything VS Code's again. */
export function resetInteraction(api: ExtensionApi): void {
  for (const k of Object.keys(answering) as (keyof typeof answering)[]) delete answering[k];
  api.useInteraction(undefined);
}
