import { stopAll } from './globalSetup';

export default async function globalTeardown(): Promise<void> {
	await stopAll();
}
