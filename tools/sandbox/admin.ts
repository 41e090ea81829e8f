import { isFault } from './faults';
import { json, type JsonReply } from './replies';
import { isObject, ROUTE_NAMES, type RouteName } from './routes';
import type { Sandbox, SandboxConfig } from './options';

/** Path prefix of the unauthenticated, unrecorded, unlimited control endpoints. */
export const ADMIN_PREFIX = '/__sandbox';

const isCount = (value: unknown): value is number => typeof value === 'number' && value >= 0 && !Number.isNaN(value);

function rateLimitProblem(value: unknown): string | undefined {
	if (value === false) return undefined;
	if (!isObject(value)) return 'rateLimit must be false or an object';
	for (const [key, setting] of Object.entries(value)) {
		if (key === 'mode') {
			if (setting !== 'fixed' && setting !== 'sliding') return 'rateLimit.mode must be fixed or sliding';
		} else if (!['max', 'intervalMs', 'daily'].includes(key)) return `rateLimit.${key} is not a setting (max, intervalMs, daily, mode)`;
		else if (!isCount(setting)) return `rateLimit.${key} must be a non-negative number`;
	}
	return undefined;
}

/** `faults` (by contact id) or `routeFaults` (by route name): key → fault, or null to remove one. */
function faultsProblem(field: 'faults' | 'routeFaults', value: unknown): string | undefined {
	if (!isObject(value)) return `${field} must be an object of ${field === 'faults' ? 'contactId' : 'route name'} → fault`;
	for (const [key, fault] of Object.entries(value)) {
		if (field === 'routeFaults' && !ROUTE_NAMES.includes(key as RouteName)) return `routeFaults.${key}: no such route (${ROUTE_NAMES.join(', ')})`;
		if (fault !== null && !isFault(fault)) return `${field}.${key} is not a known fault`;
	}
	return undefined;
}

const idsProblem = (field: string) => (ids: unknown) =>
	Array.isArray(ids) && ids.every((id) => typeof id === 'string' && id !== '') ? undefined : `${field} must be a list of ids`;
const isGrant = (grant: unknown) =>
	grant === null || (isObject(grant) && typeof grant.locationId === 'string' && Array.isArray(grant.scopes) && grant.scopes.every((scope) => typeof scope === 'string'));

/** How each SandboxConfig field is checked: a message saying what is wrong, or undefined. */
const CONFIG_CHECKS: Record<keyof SandboxConfig, (value: unknown) => string | undefined> = {
	rateLimit: rateLimitProblem,
	faults: (value) => faultsProblem('faults', value),
	randomFaults: (value) =>
		value === null || (isObject(value) && typeof value.seed === 'number') ? undefined : 'randomFaults must be null or an object with a numeric seed',
	clearFaults: (value) => (typeof value === 'boolean' ? undefined : 'clearFaults must be a boolean'),
	latencyMs: (value) => (isCount(value) ? undefined : 'latencyMs must be a non-negative number'),
	routeFaults: (value) => faultsProblem('routeFaults', value),
	contactIds: idsProblem('contactIds'),
	foreignContactIds: idsProblem('foreignContactIds'),
	tokens: (value) =>
		isObject(value) && Object.values(value).every(isGrant) ? undefined : 'tokens must be an object of token → { locationId, scopes } or null',
};

/**
 * Checks a POST /__sandbox/config body (or the CLI's config file); returns the config or a message
 * saying what is wrong. Keys that are not SandboxConfig fields are left out.
 */
export function parseConfig(body: unknown): SandboxConfig | string {
	if (!isObject(body)) return 'body must be a JSON object';
	const config: Record<string, unknown> = {};
	for (const [field, check] of Object.entries(CONFIG_CHECKS)) {
		if (body[field] === undefined) continue;
		const problem = check(body[field]);
		if (problem) return problem;
		config[field] = body[field];
	}
	return config as SandboxConfig;
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
		case `GET ${ADMIN_PREFIX}/state`: {
			if (query.get('summary') === '1' || query.get('summary') === 'true') return json(200, sandbox.summary());
			const { requests, enrolments, removals, createdContacts } = sandbox;
			return json(200, { requests, enrolments, removals, createdContacts });
		}
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
