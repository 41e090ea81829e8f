/** What one `npm run test:queue` run does: its command-line options (see scripts/queue.ts's --help). */
import path from 'node:path';

import { readArgs } from '../process/script';

export type Options = ReturnType<typeof readOptions>;

export function readOptions(script: string) {
	const { values, int, optional, oneOf } = readArgs(script, {
		rounds: { type: 'string', default: '1' },
		contacts: { type: 'string', default: '600' },
		calls: { type: 'string', default: '30' },
		workers: { type: 'string', default: '2' },
		'worker-concurrency': { type: 'string', default: '5' },
		max: { type: 'string', default: '25' },
		'interval-ms': { type: 'string', default: '1000' },
		'max-concurrency': { type: 'string' },
		'max-wait': { type: 'string' },
		'max-429': { type: 'string' },
		window: { type: 'string', default: 'fixed' },
		credential: { type: 'string', default: 'pit' },
		'access-token-seconds': { type: 'string', default: '20' },
		'latency-ms': { type: 'string', default: '0' },
		https: { type: 'boolean', default: false },
		'delay-ms': { type: 'string', default: '0' },
		'package-dir': { type: 'string' },
		'skip-build': { type: 'boolean', default: false },
		keep: { type: 'boolean', default: false },
		'retry-check': { type: 'boolean', default: false },
		'timeout-minutes': { type: 'string', default: '20' },
	});
	return {
		rounds: int('rounds'),
		contacts: int('contacts'),
		calls: int('calls'),
		workers: int('workers'),
		workerConcurrency: int('worker-concurrency'),
		max: int('max'),
		intervalMs: int('interval-ms'),
		maxConcurrency: optional('max-concurrency'),
		maxWaitSeconds: optional('max-wait', 0),
		max429: optional('max-429', 0),
		/** Install the package from this folder (built) instead of this repository, e.g. to try a patched build. */
		packageDir: values['package-dir'] ? path.resolve(values['package-dir']) : undefined,
		window: oneOf('window', ['fixed', 'sliding']),
		/** The Marketplace OAuth2 credential, with short-lived access tokens, instead of the Private Integration. */
		oauth2: oneOf('credential', ['pit', 'oauth2']) === 'oauth2',
		accessTokenSeconds: int('access-token-seconds'),
		latencyMs: int('latency-ms', 0),
		https: values.https,
		delayMs: int('delay-ms', 0),
		skipBuild: values['skip-build'],
		keep: values.keep,
		/** After the rounds: a run that fails midway, then n8n's Retry; duplicates counted. */
		retryCheck: values['retry-check'],
		timeoutMinutes: int('timeout-minutes'),
	};
}
