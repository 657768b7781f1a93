export { registerOperationFeatures } from '../operations/registerOperationFeatures';
export { SendPipeline } from '../../operations/sendPipeline';
export { buttonPick } from '../buttonPick';
