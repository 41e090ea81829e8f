/** Unit and n8n-core tests; the real-n8n tests have their own config (jest.e2e.config.js). */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/test/e2e/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', isolatedModules: true }] },
	testTimeout: 60_000,
	// openapi-backend (the contract checks) requires this ES-only module; the checks never use it.
	moduleNameMapper: { '^@apidevtools/json-schema-ref-parser$': '<rootDir>/tools/contract/refParserStub.ts' },
	// The suite mostly waits (rate-limit windows, backoffs, timeouts), so two files at a time halve
	// its wall time even on a 2-core machine, where jest would otherwise run one.
	maxWorkers: 2,
};
