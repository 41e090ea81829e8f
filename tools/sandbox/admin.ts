import { isFault, type Fault, type RandomFaults } from './faults';
import type { RateLimitOptions } from './rateLimit';
import { json, type JsonReply } from './replies';
import { ROUTE_NAMES, type RouteName } from './routes';
import type { Sandbox, SandboxConfig } from './server';

/** Path prefix of the unauthenticated, unrecorded, unlimited control endpoints. */
export const ADMIN_PREFIX = '/__sandbox';

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const isCount = (value: unknown): value is number => typeof value === 'number' && value >= 0 && !Number.isNaN(value);

function parseRateLimit(value: unknown): RateLimitOptions | false | string {
	if (value === false) return false;
	if (!isObject(value)) return 'rateLimit must be false or an object';
	const options: RateLimitOptions = {};
	for (const key of ['max', 'intervalMs', 'daily', 'dailyWindowMs'] as const) {
		if (value[key] === undefined) continue;
		if (!isCount(value[key])) return `rateLimit.${key} must be a non-negative number`;
		options[key] = value[key] as number;
	}
	if (value.mode !== undefined) {
		if (value.mode !== 'fixed' && value.mode !== 'sliding') return 'rateLimit.mode must be fixed or sliding';
		options.mode = value.mode;
	}
	return options;
}

/** `faults` (by contact id) or `routeFaults` (by route name): key → fault, or null to remove one. */
function parseFaults(field: 'faults' | 'routeFaults', value: unknown, keyName: string): Record<string, Fault | null> | string {
	if (!isObject(value)) return `${field} must be an object of ${keyName} → fault`;
	for (const [key, fault] of Object.entries(value)) {
		if (field === 'routeFaults' && !ROUTE_NAMES.includes(key as RouteName)) return `routeFaults.${key}: no such route (${ROUTE_NAMES.join(', ')})`;
		if (fault !== null && !isFault(fault)) return `${field}.${key} is not a known fault`;
	}
	return value as Record<string, Fault | null>;
}

/** Checks a POST /__sandbox/config body; returns the config or a message saying what is wrong. */
export function parseConfig(body: unknown): SandboxConfig | string {
	if (!isObject(body)) return 'body must be a JSON object';
	const config: SandboxConfig = {};
	if (body.rateLimit !== undefined) {
		const rateLimit = parseRateLimit(body.rateLimit);
		if (typeof rateLimit === 'string') return rateLimit;
		config.rateLimit = rateLimit;
	}
	if (body.faults !== undefined) {
		const faults = parseFaults('faults', body.faults, 'contactId');
		if (typeof faults === 'string') return faults;
		config.faults = faults;
	}
	if (body.randomFaults !== undefined) {
		const random = body.randomFaults;
		if (random !== null && !(isObject(random) && typeof random.seed === 'number')) {
			return 'randomFaults must be null or an object with a numeric seed';
		}
		config.randomFaults = random as RandomFaults | null;
	}
	if (body.clearFaults !== undefined) {
		if (typeof body.clearFaults !== 'boolean') return 'clearFaults must be a boolean';
		config.clearFaults = body.clearFaults;
	}
	if (body.latencyMs !== undefined) {
		if (!isCount(body.latencyMs)) return 'latencyMs must be a non-negative number';
		config.latencyMs = body.latencyMs;
	}
	if (body.routeFaults !== undefined) {
		const routeFaults = parseFaults('routeFaults', body.routeFaults, 'route name');
		if (typeof routeFaults === 'string') return routeFaults;
		config.routeFaults = routeFaults;
	}
	for (const key of ['contactIds', 'foreignContactIds'] as const) {
		const ids = body[key];
		if (ids === undefined) continue;
		if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string' || id === '')) return `${key} must be a list of ids`;
		config[key] = ids as string[];
	}
	if (body.tokens !== undefined) {
		const tokens = body.tokens;
		const isGrant = (grant: unknown) =>
			grant === null || (isObject(grant) && typeof grant.locationId === 'string' && Array.isArray(grant.scopes) && grant.scopes.every((scope) => typeof scope === 'string'));
		if (!isObject(tokens) || !Object.values(tokens).every(isGrant)) return 'tokens must be an object of token → { locationId, scopes } or null';
		config.tokens = tokens as SandboxConfig['tokens'];
	}
	return config;
}

const adminError = (status: number, message: string): JsonReply => json(status, { statusCode: status, message });

export function handleAdmin(
	sandbox: Sandbox,
	method: string,
	path: string,
	query: URLSearchParams,
	text: string,
): JsonReply {
	const route = `${method} ${path.replace(/\/$/, '')}`;
	switch (route) {
		case `GET ${ADMIN_PREFIX}/health`:
			return json(200, { ok: true });
		case `GET ${ADMIN_PREFIX}/state`:
			if (query.get('summary') === '1' || query.get('summary') === 'true') return json(200, sandbox.summary());
			return json(200, {
				requests: sandbox.requests,
				enrolments: sandbox.enrolments,
				removals: sandbox.removals,
				createdContacts: sandbox.createdContacts,
			});
		case `POST ${ADMIN_PREFIX}/reset`:
			sandbox.reset();
			return json(200, { ok: true });
		case `POST ${ADMIN_PREFIX}/oauth/issue`: {
			// Tokens as if the app had just been installed: for real n8n, which cannot click through the consent page.
			const clientId = query.get('clientId') ?? undefined;
			try {
				return json(200, sandbox.issueOAuthTokens(clientId));
			} catch (error) {
				return adminError(400, error instanceof Error ? error.message : String(error));
			}
		}
		case `GET ${ADMIN_PREFIX}/oauth/requests`:
			return json(200, { requests: sandbox.oauthTokenRequests.map(({ status }) => ({ status })) });
		case `GET ${ADMIN_PREFIX}/config`:
			return json(200, sandbox.config());
		case `POST ${ADMIN_PREFIX}/config`: {
			let body: unknown;
			try {
				body = text === '' ? {} : JSON.parse(text);
			} catch {
				return adminError(400, 'body is not JSON');
			}
			const config = parseConfig(body);
			if (typeof config === 'string') return adminError(400, config);
			sandbox.configure(config);
			return json(200, sandbox.config());
		}
		default:
			return adminError(404, `Cannot ${method} ${path}`);
	}
}
