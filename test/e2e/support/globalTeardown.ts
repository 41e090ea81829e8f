export { stopAll as default } from './globalSetup';
