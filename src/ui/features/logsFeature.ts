export { registerLogs } from '../logs/registerLogs';
