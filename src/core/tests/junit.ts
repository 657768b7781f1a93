// JUnit XML for CI: one <testsuite> per test file, one <testcase> per step; a failed step is a <failure>
// with expected vs actual, an errored one an <error>, a skipped one <skipped>. Device-provided text is
// escaped like everything else.
import { failureText, type TestRunResult } from './testResult';

const xml = (s: string) => s
  // characters XML 1.0 does not allow at all
  .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
  .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
const secs = (ms: number) => (ms / 1000).toFixed(3);

type Step = TestRunResult['steps'][number];

/** A file that did not run still shows in CI: as one errored "load" case with the reason. */
function casesOf(r: TestRunResult): Step[] {
  return r.steps.length ? r.steps : [{ index: 0, name: 'load', status: r.status === 'passed' ? 'passed' : 'errored', durationMs: 0, failures: [], message: r.message }];
}

export function junitXml(runs: TestRunResult[]): string {
  const all = runs.map((r) => ({ r, cases: casesOf(r) }));
  const n = (cases: Step[], status: Step['status']) => cases.filter((s) => s.status === status).length;
  const flat = all.flatMap((x) => x.cases);
  const time = runs.reduce((t, r) => t + r.durationMs, 0);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(`<testsuites name="lwm2m-shadows test" tests="${flat.length}" failures="${n(flat, 'failed')}" errors="${n(flat, 'errored')}" skipped="${n(flat, 'skipped')}" time="${secs(time)}">`);
  for (const { r, cases } of all) {
    const suiteName = xml(r.name);
    lines.push(`  <testsuite name="${suiteName}" file="${xml(r.file)}" tests="${cases.length}" failures="${n(cases, 'failed')}" errors="${n(cases, 'errored')}" skipped="${n(cases, 'skipped')}" time="${secs(r.durationMs)}">`);
    if (r.thing) lines.push(`    <properties><property name="thing" value="${xml(r.thing)}"/></properties>`);
    for (const s of cases) {
      const open = `    <testcase classname="${suiteName}" name="${xml(s.name)}" file="${xml(r.file)}" time="${secs(s.durationMs)}"`;
      if (s.status === 'passed') { lines.push(`${open}/>`); continue; }
      lines.push(`${open}>`);
      if (s.status === 'failed') {
        const text = s.failures.map(failureText).join('\n');
        lines.push(`      <failure message="${xml(s.failures.length ? failureText(s.failures[0]) : s.message ?? 'failed')}" type="expectation">${xml(text)}</failure>`);
      } else if (s.status === 'errored') {
        lines.push(`      <error message="${xml(s.message ?? 'error')}" type="error"/>`);
      } else lines.push(`      <skipped message="${xml(s.message ?? 'skipped')}"/>`);
      if (s.request || s.answer) lines.push(`      <system-out>${xml(`request: ${JSON.stringify(s.request ?? null)}\nanswer: ${JSON.stringify(s.answer ?? null)}`)}</system-out>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
