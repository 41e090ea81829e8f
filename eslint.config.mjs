// Two blocks. The product (nodes/, credentials/, package.json): n8n's community-node config as it
// is, its own rules plus eslint-plugin-n8n-nodes-base's credentials and nodes rule sets
// (test/package.test.ts checks they apply). The tooling, scripts and tests, which n8n never loads
// and which may use Node's globals: ESLint's and typescript-eslint's recommended rules.
import js from '@eslint/js';
import { config as n8nCommunityNodeConfig } from '@n8n/node-cli/eslint';
import tseslint from 'typescript-eslint';

const PRODUCT = ['nodes/**/*.ts', 'credentials/**/*.ts'];
const TOOLING = ['tools/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts', 'scripts/**/*.mjs'];
/** CommonJS files preloaded into n8n's processes: require() is how they load anything. */
const PRELOADS = ['tools/**/*.cjs'];
/** The build, jest and package entry files at the top. */
const ROOT_FILES = ['*.js', '*.mjs'];

export default [
	{ ignores: ['dist/', '.cache/', 'coverage/', 'test-artifacts/', '.n8n-dev/', '.highlevel-api-docs/'] },
	...n8nCommunityNodeConfig.map((block) =>
		block.files?.includes('**/*.ts') ? { ...block, files: PRODUCT } : block,
	),
	...tseslint.config({
		files: TOOLING,
		extends: [js.configs.recommended, tseslint.configs.recommended],
		languageOptions: { globals: { ...nodeGlobals(), ...jestGlobals() } },
	}),
	{ files: PRELOADS, ...js.configs.recommended, languageOptions: { sourceType: 'commonjs', globals: nodeGlobals() } },
	{ files: ROOT_FILES, ...js.configs.recommended, languageOptions: { globals: nodeGlobals() } },
];

function nodeGlobals() {
	return Object.fromEntries(
		['process', 'Buffer', 'console', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'URL', 'URLSearchParams', 'fetch', 'AbortSignal', 'AbortController', '__dirname', 'require', 'module', 'structuredClone', 'TextEncoder', 'TextDecoder', 'Response', 'performance', 'global', 'globalThis'].map((name) => [name, 'readonly']),
	);
}

function jestGlobals() {
	return Object.fromEntries(['describe', 'it', 'test', 'expect', 'beforeAll', 'afterAll', 'beforeEach', 'afterEach', 'jest'].map((name) => [name, 'readonly']));
}
