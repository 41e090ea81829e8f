/** What startSandbox() takes and what it hands back. */
import type { AgencyOptions } from './agency';
import type { ArmedFaults, Fault, RandomFaults } from './faults';
import type { IssuedTokens, OAuthClient } from './oauth';
import type { RateLimitConfig, RateLimitOptions } from './rateLimit';
import type { RouteName } from './routes';
import type { SandboxState } from './state';
import type { TokenGrant } from './types';

/**
 * Start-up settings, besides the runtime ones (SandboxConfig) it starts with; the CLI reads both
 * from one file (tools/sandbox/cli.ts).
 */
export interface SandboxOptions extends SandboxConfig {
	/** Default 0: any free port. */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	/** HTTPS with a certificate made at start-up (tools/net/certificate.ts); clients trust `caFile`. */
	https?: boolean;
	/** Seeds the ids of contacts created by upsert. Default 1. */
	seed?: number;
	/** How long an OAuth access token works, in ms. Default 86,399,000 (HighLevel's day). */
	accessTokenLifetimeMs?: number;
	/** Marketplace apps for POST /oauth/token; the default app is always there. */
	oauthClients?: Record<string, OAuthClient>;
	/** Marketplace apps installed on agencies; default: DEFAULT_AGENCY. Their sub-accounts add to the seed. */
	agencies?: AgencyOptions[];
	/** Default true. Off, `requests` stays empty (counts in `summary()` still work): for long benchmarks. */
	recordRequests?: boolean;
}

/** Runtime changes, also accepted by POST /__sandbox/config. */
export interface SandboxConfig {
	/** Default { max: 100, intervalMs: 10000, daily: 200000, mode: 'fixed' }; false turns limiting off. */
	rateLimit?: RateLimitOptions | false;
	/** contactId → fault; null removes that contact's fault. */
	faults?: Record<string, Fault | null>;
	randomFaults?: RandomFaults | null;
	/** Applied before `faults`. */
	clearFaults?: boolean;
	/** Every API answer is sent this long after the request was carried out. Default 0. */
	latencyMs?: number;
	/** Route name → fault for its next requests, whatever contact they are about; null removes it. */
	routeFaults?: Partial<Record<RouteName, Fault | null>>;
	/**
	 * Contacts exist only when seeded or created by upsert. These ids are seeded as bare contacts
	 * (no name, email or phone) of the default location; they stay after reset().
	 */
	contactIds?: readonly string[];
	/** Seeds bare contacts of another sub-account (OTHER_LOCATION_ID): HighLevel's 403 for the default token. */
	foreignContactIds?: readonly string[];
	/** Tokens accepted from now on, besides DEFAULT_TOKEN and those already known; null makes one unknown (HighLevel's 401 Invalid JWT). */
	tokens?: Record<string, TokenGrant | null>;
}

export interface SandboxSettings {
	rateLimit: RateLimitConfig | false;
	faults: ArmedFaults;
	randomFaults: RandomFaults | null;
	latencyMs: number;
	routeFaults: ArmedFaults;
}

/** The records and their counts, as the state keeps them. */
type Records = 'requests' | 'enrolments' | 'removals' | 'createdContacts' | 'oauthTokenRequests' | 'enrolmentCounts' | 'summary';

export interface Sandbox extends Pick<SandboxState, Records> {
	/** e.g. http://127.0.0.1:5680 (https:// with `https`), no trailing slash. */
	readonly url: string;
	/** With `https`: the file of the CA that signed its certificate. */
	readonly caFile?: string;
	readonly port: number;
	config(): SandboxSettings;
	configure(config: SandboxConfig): void;
	/** OAuth tokens of a marketplace app (default: the sandbox's own) installed on its location. */
	issueOAuthTokens(clientId?: string): IssuedTokens;
	/** Every location token handed out so far answers 401 Invalid JWT from now on. */
	expireLocationTokens(): void;
	/**
	 * Clears records, rate windows, the in-flight peak and per-contact and per-route faults; restarts
	 * random-fault draws; contacts return to the seed (`contactIds` configured included). Settings (rate limits, random-fault rates, latency, tokens) stay.
	 */
	reset(): void;
	/** Stops listening and destroys every socket, hanging ones included. */
	close(): Promise<void>;
}

