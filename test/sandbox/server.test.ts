import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { request as httpRequest, type IncomingMessage } from 'node:http';

import { DEFAULT_LOCATION_ID, DEFAULT_TOKEN, SEEDED_CONTACTS, WORKFLOW_IDS } from '../../tools/sandbox/fixtures';
import { HTML_502, INVENTED } from '../../tools/sandbox/replies';
import { startSandbox, type Fault, type RandomFaults, type Sandbox, type SandboxOptions } from '../../tools/sandbox/server';

const WORKFLOW = WORKFLOW_IDS.newLeadNurture;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RATE_HEADERS = ['max', 'remaining', 'interval-milliseconds', 'limit-daily', 'daily-remaining'].map((name) => `x-ratelimit-${name}`);
const READ_ONLY_TOKEN = 'pit-11111111-1111-4111-8111-111111111111';

/** `token` and `version` null: no such header; a body that is not a string is sent as JSON. */
type CallOptions = Pick<RequestInit, 'method' | 'signal'> & { token?: string | null; version?: string | null; body?: unknown; headers?: Record<string, string> };

function call(sandbox: Sandbox, path: string, { token = DEFAULT_TOKEN, version = '2021-07-28', body, ...init }: CallOptions = {}): Promise<Response> {
	const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
	if (token !== null) headers.authorization = `Bearer ${token}`;
	if (version !== null) headers.version = version;
	if (body !== undefined) headers['content-type'] ??= 'application/json';
	return fetch(`${sandbox.url}${path}`, { ...init, headers, body: typeof body === 'string' || body === undefined ? body : JSON.stringify(body) });
}

const enrolPath = (contactId: string, workflowId: string = WORKFLOW) => `/contacts/${encodeURIComponent(contactId)}/workflow/${workflowId}`;

/** Seeds the contact (only seeded and created contacts exist), then POSTs its enrolment. */
function enrol(sandbox: Sandbox, contactId: string, body: unknown = {}): Promise<Response> {
	sandbox.configure({ contactIds: [contactId] });
	return call(sandbox, enrolPath(contactId), { method: 'POST', body });
}

/** A request whose path goes on the wire exactly as written (fetch would normalise `..`), and the header names as sent. */
async function rawRequest(sandbox: Sandbox, method: string, path: string) {
	const headers = { authorization: `Bearer ${DEFAULT_TOKEN}`, version: '2021-07-28' };
	const res = await new Promise<IncomingMessage>((resolve, reject) => {
		httpRequest({ host: '127.0.0.1', port: sandbox.port, path, method, headers }, resolve).on('error', reject).end();
	});
	let text = '';
	for await (const chunk of res) text += chunk;
	return { status: res.statusCode, body: JSON.parse(text) as unknown, headerNames: res.rawHeaders.filter((_, index) => index % 2 === 0) };
}

/** The statuses of requests sent in turn; a dropped socket is 'dropped'. */
async function inTurn(requests: Array<() => Promise<Response>>): Promise<Array<number | 'dropped'>> {
	const statuses: Array<number | 'dropped'> = [];
	for (const request of requests) statuses.push(await request().then((res) => res.status, () => 'dropped' as const));
	return statuses;
}
const statusesOf = (target: Sandbox, ids: string[]) => inTurn(ids.map((id) => () => enrol(target, id)));
const callsOf = (target: Sandbox, requests: Array<[string, CallOptions?]>) => inTurn(requests.map(([path, options]) => () => call(target, path, options)));

const admin = (target: Sandbox, path: string, init?: RequestInit) => fetch(`${target.url}/__sandbox${path}`, init);
const post = (path: string, body?: unknown) =>
	admin(sandbox, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });

/** A JSON answer's status and body. */
async function reply(pending: Promise<Response>): Promise<{ status: number; body: unknown }> {
	const res = await pending;
	return { status: res.status, body: await res.json() };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const opened: Sandbox[] = [];
async function sandboxWith(options: SandboxOptions = {}): Promise<Sandbox> {
	const sandbox = await startSandbox(options);
	opened.push(sandbox);
	return sandbox;
}
afterAll(() => Promise.all(opened.map((sandbox) => sandbox.close())));

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await sandboxWith({ tokens: { [READ_ONLY_TOKEN]: { locationId: DEFAULT_LOCATION_ID, scopes: ['contacts.write', 'contacts.readonly'] } } });
});
beforeEach(() => sandbox.reset());

const traced = (body: Record<string, unknown>) => ({ ...body, traceId: expect.stringMatching(UUID) });
const unauthorized = (message: string) => traced({ statusCode: 401, message, error: 'Unauthorized' });
const INVALID_TOKEN = 'Invalid token: access token is invalid';
const forbidden = traced({ statusCode: 403, message: 'The token does not have access to this location' });
const contactNotFound = traced({ statusCode: 400, message: INVENTED.contactNotFound });
const WORKFLOWS = '/workflows/?locationId=sandboxLocation0001';
const DUPLICATE = '/contacts/search/duplicate?locationId=sandboxLocation0001';
const POST = { method: 'POST', body: {} };

describe('answers that carry nothing out', () => {
	it.each<[string, string, CallOptions, number, unknown]>([
		['no Authorization header', WORKFLOWS, { token: null }, 401, unauthorized(INVALID_TOKEN)],
		['a Basic Authorization header', WORKFLOWS, { token: null, headers: { authorization: `Basic ${DEFAULT_TOKEN}` } }, 401, unauthorized(INVALID_TOKEN)],
		['an unknown OAuth-style token', WORKFLOWS, { token: 'eyJhbGciOi.unknown' }, 401, unauthorized(INVALID_TOKEN)],
		['an unknown pit- token', WORKFLOWS, { token: 'pit-99999999-9999-4999-8999-999999999999' }, 401, unauthorized('Invalid Private Integration token')],
		['no Version header', WORKFLOWS, { version: null }, 401, unauthorized('version header was not found.')],
		['a missing scope (401, not 403)', WORKFLOWS, { token: READ_ONLY_TOKEN }, 401, unauthorized('The token is not authorized for this scope.')],
		['another locationId in the query', '/workflows/?locationId=someoneElse', {}, 403, forbidden],
		['another locationId in the body', '/contacts/upsert', { method: 'POST', body: { locationId: 'someoneElse', email: 'x@example.com' } }, 403, forbidden],
		['another locationId in the path of GET /locations/:id', '/locations/someoneElse', {}, 403, forbidden],
		['GET /workflows/ without locationId', '/workflows/', {}, 422, traced({ statusCode: 422, message: INVENTED.locationIdMissing, error: 'Unprocessable Entity' })],
		['an upsert without email or phone', '/contacts/upsert', { method: 'POST', body: { locationId: DEFAULT_LOCATION_ID, firstName: 'Nobody' } }, 422, traced({ statusCode: 422, message: [INVENTED.emailOrPhone], error: 'Unprocessable Entity' })],
		['an unknown route', '/x', {}, 404, traced({ statusCode: 404, message: 'Cannot GET /x', error: 'Not Found' })],
		['a double trailing slash', '/workflows//?locationId=sandboxLocation0001', {}, 404, expect.objectContaining({ statusCode: 404 })],
		['an unknown workflow', enrolPath(SEEDED_CONTACTS[0].id, '00000000-0000-4000-8000-00000000dead'), POST, 400, traced({ statusCode: 400, message: INVENTED.workflowNotFound })],
		['a well-formed contact id never seeded nor created', enrolPath('a1B2c3D4e5F6g7H8i9J0'), POST, 400, contactNotFound],
		['GET of a contact never seeded nor created', '/contacts/no_such-contact', {}, 400, contactNotFound],
		['%2F in a contact id, which is part of the id', `/contacts/a%2Fb/workflow/${WORKFLOW}`, POST, 400, contactNotFound],
		['a duplicate search by unknown email', `${DUPLICATE}&email=nobody%40example.com`, {}, 200, { contact: null }],
		['a duplicate search by email, ignoring case', `${DUPLICATE}&email=CHLOE.martin%40example.com`, {}, 200, { contact: expect.objectContaining({ id: 'sbxContactChloe00003' }) }],
		['a duplicate search by an E.164 number sent as %2B', `${DUPLICATE}&number=%2B15550100001`, {}, 200, { contact: expect.objectContaining({ id: 'sbxContactAlice00001', phone: '+15550100001' }) }],
		['a duplicate search by a number whose + arrives as a space', `${DUPLICATE}&number=+15550100001`, {}, 200, { contact: null }],
		['GET of a seeded contact', '/contacts/sbxContactDmitri0004', {}, 200, { contact: expect.objectContaining({ id: 'sbxContactDmitri0004', firstName: 'Dmitri' }) }],
		['GET of the token’s location', '/locations/sandboxLocation0001', {}, 200, { location: { id: 'sandboxLocation0001', name: 'Sandbox Location', timezone: 'America/New_York' } }],
		['a path without its trailing slash', '/workflows?locationId=sandboxLocation0001', {}, 200, { workflows: expect.arrayContaining([expect.objectContaining({ id: WORKFLOW })]) }],
	])('%s', async (_label, path, options, status, body) => {
		expect(await reply(call(sandbox, path, options))).toEqual({ status, body });
		expect([sandbox.enrolments, sandbox.removals, sandbox.createdContacts]).toEqual([[], [], []]);
	});

	it('accepts only the Version each route\'s OpenAPI file allows (2021-07-28 on every route the node uses)', async () => {
		sandbox.configure({ contactIds: ['versioned'] });
		const refused = { status: 401, body: unauthorized('version header is invalid') };
		const routes: Array<[string, string, unknown?]> = [
			['GET', WORKFLOWS],
			['POST', enrolPath('versioned'), {}],
			['DELETE', enrolPath('versioned'), {}],
			['GET', `${DUPLICATE}&email=alice@example.com`],
			['POST', '/contacts/upsert', { locationId: DEFAULT_LOCATION_ID, email: 'v@example.com' }],
			['GET', '/contacts/versioned'],
			['GET', `/locations/${DEFAULT_LOCATION_ID}`],
		];
		for (const [method, path, body] of routes) {
			for (const version of ['2021-04-15', '2023-01-01', 'v3']) {
				expect([method, path, version, await reply(call(sandbox, path, { method, body, version }))]).toEqual([method, path, version, refused]);
			}
			expect((await call(sandbox, path, { method, body, version: '2021-07-28' })).status).toBe(200);
		}
	});

	it('does not count 401s against the rate limit', async () => {
		const first = await call(sandbox, '/locations/sandboxLocation0001');
		await callsOf(sandbox, [['/locations/sandboxLocation0001', { version: null }], [WORKFLOWS, { token: READ_ONLY_TOKEN }]]);
		const second = await call(sandbox, '/locations/sandboxLocation0001');
		expect(Number(second.headers.get('x-ratelimit-remaining'))).toBe(Number(first.headers.get('x-ratelimit-remaining')) - 1);
	});

	it('does not let .. reach another route', async () => {
		const up = await rawRequest(sandbox, 'GET', '/contacts/../locations/sandboxLocation0001');
		expect(up).toMatchObject({ status: 404, body: { message: 'Cannot GET /contacts/../locations/sandboxLocation0001' } });
		expect((await rawRequest(sandbox, 'POST', `/contacts/%2E%2E/workflow/${WORKFLOW}`)).status).toBe(400);
		expect(sandbox.enrolments).toHaveLength(0);
	});
});

describe('add and remove a contact in a workflow', () => {
	it('enrols with an empty body and records it, also with a token without workflows.readonly', async () => {
		const res = await call(sandbox, enrolPath('sbxContactAlice00001'), { ...POST, token: READ_ONLY_TOKEN });
		expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([200, 'application/json; charset=utf-8', '{"succeded":true}']);
		expect(sandbox.enrolments).toEqual([{ contactId: 'sbxContactAlice00001', workflowId: WORKFLOW, at: expect.any(Number) }]);
		expect(sandbox.enrolmentCounts()).toEqual(new Map([[`sbxContactAlice00001|${WORKFLOW}`, 1]]));
	});

	it('records eventStartTime with an explicit offset', async () => {
		const times = ['2021-06-23T03:30:00+01:00', '2024-02-29T23:59:59.123Z', '2024-01-01T00:00-05:00'];
		for (const eventStartTime of times) expect((await enrol(sandbox, 'anyContact1', { eventStartTime })).status).toBe(200);
		expect(sandbox.enrolments.map((enrolment) => enrolment.eventStartTime)).toEqual(times);
	});

	it.each([
		['no offset', '2021-06-23T03:30:00'],
		['a date only', '2021-06-23'],
		['an impossible date', '2021-02-30T10:00:00Z'],
		['a compact offset', '2021-06-23T03:30:00+0100'],
		['an empty string', ''],
		['a number', 1624415400000],
	])('rejects an eventStartTime with %s as 422, carrying out nothing', async (_label, eventStartTime) => {
		const body = traced({ statusCode: 422, message: [INVENTED.eventStartTime], error: 'Unprocessable Entity' });
		expect(await reply(enrol(sandbox, 'sbxContactAlice00001', { eventStartTime }))).toEqual({ status: 422, body });
		expect(sandbox.enrolments).toHaveLength(0);
	});

	it('ignores a body not sent as JSON, as a JSON body parser would', async () => {
		expect((await enrol(sandbox, 'anyContact1')).status).toBe(200);
		sandbox.configure({ contactIds: ['anyContact2'] });
		const plain = { body: '{"eventStartTime":"2021-06-23T03:30:00+01:00"}', headers: { 'content-type': 'text/plain' } };
		expect((await call(sandbox, enrolPath('anyContact2'), { method: 'POST', ...plain })).status).toBe(200);
		expect(sandbox.enrolments.map((enrolment) => enrolment.eventStartTime)).toEqual([undefined, undefined]);
		expect(sandbox.requests[1].body).toEqual({ eventStartTime: '2021-06-23T03:30:00+01:00' });
	});

	it('knows contacts seeded at start or configured, also after a reset', async () => {
		const seeded = await sandboxWith({ contactIds: ['a1B2c3D4e5F6g7H8i9J0'] });
		seeded.configure({ contactIds: ['seededLater'] });
		seeded.reset();
		expect(await callsOf(seeded, [[enrolPath('a1B2c3D4e5F6g7H8i9J0'), POST], [enrolPath('seededLater'), POST]])).toEqual([200, 200]);
	});

	it('removes with DELETE and records the removal', async () => {
		const answer = await reply(call(sandbox, enrolPath('sbxContactBruno00002'), { method: 'DELETE', body: {} }));
		expect(answer).toEqual({ status: 200, body: { succeded: true } });
		expect(sandbox.removals).toEqual([{ contactId: 'sbxContactBruno00002', workflowId: WORKFLOW, at: expect.any(Number) }]);
		expect(sandbox.enrolments).toHaveLength(0);
	});

	it('records method, raw path, query as read (an unencoded + is a space), lower-case headers, body, status and the answer', async () => {
		const body = { eventStartTime: '2021-06-23T03:30:00+01:00' };
		await call(sandbox, `/contacts/a%2Fb/workflow/${WORKFLOW}?x=1&number=+15550100001`, { method: 'POST', body });
		expect(sandbox.requests).toEqual([
			{
				method: 'POST',
				path: `/contacts/a%2Fb/workflow/${WORKFLOW}`,
				query: { x: '1', number: ' 15550100001' },
				headers: expect.objectContaining({ authorization: `Bearer ${DEFAULT_TOKEN}`, version: '2021-07-28' }),
				body,
				status: 400,
				answer: { statusCode: 400, message: 'Contact not found', traceId: expect.any(String) },
				at: expect.any(Number),
			},
		]);
	});

	it('lists workflows, drafts included', async () => {
		const { workflows } = (await (await call(sandbox, WORKFLOWS)).json()) as { workflows: Array<Record<string, unknown>> };
		expect(workflows.length).toBeGreaterThanOrEqual(4);
		expect(workflows.map((workflow) => workflow.status)).toContain('draft');
		for (const workflow of workflows) {
			expect(Object.keys(workflow).sort()).toEqual(['createdAt', 'id', 'locationId', 'name', 'status', 'updatedAt', 'version']);
			expect(workflow.id).toMatch(UUID);
		}
	});
});

describe('upsert contact', () => {
	const upsert = (target: Sandbox, body: Record<string, unknown>) =>
		call(target, '/contacts/upsert', { method: 'POST', body: { locationId: DEFAULT_LOCATION_ID, ...body } });

	it('creates a contact with a 20-character id, then updates it by email', async () => {
		const first = (await (await upsert(sandbox, { email: 'Dana@Example.com', phone: '+15550107777', firstName: 'Dana' })).json()) as { contact: { id: string } };
		const created = { id: expect.stringMatching(/^[A-Za-z0-9]{20}$/), phone: '+15550107777' };
		expect(first).toMatchObject({ new: true, contact: created, traceId: expect.stringMatching(UUID) });
		const updated = await upsert(sandbox, { email: 'dana@example.com', lastName: 'Diaz' });
		expect(await updated.json()).toMatchObject({ new: false, contact: { id: first.contact.id, firstName: 'Dana', lastName: 'Diaz' } });
		expect(sandbox.createdContacts.map((contact) => contact.id)).toEqual([first.contact.id]);
		expect(await (await call(sandbox, `${DUPLICATE}&number=%2B15550107777`)).json()).toMatchObject({ contact: { id: first.contact.id } });
		expect((await call(sandbox, `/contacts/${first.contact.id}`)).status).toBe(200);
	});

	it('stores a phone number exactly as sent and finds it only in that form; anything but E.164 is refused (INVENTED)', async () => {
		const created = (await (await upsert(sandbox, { phone: '+447700900555' })).json()) as { contact: { id: string; phone: string } };
		expect(created.contact.phone).toBe('+447700900555');
		const lookup = async (number: string) =>
			((await (await call(sandbox, `/contacts/search/duplicate?locationId=${DEFAULT_LOCATION_ID}&number=${encodeURIComponent(number)}`)).json()) as { contact: { id: string } | null }).contact?.id ?? null;
		expect(await lookup('+447700900555')).toBe(created.contact.id);
		expect(await lookup('447700900555')).toBeNull();
		expect(await lookup('07700 900555')).toBeNull();
		for (const phone of ['(415) 555-0123', '4155550123', '+1 415 555 0123']) {
			expect(await reply(upsert(sandbox, { phone }))).toMatchObject({ status: 422, body: { message: [INVENTED.phoneFormat] } });
		}
		expect(sandbox.createdContacts).toHaveLength(1);
	});

	it('creates the same ids for the same seed, also after a reset', async () => {
		const idOf = async (target: Sandbox) =>
			((await (await upsert(target, { email: 'same@example.com' })).json()) as { contact: { id: string } }).contact.id;
		const id = await idOf(sandbox);
		expect(await idOf(await sandboxWith({ seed: 1 }))).toBe(id);
		sandbox.reset();
		expect(await idOf(sandbox)).toBe(id);
		expect(await idOf(await sandboxWith({ seed: 2 }))).not.toBe(id);
	});
});

describe('rate limits', () => {
	const remaining = (res: Response) => Number(res.headers.get('x-ratelimit-remaining'));

	it('answers 429 after max requests in a fixed window, carries nothing out, and recovers after the interval', async () => {
		const limited = await sandboxWith({ rateLimit: { max: 3, intervalMs: 1000 } });
		const answers = [];
		for (let i = 0; i < 4; i++) answers.push(await enrol(limited, `c${i}`));
		expect(answers.map((res) => [res.status, remaining(res)])).toEqual([[200, 2], [200, 1], [200, 0], [429, 0]]);
		expect(await answers[3].json()).toEqual({ statusCode: 429, message: 'Too Many Requests', traceId: expect.stringMatching(UUID) });
		expect(limited.enrolments.map((enrolment) => enrolment.contactId)).toEqual(['c0', 'c1', 'c2']);
		expect(answers[3].headers.get('x-ratelimit-daily-remaining')).toBe('199997');
		await sleep(limited.requests[0].at + 1010 - Date.now());
		const after = await enrol(limited, 'c3');
		expect([after.status, remaining(after)]).toEqual([200, 2]);
	});

	it('sends the five lower-case headers on every response, errors and 429s included', async () => {
		const limited = await sandboxWith({ rateLimit: { max: 5, intervalMs: 10_000 } });
		const responses = [
			await enrol(limited, 'c1'),
			await call(limited, '/workflows/', { token: null }),
			await call(limited, '/workflows/?locationId=elsewhere'),
			await call(limited, '/x'),
			await call(limited, '/workflows/'),
			await enrol(limited, 'c1', { eventStartTime: 'soon' }),
			await enrol(limited, 'c1'),
		];
		expect(responses.map((res) => res.status)).toEqual([200, 401, 403, 404, 422, 422, 429]);
		for (const res of responses) expect(RATE_HEADERS.map((header) => res.headers.get(header))).toEqual(RATE_HEADERS.map(() => expect.stringMatching(/^\d+$/)));
		expect((await rawRequest(limited, 'GET', '/x')).headerNames).toEqual(expect.arrayContaining(RATE_HEADERS));
	});

	it('answers 429 with daily-remaining 0 once the daily limit is used', async () => {
		const limited = await sandboxWith({ rateLimit: { max: 100, daily: 2 } });
		expect(await statusesOf(limited, ['c0', 'c1'])).toEqual([200, 200]);
		const last = await enrol(limited, 'c2');
		expect([last.status, last.headers.get('x-ratelimit-daily-remaining'), last.headers.get('x-ratelimit-limit-daily')]).toEqual([429, '0', '2']);
	});

	it('counts a rolling log in sliding mode', async () => {
		const limited = await sandboxWith({ rateLimit: { max: 2, intervalMs: 1000, mode: 'sliding' } });
		expect((await enrol(limited, 'a')).status).toBe(200);
		await sleep(500);
		expect(await statusesOf(limited, ['b', 'c'])).toEqual([200, 429]);
		await sleep(limited.requests[0].at + 1020 - Date.now());
		// The first request has left the window; the second has not.
		expect(await statusesOf(limited, ['d', 'e'])).toEqual([200, 429]);
		expect(limited.requests[3].at - limited.requests[1].at).toBeLessThan(1000);
	});

	it('keeps separate windows per token and location', async () => {
		const other = 'pit-22222222-2222-4222-8222-222222222222';
		const limited = await sandboxWith({ rateLimit: { max: 1 }, tokens: { [other]: { locationId: 'otherLocation', scopes: ['contacts.write'] } } });
		expect(await statusesOf(limited, ['a', 'a'])).toEqual([200, 429]);
		const res = await call(limited, enrolPath('a'), { ...POST, token: other });
		expect(res.status).toBe(403); // counted for its own key; the contact belongs to another location
		expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
	});

	it('never limits with rateLimit false and still sends large numbers', async () => {
		const unlimited = await sandboxWith({ rateLimit: false });
		const statuses = await Promise.all(Array.from({ length: 150 }, (_, i) => enrol(unlimited, `c${i}`).then((res) => res.status)));
		expect(new Set(statuses)).toEqual(new Set([200]));
		expect(Number((await enrol(unlimited, 'last')).headers.get('x-ratelimit-max'))).toBeGreaterThanOrEqual(1_000_000);
	});

	it('changes limits at runtime with setRateLimit', async () => {
		const limited = await sandboxWith();
		limited.configure({ rateLimit: { max: 1, intervalMs: 10_000 } });
		const [first, second] = [await enrol(limited, 'a'), await enrol(limited, 'b')];
		expect([first.status, second.status, second.headers.get('x-ratelimit-max')]).toEqual([200, 429, '1']);
	});
});

describe('faults per route', () => {
	it('answers the next requests of a route with the fault, whatever they are about, then carries on', async () => {
		const lookup = `${DUPLICATE}&email=alice@example.com`;
		const upsert = { method: 'POST', body: { locationId: DEFAULT_LOCATION_ID, email: 'route.fault@example.com' } };
		sandbox.configure({ routeFaults: { findDuplicate: { kind: 'status503', after: false, times: 2 }, upsertContact: { kind: 'dropAfter' } } });
		sandbox.configure({ routeFaults: { listWorkflows: { kind: 'html502' } } });
		const requests: Array<[string, CallOptions?]> = [[lookup], [lookup.replace('alice', 'bruno')], [lookup], ['/contacts/upsert', upsert], [WORKFLOWS], [WORKFLOWS]];
		expect(await callsOf(sandbox, requests)).toEqual([503, 503, 200, 'dropped', 502, 200]);
		expect(sandbox.createdContacts.map((contact) => contact.email)).toEqual(['route.fault@example.com']);
		expect(sandbox.requests.map((request) => request.fault)).toEqual(['status503', 'status503', undefined, 'dropAfter', 'html502', undefined]);
	});

	it('is set over the admin endpoint too', async () => {
		expect((await post('/config', { routeFaults: { getLocation: { kind: 'status500', after: false } } })).status).toBe(200);
		expect((await call(sandbox, `/locations/${DEFAULT_LOCATION_ID}`)).status).toBe(500);
		expect((await post('/config', { contactIds: ['viaAdmin'] })).status).toBe(200);
		expect((await call(sandbox, enrolPath('viaAdmin'), POST)).status).toBe(200);
	});
});

describe('faults per contact', () => {
	const JSON_TYPE = 'application/json; charset=utf-8';
	type Answer = { status: number; contentType: string | null; text?: string; body?: unknown } | 'dropped';
	async function answerOf(pending: Promise<Response>): Promise<Answer> {
		const res = await pending.catch(() => null);
		if (!res) return 'dropped';
		const text = await res.text();
		return { status: res.status, contentType: res.headers.get('content-type'), ...(res.headers.get('content-type') === JSON_TYPE && text ? { body: JSON.parse(text) } : { text }) };
	}
	const json = (status: number, body: unknown): Answer => ({ status, contentType: JSON_TYPE, body });
	const text = (status: number, contentType: string, body: string): Answer => ({ status, contentType, text: body });

	it.each<[Fault, Answer, { carriedOut: boolean; lasts: boolean }]>([
		[{ kind: 'status500', after: true }, json(500, traced({ statusCode: 500, message: INVENTED.internal })), { carriedOut: true, lasts: false }],
		[{ kind: 'status500', after: false }, json(500, traced({ statusCode: 500, message: INVENTED.internal })), { carriedOut: false, lasts: false }],
		[{ kind: 'status503', after: true }, json(503, traced({ statusCode: 503, message: INVENTED.unavailable })), { carriedOut: true, lasts: false }],
		[{ kind: 'status503', after: false }, json(503, traced({ statusCode: 503, message: INVENTED.unavailable })), { carriedOut: false, lasts: false }],
		[{ kind: 'status422', messages: ['nope'] }, json(422, traced({ statusCode: 422, message: ['nope'], error: 'Unprocessable Entity' })), { carriedOut: false, lasts: false }],
		[{ kind: 'html502' }, text(502, 'text/html', HTML_502), { carriedOut: false, lasts: false }],
		[{ kind: 'emptyBody' }, text(200, JSON_TYPE, ''), { carriedOut: true, lasts: true }],
		[{ kind: 'emptyBody', status: 500 }, text(500, JSON_TYPE, ''), { carriedOut: false, lasts: true }],
		[{ kind: 'statusMismatch' }, json(200, { statusCode: 400, message: 'Bad Request' }), { carriedOut: false, lasts: true }],
		[{ kind: 'nonJson200' }, text(200, 'text/plain; charset=utf-8', 'OK'), { carriedOut: true, lasts: true }],
		[{ kind: 'v3Confirmation' }, json(200, { succeeded: true }), { carriedOut: true, lasts: true }],
		[{ kind: 'dropBefore' }, 'dropped', { carriedOut: false, lasts: false }],
		[{ kind: 'dropAfter' }, 'dropped', { carriedOut: true, lasts: false }],
	])('%j answers %j', async (fault, expected, { carriedOut, lasts }) => {
		sandbox.configure({ faults: { faulty: fault } });
		expect(await answerOf(enrol(sandbox, 'faulty'))).toEqual(expected);
		expect(sandbox.enrolments).toHaveLength(carriedOut ? 1 : 0);
		expect(sandbox.requests.map((request) => [request.fault, request.status])).toEqual([[fault.kind, expected === 'dropped' ? 0 : expected.status]]);
		const next = await answerOf(enrol(sandbox, 'faulty'));
		if (lasts) expect(next).toEqual(expected);
		else expect(next).toMatchObject({ status: 200, body: { succeded: true } });
	});

	it.each<[string, Fault, number[], string[]]>([
		['the given times with a spent window', { kind: 'status429', times: 2 }, [429, 429, 200], ['0', '0', '99']],
		['with the true remaining count only when the test asks for budgetLeft', { kind: 'status429', budgetLeft: true }, [429, 200], ['100', '99']],
	])('answers status429 %s, without carrying out or counting, then succeeds', async (_label, fault, statuses, remaining) => {
		sandbox.configure({ faults: { flaky: fault } });
		const answers: Response[] = [];
		for (let i = 0; i < statuses.length; i++) answers.push(await enrol(sandbox, 'flaky'));
		expect(answers.map((res) => [res.status, res.headers.get('x-ratelimit-remaining')])).toEqual(statuses.map((status, i) => [status, remaining[i]]));
		expect(await answers[0].json()).toEqual(traced({ statusCode: 429, message: 'Too Many Requests' }));
		expect(sandbox.enrolments).toHaveLength(1);
		expect(sandbox.requests.map((request) => request.fault)).toEqual([...statuses.slice(1).map(() => 'status429'), undefined]);
	});

	it('slow carries out on arrival and answers after ms', async () => {
		sandbox.configure({ faults: { sloth: { kind: 'slow', ms: 300 } } });
		const started = Date.now();
		const pending = enrol(sandbox, 'sloth');
		await sleep(100);
		expect(sandbox.enrolments).toHaveLength(1);
		expect((await pending).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
	});

	it('also applies to GET /contacts/:id and to DELETE', async () => {
		sandbox.configure({ contactIds: ['both'], faults: { both: { kind: 'status503', after: false, times: 2 } } });
		expect(await callsOf(sandbox, [['/contacts/both'], [enrolPath('both'), { method: 'DELETE', body: {} }], ['/contacts/both']])).toEqual([503, 503, 200]);
		expect(sandbox.removals).toHaveLength(0);
	});

	it('survives a client that gives up on a slow answer', async () => {
		sandbox.configure({ contactIds: ['quitter'], faults: { quitter: { kind: 'slow', ms: 150 } } });
		const controller = new AbortController();
		const pending = call(sandbox, enrolPath('quitter'), { ...POST, signal: controller.signal });
		await sleep(30);
		controller.abort();
		await expect(pending).rejects.toThrow();
		await sleep(200);
		expect((await call(sandbox, '/locations/sandboxLocation0001')).status).toBe(200);
		expect(sandbox.enrolments).toHaveLength(1);
	});

	it('clearFaults removes every fault', async () => {
		sandbox.configure({ faults: { x1: { kind: 'html502', times: 5 } } });
		sandbox.configure({ clearFaults: true });
		expect((await enrol(sandbox, 'x1')).status).toBe(200);
	});
});

describe('hanging requests, latency and requests in flight', () => {
	it('delays every answer by latencyMs, and records the most requests received and not yet answered at one time', async () => {
		const slow = await sandboxWith({ latencyMs: 150, rateLimit: false });
		slow.configure({ contactIds: ['p1', 'p2', 'p3'] });
		await Promise.all(['p1', 'p2', 'p3'].map((id) => call(slow, enrolPath(id), POST)));
		const started = Date.now();
		await call(slow, enrolPath('p1'), POST);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		expect(slow.summary().peakInFlight).toBe(3);
		slow.reset();
		expect(slow.summary().peakInFlight).toBe(0);
	});
	it('hang carries out, never answers, and close() destroys the socket', async () => {
		const own = await startSandbox();
		own.configure({ faults: { blackhole: { kind: 'hang' } } });
		const outcome = enrol(own, 'blackhole').then(() => 'answered', () => 'failed');
		await sleep(150);
		expect(own.enrolments).toHaveLength(1);
		expect(own.requests[0].status).toBe(0);
		const closing = Date.now();
		await own.close();
		expect(Date.now() - closing).toBeLessThan(1000);
		expect(await outcome).toBe('failed');
	});
});

describe('random faults', () => {
	const ids = Array.from({ length: 40 }, (_, i) => `r${i % 20}`);
	const rates = { rate429: 0.2, rate5xxBefore: 0.1, rate5xxAfter: 0.1, rateHtml502: 0.1, rateDropAfter: 0.05 };
	const seeded = (seed: number) => sandboxWith({ rateLimit: false, randomFaults: { seed, ...rates } });

	it('gives the same answers for the same seed, also after reset(), and different ones for another', async () => {
		const target = await seeded(7);
		const first = await statusesOf(target, ids);
		expect(new Set(first).size).toBeGreaterThan(2);
		target.reset();
		expect(await statusesOf(target, ids)).toEqual(first);
		expect(await statusesOf(await seeded(7), ids)).toEqual(first);
		expect(await statusesOf(await seeded(8), ids)).not.toEqual(first);
	});

	it('does not depend on the order in which contacts arrive', async () => {
		const unique = ids.slice(0, 20);
		const backward = await statusesOf(await seeded(3), [...unique].reverse());
		expect(backward.reverse()).toEqual(await statusesOf(await seeded(3), unique));
	});

	it('draws nothing for a rate that is not a positive number, and lets the later rates draw', async () => {
		const target = await sandboxWith({ rateLimit: false, randomFaults: { seed: 7, rate429: Number.NaN, rate5xxBefore: 'x', rateHtml502: 1 } as unknown as RandomFaults });
		expect(new Set(await statusesOf(target, ids))).toEqual(new Set([502]));
	});
});

describe('admin endpoints', () => {
	it('GET /state returns the records, without recording itself or sending rate headers', async () => {
		await enrol(sandbox, 'adminA');
		const res = await admin(sandbox, '/state');
		expect(res.headers.get('x-ratelimit-max')).toBeNull();
		const state = (await res.json()) as Record<string, unknown[]>;
		expect(Object.keys(state).sort()).toEqual(['createdContacts', 'enrolments', 'removals', 'requests']);
		expect(state.enrolments).toEqual([expect.objectContaining({ contactId: 'adminA', workflowId: WORKFLOW })]);
		expect([state.requests.length, sandbox.requests.length]).toEqual([1, 1]);
	});

	it('GET /state?summary=1 counts statuses and duplicate enrolments', async () => {
		await statusesOf(sandbox, ['dup', 'dup', 'once']);
		await call(sandbox, '/x');
		expect(await (await admin(sandbox, '/state?summary=1')).json()).toEqual({
			totalRequests: 4,
			byStatus: { '200': 3, '404': 1 },
			enrolments: 3,
			distinctEnrolments: 2,
			maxEnrolmentsPerContactWorkflow: 2,
			duplicatePairs: 1,
			duplicateEnrolments: [{ contactId: 'dup', workflowId: WORKFLOW, count: 2 }],
			removals: 0,
			createdContacts: 0,
			peakInFlight: 1,
		});
	});

	it('POST /config sets faults and limits; POST /reset clears records and faults', async () => {
		const res = await post('/config', { rateLimit: { max: 50, intervalMs: 10_000 }, faults: { cfg: { kind: 'status503', after: true } } });
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ rateLimit: { max: 50 }, faults: { cfg: { remaining: 1 } } });
		const faulted = await enrol(sandbox, 'cfg');
		expect([faulted.status, faulted.headers.get('x-ratelimit-max'), sandbox.enrolments.length]).toEqual([503, '50', 1]);
		sandbox.configure({ faults: { cfg: { kind: 'html502' } } });
		expect([(await post('/reset')).status, sandbox.requests.length, sandbox.enrolments.length]).toEqual([200, 0, 0]);
		expect((await enrol(sandbox, 'cfg')).status).toBe(200);
		await post('/config', { rateLimit: {} });
	});

	const refusal = (status: number, message: unknown) => ({ statusCode: status, message });
	it.each<[string, RequestInit | undefined, number, unknown]>([
		['/health', undefined, 200, { ok: true }],
		['/config', { method: 'POST', body: '{' }, 400, refusal(400, 'body is not JSON')],
		['/config', { method: 'POST', body: '{"faults":{"x":{"kind":"explode"}}}' }, 400, refusal(400, 'faults.x is not a known fault')],
		['/config', { method: 'POST', body: '{"routeFaults":{"nowhere":{"kind":"status500"}}}' }, 400, refusal(400, expect.stringContaining('routeFaults.nowhere: no such route'))],
		['/config', { method: 'POST', body: '{"latencyMs":-1}' }, 400, refusal(400, 'latencyMs must be a non-negative number')],
		['/nowhere', undefined, 404, refusal(404, 'Cannot GET /__sandbox/nowhere')],
	])('%s %j answers %i', async (path, init, status, body) => {
		expect(await reply(admin(sandbox, path, init))).toEqual({ status, body });
	});
});
