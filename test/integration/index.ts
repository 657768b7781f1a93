// The extension tests entry (`extensionTestsPath`): VS Code's extension host calls run(), which runs mocha
// (tdd UI: suite/test) over every compiled out/test/integration/**/*.test.js. The spec reporter's closing
// "N passing / N failing" lines are what scripts/test-all.mjs counts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** smoke.test.js runs first: it checks what activation alone loads, before other suites use the extension. */
export function testFiles(dir: string): string[] {
  const files = (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => path.join(dir, f))
    // LWM2M_TEST_GREP=name runs only the files whose path contains it (a developer's quick loop; CI runs all).
    .filter((f) => !process.env.LWM2M_TEST_GREP || f.includes(process.env.LWM2M_TEST_GREP) || f.endsWith(`${path.sep}smoke.test.js`))
    .sort();
  const smoke = path.join(dir, 'smoke.test.js');
  return files.includes(smoke) ? [smoke, ...files.filter((f) => f !== smoke)] : files;
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', color: false, timeout: 30_000 });
  for (const f of testFiles(__dirname)) mocha.addFile(f);
  await mocha.loadFilesAsync();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
