export { registerOperationFeatures } from '../operations/registerOperationFeatures';
