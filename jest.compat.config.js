/**
 * The n8n-core suites (node and harness tests) again, on the n8n 1.x line: n8n-core and
 * n8n-workflow as n8n 1.123.81 ships them, installed as the aliases n8n-core-v1 / n8n-workflow-v1.
 * The mapping applies to every module, n8n-core-v1's own imports and the node's code included, so
 * one n8n-workflow 1.x instance serves all. Run with `npm run test:compat`.
 */
const base = require('./jest.config');

module.exports = {
	...base,
	displayName: 'n8n-core 1.x',
	roots: ['<rootDir>/test/node', '<rootDir>/test/harness', '<rootDir>/test/trigger'],
	moduleNameMapper: {
		...base.moduleNameMapper,
		'^n8n-core$': '<rootDir>/node_modules/n8n-core-v1',
		'^n8n-workflow$': '<rootDir>/node_modules/n8n-workflow-v1',
	},
};
