// The parts of the S3 client and presigner firmware uploads use, in one module: esbuild bundles it as
// dist/s3.js, which firmwareStore.ts loads on the first upload (never with dist/aws.js, never at activation).
export { S3Client, PutObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
export { getSignedUrl } from '@aws-sdk/s3-request-presigner';
