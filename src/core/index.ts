// The public face of src/core, bundled as dist/core.js. Pure TypeScript: no vscode, no AWS SDK, no I/O
// beyond reading the files it is given.
export const CORE_API_VERSION = 1;
