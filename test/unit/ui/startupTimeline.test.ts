// The "first rows: …" line a slow start leaves in the LwM2M Shadows output: one line, once, its steps in the order
// they finished, in ms since the bundle started loading.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as vscode from 'vscode';
import { finishStartup, markStartup, startTimeline } from '../../../src/ui/startupTimeline';

test('the start-up timeline is logged once, each step once, in the order the steps finished', () => {
  const lines: string[] = [];
  const log = { info: (line: string) => lines.push(line) } as unknown as vscode.LogOutputChannel;
  markStartup('before the start'); // not started yet: ignored
  startTimeline(performance.now() - 40, log);
  markStartup('activated');
  markStartup('connected');
  markStartup('activated'); // a step is timed the first time only
  assert.deepEqual(lines, [], 'nothing is logged before the rows are there');
  finishStartup();
  finishStartup();
  markStartup('later');
  assert.equal(lines.length, 1, JSON.stringify(lines));
  assert.match(lines[0], /^first rows: activated (\d+), connected (\d+), rows (\d+) ms$/);
  const [, activated, connected, rows] = /(\d+), connected (\d+), rows (\d+)/.exec(lines[0])!.map(Number);
  assert.ok(activated >= 40 && activated <= connected && connected <= rows, lines[0]);
});
