// Finds the tools `npm run tools` (scripts/install-tools.mjs) installed, from the stamp file it writes, so
// the folder layout is defined in one place. Throws a message that says what to run when they are missing.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root: the nearest folder above this file with our package.json (compiled or bundled). */
export const repoRoot = findRepoRoot(__dirname);

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      if (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name === 'lwm2m-shadows') return dir;
    } catch { /* not here */ }
    if (path.dirname(dir) === dir) return path.resolve(from, '..', '..', '..');
  }
}

export interface Tools {
  /** Node 24, which runs the VS Code server. */
  node: string;
  /** lib/vscode/out/server-main.js of code-server: the VS Code server and web workbench. */
  serverMain: string;
  /** The headless browser. */
  chromium: string;
}

export function toolsDir(): string {
  return path.resolve(process.env.LWM2M_TOOLS_DIR || path.join(repoRoot, '.tools'));
}

export function locateTools(): Tools {
  const dir = toolsDir();
  const stampFile = path.join(dir, 'install-tools.stamp.json');
  let stamp: { paths?: { node?: string; serverMain?: string } };
  try {
    stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
  } catch {
    throw new Error(`The VS Code server is not installed (no ${stampFile}). Run \`npm run tools\` first.`);
  }
  if (!stamp.paths?.node || !stamp.paths.serverMain) throw new Error(`${stampFile} is from an older install. Run \`npm run tools\`.`);
  const tools: Tools = {
    node: path.join(dir, stamp.paths.node),
    serverMain: path.join(dir, stamp.paths.serverMain),
    chromium: process.env.LWM2M_CHROMIUM || '/usr/bin/chromium',
  };
  for (const [what, file] of [['Node 24', tools.node], ['The VS Code server (code-server)', tools.serverMain]] as const) {
    if (!fs.existsSync(file)) throw new Error(`${what} is missing at ${file}. Run \`npm run tools\`.`);
  }
  if (!fs.existsSync(tools.chromium)) {
    throw new Error(`Chromium is missing at ${tools.chromium}. Run \`npm run tools\` (installs Debian's "chromium"), or set LWM2M_CHROMIUM.`);
  }
  return tools;
}
