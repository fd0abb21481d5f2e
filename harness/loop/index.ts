export { initLoop, type Loop, loadLoop } from './loop';
