// Run folders under .test-output/ are kept when a run fails (logs to read); this keeps only the newest few of
// a kind so that failing runs do not fill the disk (each holds a browser profile and VS Code data, ~30 MB).
import * as fs from 'node:fs';
import * as path from 'node:path';

export function pruneRunFolders(outputDir, prefix, keep = 5) {
  let entries;
  try { entries = fs.readdirSync(outputDir, { withFileTypes: true }); } catch { return; }
  const runs = entries
    .filter((e) => e.isDirectory() && e.name.startsWith(prefix))
    .map((e) => ({ dir: path.join(outputDir, e.name), mtime: fs.statSync(path.join(outputDir, e.name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of runs.slice(keep)) fs.rmSync(old.dir, { recursive: true, force: true });
}
