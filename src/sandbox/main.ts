// dist/sandbox.js: the sandbox library, and the standalone server when run with node.
export * from './index';
