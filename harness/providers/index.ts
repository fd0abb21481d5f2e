export { createChatModel } from './factory';
export * from './offline';
