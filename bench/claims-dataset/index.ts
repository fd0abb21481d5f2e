export { run } from '../../datasets/claims/bench';
