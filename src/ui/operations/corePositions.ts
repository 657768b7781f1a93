// Core answers in 0-based line/character ranges, as VS Code does: conversion only.
import * as vscode from 'vscode';
import type { Range as CoreRange } from '../../core/index';

export function toVsRange(r: CoreRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}
