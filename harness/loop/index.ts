export { findLoopDir, initLoop, type Loop, loadLoop } from './loop';
