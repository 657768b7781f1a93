// Modal questions (confirm a deprecation, resolve a save conflict). Tests answer them through the
// extension API instead of a person, since a modal dialog would wait forever in an automated run.
import * as vscode from 'vscode';
import { inertText } from './format/inertText';

export type PromptAnswerer = (message: string, choices: readonly string[], detail: string) => string | undefined | Promise<string | undefined>;

let answerer: PromptAnswerer | undefined;

/** Tests: answer modal questions with `a` (undefined: ask the person again). */
export function setPromptAnswerer(a: PromptAnswerer | undefined): void {
  answerer = a;
}

/** A modal warning with `choices`; resolves to the chosen one, or undefined when cancelled. */
export async function askModal(message: string, detail: string, ...choices: string[]): Promise<string | undefined> {
  if (answerer) return answerer(message, choices, detail);
  return vscode.window.showWarningMessage(inertText(message), { modal: true, detail: inertText(detail) }, ...choices);
}
