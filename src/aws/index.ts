// The public face of src/aws, bundled as dist/aws.js and loaded by the extension on first use.
export * from './types';
