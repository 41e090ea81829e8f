/**
 * End-to-end tests in a real n8n (the newest tested, tools/n8n/install.ts, on Node 24, installed into .cache/ on first use) with this
 * package installed as a community package, against the HighLevel sandbox, and the editor in Chromium.
 * Run with `npm run test:e2e`; the first run installs n8n (a few minutes) and, on CI or as root, chromium.
 */
module.exports = {
	testEnvironment: 'node',
	rootDir: __dirname,
	testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/e2e/tsconfig.json' }] },
	globalSetup: '<rootDir>/test/e2e/support/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/support/globalTeardown.ts',
	maxWorkers: 1,
	testTimeout: 300_000,
	slowTestThreshold: 60,
	verbose: true,
};
