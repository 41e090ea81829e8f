import { once } from 'node:events';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

import { ADMIN_PREFIX, handleAdmin } from './admin';
import { AgencyDesk, agencySeed, companyGrant, DEFAULT_AGENCY } from './agency';
import { FaultBook, faultReply } from './faults';
import { API_VERSIONS, bareContact, DEFAULT_GRANT, DEFAULT_LOCATION, DEFAULT_TOKEN, OTHER_LOCATION_ID, SEEDED_CONTACTS, SEEDED_WORKFLOWS } from './fixtures';
import { AUTHORIZE_PATH, DEFAULT_OAUTH_CLIENT_ID, DEFAULT_OAUTH_CLIENT_SECRET, OAuthServer } from './oauth';
import type { Sandbox, SandboxConfig, SandboxOptions } from './options';
import { RateLimiter } from './rateLimit';
import { MESSAGES, errors, type Reply } from './replies';
import { AGENCY_ROUTES, matchRoute, requestedLocation, ROUTE_VERSIONS, runRoute, type RouteMatch } from './routes';
import { SandboxState } from './state';
import { serverCertificate } from '../net/certificate';
import type { JsonValue, RecordedRequest, TokenGrant } from './types';

export type { Fault, RandomFaults } from './faults';
export type { Sandbox, SandboxOptions } from './options';
export type { RecordedRequest } from './types';

const MAX_BODY_BYTES = 1024 * 1024;
const BEARER = /^Bearer +(\S+) *$/i;

function sendJson(res: ServerResponse, reply: { status: number; body: unknown; headers?: Record<string, string> }): void {
	const body = JSON.stringify(reply.body);
	res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...reply.headers });
	res.end(body);
}

/** A request as received, not yet answered (status 0). */
function recordOf(req: IncomingMessage, path: string, query: URLSearchParams, text: string | null, at: number): RecordedRequest {
	return { method: req.method ?? 'GET', path, query: Object.fromEntries(query), headers: req.headers, body: recordedBody(text), status: 0, at };
}

function recordedBody(text: string | null): JsonValue | string | undefined {
	if (text === null) return '[body too large]';
	if (text === '') return undefined;
	try {
		return JSON.parse(text) as JsonValue;
	} catch {
		return text;
	}
}

interface Decision {
	reply: Reply;
	rateHeaders: Record<string, string>;
	delayMs: number;
	fault?: string;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const tokens = new Map<string, TokenGrant>([[DEFAULT_TOKEN, { ...DEFAULT_GRANT, scopes: [...DEFAULT_GRANT.scopes] }]]);

	const oauth = new OAuthServer((token, grant) => void tokens.set(token, grant), options.accessTokenLifetimeMs);
	oauth.addClient(DEFAULT_OAUTH_CLIENT_ID, { clientSecret: DEFAULT_OAUTH_CLIENT_SECRET, grant: DEFAULT_GRANT });
	for (const [clientId, client] of Object.entries(options.oauthClients ?? {})) oauth.addClient(clientId, client);

	const agency = new AgencyDesk((token, grant) => void tokens.set(token, grant));
	const seeds = (options.agencies ?? [DEFAULT_AGENCY]).map((each) => {
		agency.add(each);
		oauth.addClient(each.clientId, { clientSecret: each.clientSecret, grant: companyGrant(each) });
		return agencySeed(each);
	});
	const state = new SandboxState({
		contacts: [...SEEDED_CONTACTS, ...seeds.flatMap((seed) => seed.contacts)],
		workflows: [...SEEDED_WORKFLOWS, ...seeds.flatMap((seed) => seed.workflows)],
		locations: [DEFAULT_LOCATION, ...seeds.flatMap((seed) => seed.locations)],
		seed: options.seed ?? 1,
	});
	const limiter = new RateLimiter();
	const faults = new FaultBook();
	let latencyMs = 0;
	const recordRequests = options.recordRequests ?? true;
	function configure(config: SandboxConfig): void {
		if (config.rateLimit !== undefined) limiter.configure(config.rateLimit);
		if (config.clearFaults) faults.reset();
		for (const [contactId, fault] of Object.entries(config.faults ?? {})) faults.byContact.arm(contactId, fault);
		for (const [route, fault] of Object.entries(config.routeFaults ?? {})) faults.byRoute.arm(route, fault);
		if (config.randomFaults !== undefined || config.clearFaults) faults.setRandom(config.randomFaults ?? null);
		if (config.latencyMs !== undefined) latencyMs = config.latencyMs;
		if (config.contactIds) state.seedContacts(config.contactIds.map((id) => bareContact(id)));
		if (config.foreignContactIds) state.seedContacts(config.foreignContactIds.map((id) => bareContact(id, OTHER_LOCATION_ID)));
		for (const [token, grant] of Object.entries(config.tokens ?? {})) {
			if (grant) tokens.set(token, grant);
			else tokens.delete(token);
		}
	}
	configure(options);
	const timers = new Set<NodeJS.Timeout>();

	function decide(req: IncomingMessage, path: string, rawUrl: string, query: URLSearchParams, text: string | null, now: number): Decision {
		const method = req.method ?? 'GET';
		const answer = (reply: Reply, key: string | null, extra: Partial<Decision> = {}): Decision => ({
			reply,
			rateHeaders: limiter.headers(key, now),
			delayMs: latencyMs,
			...extra,
		});

		// 1. Who is calling? Rejections here count against nothing.
		const bearer = BEARER.exec(req.headers.authorization ?? '');
		if (!bearer) return answer(errors.unauthorized(MESSAGES.invalidToken), null);
		const token = bearer[1];
		const grant = tokens.get(token);
		if (!grant || (grant.expiresAt !== undefined && now >= grant.expiresAt)) {
			const message = token.startsWith('pit-') ? MESSAGES.invalidPit : token.startsWith('oauth-') ? MESSAGES.invalidJwt : MESSAGES.invalidToken;
			return answer(errors.unauthorized(message), null);
		}
		// HighLevel counts per app (or Private Integration) and per location, or the company itself.
		const key = `${grant.appId ?? token}|${grant.locationId || `company:${grant.companyId}`}`;
		const match: RouteMatch | null = matchRoute(method, path);
		const version = req.headers.version;
		if (version === undefined) return answer(errors.unauthorized(MESSAGES.versionMissing), key);
		if (typeof version !== 'string' || !(match ? ROUTE_VERSIONS : API_VERSIONS).includes(version)) {
			return answer(errors.unauthorized(MESSAGES.versionInvalid), key);
		}

		// 2. From here on every answer but a 401 or 429 counts against the limits.
		const counted = (reply: Reply, extra: Partial<Decision> = {}): Decision => {
			limiter.consume(key, now);
			return answer(reply, key, extra);
		};
		if (match && !grant.scopes.includes(match.scope)) return answer(errors.unauthorized(MESSAGES.scope), key);
		if (match && AGENCY_ROUTES.has(match.name) !== (grant.userType === 'Company')) {
			return answer(errors.unauthorized(MESSAGES.authClass), key);
		}
		if (limiter.check(key, now) !== 'ok') return answer(errors.tooManyRequests(), key);
		if (!match) return counted(errors.notFound(method, rawUrl));

		if (text === null) return counted(errors.payloadTooLarge());
		let body: unknown = {};
		if (text !== '' && (req.headers['content-type'] ?? '').includes('json')) {
			try {
				body = JSON.parse(text);
			} catch (error) {
				return counted(errors.badJson(error instanceof Error ? error.message : 'Bad Request'));
			}
		}
		const location = requestedLocation(match, query, body);
		if (location !== undefined && location !== grant.locationId) return counted(errors.forbiddenLocation());

		const form = new URLSearchParams((req.headers['content-type'] ?? '').includes('form-urlencoded') ? text : '');
		const carryOut = () => runRoute(match, { grant, query, body, form, state, agency, now });
		const fault = faults.take(method, match.name, match.contactId, match.workflowId);
		if (!fault) return counted(carryOut());
		const outcome = faultReply(fault, carryOut);
		const extra = { delayMs: latencyMs + outcome.delayMs, fault: fault.kind };
		if (fault.kind !== 'status429') return counted(outcome.reply, extra);
		// An injected 429, like a real one, was not carried out and counts against nothing; HighLevel
		// documents no 429 that leaves budget, so its headers show the window spent.
		const decision = answer(outcome.reply, key, extra);
		if (!fault.budgetLeft) decision.rateHeaders = { ...decision.rateHeaders, 'x-ratelimit-remaining': '0' };
		return decision;
	}

	function send(req: IncomingMessage, res: ServerResponse, record: RecordedRequest, decision: Decision): void {
		const { reply, rateHeaders } = decision;
		let status = 0;
		if (reply.type === 'json' || reply.type === 'text') {
			const text = reply.type === 'json' ? JSON.stringify(reply.body) : reply.text;
			const contentType = reply.type === 'json' ? 'application/json; charset=utf-8' : reply.contentType;
			status = reply.status;
			res.writeHead(status, { ...rateHeaders, 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
			res.end(text);
			record.answer = reply.type === 'json' ? (reply.body as JsonValue) : text;
		} else if (reply.type === 'drop') req.socket.destroy();
		record.status = status;
		state.answered(status, reply.type === 'hang');
	}

	function handle(req: IncomingMessage, res: ServerResponse, text: string | null): void {
		const rawUrl = req.url ?? '/';
		const queryStart = rawUrl.indexOf('?');
		const path = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
		const query = new URLSearchParams(queryStart === -1 ? '' : rawUrl.slice(queryStart + 1));

		if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) {
			return sendJson(res, handleAdmin(sandbox, req.method ?? 'GET', path, query, text ?? ''));
		}
		if (path === AUTHORIZE_PATH && req.method === 'GET') return sendJson(res, oauth.authorize(query));

		const now = Date.now();
		if (path === '/oauth/token' && req.method === 'POST') {
			const form = new URLSearchParams(text ?? '');
			const reply = oauth.token(form);
			// Kept apart from `requests` (the API calls), in full for the contract checks.
			state.oauthTokenRequests.push({ ...recordOf(req, path, query, text, now), status: reply.status, answer: reply.body, form: Object.fromEntries(form) });
			return sendJson(res, reply);
		}

		const record = recordOf(req, path, query, text, now);
		if (recordRequests) state.requests.push(record);
		state.started();
		const decision = decide(req, path, rawUrl, query, text, now);
		if (decision.fault) record.fault = decision.fault;
		if (decision.delayMs <= 0) return send(req, res, record, decision);
		const timer = setTimeout(() => {
			timers.delete(timer);
			send(req, res, record, decision);
		}, decision.delayMs);
		timers.add(timer);
	}

	const listener: RequestListener = (req, res) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= MAX_BODY_BYTES) chunks.push(chunk);
		});
		req.on('end', () => handle(req, res, size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
	};
	const certificate = options.https ? serverCertificate() : undefined;
	const server = certificate ? createHttpsServer({ key: certificate.key, cert: certificate.cert }, listener) : createServer(listener);
	// Longer than any client's idle keep-alive, so the server never closes a socket the client is reusing.
	server.keepAliveTimeout = 65_000;
	server.headersTimeout = 66_000;

	server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
	await once(server, 'listening');
	const address = server.address() as AddressInfo;
	const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

	const sandbox: Sandbox = {
		url: `${certificate ? 'https' : 'http'}://${host}:${address.port}`,
		caFile: certificate?.caFile,
		port: address.port,
		requests: state.requests,
		enrolments: state.enrolments,
		removals: state.removals,
		createdContacts: state.createdContacts,
		enrolmentCounts: () => state.enrolmentCounts(),
		summary: () => state.summary(),
		config: () => ({
			rateLimit: limiter.settings,
			faults: faults.byContact.list(),
			randomFaults: faults.random,
			latencyMs,
			routeFaults: faults.byRoute.list(),
		}),
		configure,
		issueOAuthTokens: (clientId = DEFAULT_OAUTH_CLIENT_ID) => oauth.issue(clientId),
		expireLocationTokens: () => agency.expireLocationTokens(),
		oauthTokenRequests: state.oauthTokenRequests,
		reset() {
			state.reset();
			limiter.reset();
			faults.reset();
		},
		close: () =>
			new Promise<void>((resolve) => {
				for (const timer of timers) clearTimeout(timer);
				timers.clear();
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
	return sandbox;
}
