/** What one `npm run test:queue` run does (its command-line options, read in scripts/queue.ts). */
export interface Options {
	rounds: number;
	contacts: number;
	calls: number;
	workers: number;
	workerConcurrency: number;
	max: number;
	intervalMs: number;
	maxConcurrency?: number;
	maxWaitSeconds?: number;
	max429?: number;
	window: 'fixed' | 'sliding';
	/** The Marketplace OAuth2 credential, with short-lived access tokens, instead of the Private Integration. */
	oauth2: boolean;
	accessTokenSeconds: number;
	/** The sandbox answers this long after counting a request, as a HighLevel far away does. */
	latencyMs: number;
	/** The sandbox over HTTPS. */
	https: boolean;
	/** HighLevel this far away each way, every round trip (a delaying proxy in front of the sandbox). */
	delayMs: number;
	/** Install the package from this folder (built) instead of this repository, e.g. to try a patched build. */
	packageDir?: string;
	skipBuild: boolean;
	keep: boolean;
	/** After the rounds: a run that fails midway, then n8n's Retry; duplicates counted. */
	retryCheck: boolean;
	timeoutMinutes: number;
}
