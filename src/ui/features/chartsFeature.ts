export { registerCharts } from '../charts/registerCharts';
