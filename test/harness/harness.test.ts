import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';

import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { NODE_UNDER_TEST, SUCCESS_BRANCH, itemsThen, runCredentialTest, runListSearch, runWorkflow } from '../../tools/harness/index';
import type { HarnessCredential } from '../../tools/harness/index';
import { credentialTestMessage, N8N_CORE_MAJOR } from '../../tools/harness/n8n-core-line';
import { freePort } from '../../tools/process/net';

// A local API: records every request; answers by path.
type SeenRequest = { method: string; path: string; query: Record<string, string>; headers: IncomingHttpHeaders; body: string };

let server: Server;
let baseUrl: string;
let deadUrl: string;
const seen: SeenRequest[] = [];
const THINGS = [
	{ id: 't1', name: 'Ada things' },
	{ id: 't2', name: 'Grace things' },
];
const ROUTES: Record<string, (request: SeenRequest) => [number, unknown]> = {
	'/echo': ({ query, headers }) =>
		headers.authorization === 'Bearer expired' ? [401, { message: 'token expired' }] : [200, { ok: true, query, authorization: headers.authorization ?? null }],
	'/me': ({ query, headers }) => (headers.authorization === 'Bearer good-token' ? [200, { id: 'me', suspended: query.who === 'suspended' }] : [401, { message: 'invalid token' }]),
	'/forbidden': () => [403, { message: 'nope' }],
	'/missing': () => [404, { message: 'Contact not found', traceId: 't-1' }],
	'/oauth/token': () => [200, { access_token: 'fresh-token', refresh_token: 'refresh-2', token_type: 'Bearer', expires_in: 3600 }],
	'/things': ({ query }) => [200, { things: THINGS.filter((t) => t.name.toLowerCase().includes((query.q ?? '').toLowerCase())) }],
};

beforeAll(async () => {
	server = createServer(async (req, res) => {
		const body = await text(req);
		const url = new URL(req.url ?? '/', 'http://localhost');
		const request = { method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body };
		seen.push(request);
		const [status, answer] = ROUTES[url.pathname]?.(request) ?? [500, { message: 'no route' }];
		res.writeHead(status, { 'content-type': 'application/json' });
		res.end(JSON.stringify(answer));
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	deadUrl = `http://127.0.0.1:${await freePort()}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

beforeEach(() => {
	seen.length = 0;
});

// Test-only credential types and node types.
const baseUrlProperty: INodeProperties = { displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' };

class EchoApi implements ICredentialType {
	name = 'echoApi';
	displayName = 'Echo API';
	properties: INodeProperties[] = [
		{ displayName: 'Access Token', name: 'accessToken', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Location ID', name: 'locationId', type: 'string', default: 'default-location' },
		baseUrlProperty,
	];
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions) {
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.accessToken)}` },
			qs: { ...requestOptions.qs, locationId: credentials.locationId },
		};
	}
	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/me', method: 'GET' },
		rules: [{ type: 'responseCode', properties: { value: 401, message: 'The access token is not valid' } }],
	};
}

class EchoOAuth2Api implements ICredentialType {
	name = 'echoOAuth2Api';
	extends = ['oAuth2Api'];
	displayName = 'Echo OAuth2 API';
	properties: INodeProperties[] = [{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' }, baseUrlProperty];
}

const credentialTypes = [new EchoApi(), new EchoOAuth2Api()];
const AUTH_TO_CREDENTIAL: Record<string, string> = { token: 'echoApi', oAuth2: 'echoOAuth2Api' };

const echoDescription: INodeTypeDescription = {
	displayName: 'Echo',
	name: 'echo',
	group: ['transform'],
	version: 1,
	description: 'Calls the local echo API',
	defaults: { name: 'Echo' },
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: Object.entries(AUTH_TO_CREDENTIAL).map(([authentication, name]) => ({ name, required: true, displayOptions: { show: { authentication: [authentication] } } })),
	properties: [
		{ displayName: 'Authentication', name: 'authentication', type: 'options', options: Object.keys(AUTH_TO_CREDENTIAL).map((value) => ({ name: value, value })), default: 'token' },
		{ displayName: 'Path', name: 'path', type: 'string', default: '/echo' },
		{ displayName: 'Name', name: 'name', type: 'string', default: '' },
	],
};

class EchoNode implements INodeType {
	description = echoDescription;

	methods = {
		listSearch: {
			async searchThings(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
				const credentialType = AUTH_TO_CREDENTIAL[this.getNodeParameter('authentication') as string];
				const { baseUrl } = await this.getCredentials<{ baseUrl: string }>(credentialType);
				const { things } = (await this.helpers.httpRequestWithAuthentication.call(this, credentialType, {
					url: `${baseUrl}/things`,
					qs: { q: filter ?? '', sibling: this.getCurrentNodeParameter('name') as string },
					json: true,
				})) as { things: typeof THINGS };
				return { results: things.map((t) => ({ name: t.name, value: t.id })) };
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const credentialType = AUTH_TO_CREDENTIAL[this.getNodeParameter('authentication', 0) as string];
		const { baseUrl } = await this.getCredentials<{ baseUrl: string }>(credentialType);
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < this.getInputData().length; i++) {
			try {
				const name = this.getNodeParameter('name', i) as string;
				if (name === 'bad') throw new NodeOperationError(this.getNode(), 'The name "bad" is not allowed', { itemIndex: i, description: 'Use another name' });
				const response = (await this.helpers.httpRequestWithAuthentication.call(this, credentialType, {
					url: `${baseUrl}${this.getNodeParameter('path', i) as string}`,
					qs: { name },
					json: true,
				})) as IDataObject;
				out.push({ json: { ...response, timezone: this.getTimezone() }, pairedItem: { item: i } });
			} catch (error) {
				if (!this.continueOnFail()) throw error;
				out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
			}
		}
		return [out];
	}
}

/** A node that does not handle continue-on-fail itself. */
class ThrowingNode implements INodeType {
	description: INodeTypeDescription = { ...echoDescription, displayName: 'Thrower', name: 'thrower', credentials: [], properties: [] };
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		throw new NodeOperationError(this.getNode(), 'Always fails');
	}
}

const ECHO = 'n8n-nodes-test.echo';
const THROWER = 'n8n-nodes-test.thrower';
const nodeTypes = { [ECHO]: new EchoNode(), [THROWER]: new ThrowingNode() };
const tokenCredential = (): HarnessCredential => ({ id: 'cred-1', name: 'Echo account', type: 'echoApi', data: { accessToken: 'tok-123', locationId: 'loc-9', baseUrl } });
const tokenRef = { echoApi: { id: 'cred-1', name: 'Echo account' } };
const runEcho = async (parameters: INodeParameters, items: IDataObject[], options: Parameters<typeof itemsThen>[2] = { credentials: tokenRef }, credentials = [tokenCredential()], timezone?: string) =>
	await runWorkflow({ workflow: itemsThen({ type: ECHO, parameters }, items, options), nodeTypes, credentialTypes, credentials, timezone });

describe('runWorkflow', () => {
	it("resolves parameter expressions per item, authenticates with the credential's authenticate, pairs items", async () => {
		const result = await runEcho({ name: '={{ $json.first }} {{ $json.last }}' }, [
			{ first: 'Ada', last: 'Lovelace' },
			{ first: 'Grace', last: 'Hopper' },
		]);

		expect([result.status, result.error]).toEqual(['success', undefined]);
		const queries = [
			{ name: 'Ada Lovelace', locationId: 'loc-9' },
			{ name: 'Grace Hopper', locationId: 'loc-9' },
		];
		expect(seen.map((r) => [r.headers.authorization, r.query])).toEqual(queries.map((query) => ['Bearer tok-123', query]));
		const output = result.output(NODE_UNDER_TEST);
		expect(output.map((item) => item.json.query)).toEqual(queries);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(Object.keys(result.outputs)).toEqual(['Manual Trigger', 'Items', NODE_UNDER_TEST]);
	});

	it.each([
		['given', 'Europe/Berlin', 'Europe/Berlin'],
		['n8n default', undefined, 'America/New_York'],
	])('applies credential defaults, finds a credential by name, runs in the %s timezone', async (_, timezone, expected) => {
		const credential: HarnessCredential = { name: 'By name only', type: 'echoApi', data: { accessToken: 't', baseUrl } };
		const byName = { credentials: { echoApi: { id: 'x', name: 'By name only' } } };
		const result = await runEcho({ name: '={{ $json.n }}@{{ $now.zoneName }}' }, [{ n: 1 }], byName, [credential], timezone);
		expect(seen.map((r) => r.query)).toEqual([{ name: `1@${expected}`, locationId: 'default-location' }]);
		expect(result.output(NODE_UNDER_TEST)[0].json.timezone).toBe(expected);
	});

	it('signs OAuth2 requests with the stored access token, refreshes it when expired and stores the new token data', async () => {
		const oauthTokenData = { access_token: 'expired', refresh_token: 'refresh-1', token_type: 'Bearer' };
		const data = { clientId: 'client', clientSecret: 'secret', accessTokenUrl: `${baseUrl}/oauth/token`, baseUrl, oauthTokenData };
		const credentials = [{ id: 'o1', name: 'OAuth', type: 'echoOAuth2Api', data }];
		const result = await runEcho({ authentication: 'oAuth2' }, [{}], { credentials: { echoOAuth2Api: { id: 'o1', name: 'OAuth' } } }, credentials);
		expect(result.error).toBeUndefined();
		expect(seen.map((r) => [r.path, r.headers.authorization ?? null])).toEqual([
			['/echo', 'Bearer expired'],
			['/oauth/token', expect.stringMatching(/^Basic /)],
			['/echo', 'Bearer fresh-token'],
		]);
		expect(seen[1].body).toContain('refresh_token=refresh-1');
		expect(result.credentials[0].data.oauthTokenData).toMatchObject({ access_token: 'fresh-token', refresh_token: 'refresh-2' });
	});

	it('fails the run with the NodeApiError n8n-core built from the HTTP response', async () => {
		const result = await runEcho({ path: '/missing', name: 'x' }, [{}]);
		expect(result.status).toBe('error');
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error).toMatchObject({ httpCode: '404', description: 'Contact not found', node: { name: NODE_UNDER_TEST } });
		expect(result.error?.message).toMatch(/resource you are requesting could not be found/i);
		expect(result.runData[NODE_UNDER_TEST][0].error?.message).toBe(result.error?.message);
		expect(result.output(NODE_UNDER_TEST)).toEqual([]);
	});

	it('fails the run with the NodeOperationError a node throws, keeping its item index and description', async () => {
		const result = await runEcho({ name: '={{ $json.name }}' }, [{ name: 'ok' }, { name: 'bad' }]);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error).toMatchObject({ message: 'The name "bad" is not allowed', description: 'Use another name', context: { itemIndex: 1 } });
	});

	it('with continue-on-fail, outputs the node’s own error item and goes on', async () => {
		const items = [
			{ name: 'a', path: '/missing' },
			{ name: 'bad', path: '/echo' },
			{ name: 'c', path: '/echo' },
		];
		const result = await runEcho({ name: '={{ $json.name }}', path: '={{ $json.path }}' }, items, { credentials: tokenRef, continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.output(NODE_UNDER_TEST).map((item) => [item.json.error ?? item.json.ok, item.pairedItem])).toEqual([
			[expect.stringMatching(/could not be found/), { item: 0 }],
			['The name "bad" is not allowed', { item: 1 }],
			[true, { item: 2 }],
		]);
	});

	it('with continue-on-fail, passes the input through when a node throws (n8n’s own handling)', async () => {
		const run = async (branches: boolean) =>
			await runWorkflow({ workflow: itemsThen({ type: THROWER, parameters: {} }, [{ a: 1 }], { continueOnFail: true, branches }), nodeTypes });
		const result = await run(true);
		expect([result.status, result.error]).toEqual(['success', undefined]);
		expect(result.output(NODE_UNDER_TEST).map((i) => i.json)).toEqual([{ a: 1 }]);
		expect(result.runData[NODE_UNDER_TEST][0].error?.message).toBe('Always fails');
		expect(result.output(SUCCESS_BRANCH).map((i) => i.json)).toEqual([{ a: 1 }]);

		// n8n-core 2.40.3 quirk: when that node is the last one to run, the execution still ends as
		// an error (its `executionError` is not cleared), although the output was passed through.
		const last = await run(false);
		expect(last.status).toBe('error');
		expect(last.error?.message).toBe('Always fails');
		expect(last.output(NODE_UNDER_TEST).map((i) => i.json)).toEqual([{ a: 1 }]);
	});

	it('reports a credential the workflow references but the test did not provide', async () => {
		const result = await runEcho({}, [{}], { credentials: { echoApi: { id: 'nope', name: 'Nope' } } });
		expect(result.error?.message).toBe('Credential with ID "nope" does not exist for type "echoApi".');
	});
});

describe('runListSearch', () => {
	it('calls listSearch with n8n-core’s LoadOptionsContext (parameters, credentials, authenticated HTTP)', async () => {
		const result = await runListSearch({
			nodeType: new EchoNode(),
			method: 'searchThings',
			credentialTypes,
			credentials: [tokenCredential()],
			parameters: { authentication: 'token', name: 'sibling-value' },
			filter: 'ada',
		});
		expect(result).toEqual({ results: [{ name: 'Ada things', value: 't1' }] });
		expect(seen.map((r) => [r.headers.authorization, r.query])).toEqual([['Bearer tok-123', { q: 'ada', sibling: 'sibling-value', locationId: 'loc-9' }]]);
	});
});

describe('runCredentialTest', () => {
	it('returns OK when the declarative test request succeeds, with the credential’s authentication applied', async () => {
		await expect(runCredentialTest(new EchoApi(), { accessToken: 'good-token', baseUrl })).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(seen.map((r) => [r.method, r.path, r.headers.authorization, r.query])).toEqual([['GET', '/me', 'Bearer good-token', { locationId: 'default-location' }]]);
	});

	const withTest = (test: ICredentialTestRequest) => Object.assign(new EchoApi(), { test });
	const suspendedTest: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/me', qs: { who: 'suspended' } },
		rules: [{ type: 'responseSuccessBody', properties: { key: 'suspended', value: true, message: 'Account suspended' } }],
	};
	it.each([
		['a matching responseCode rule', new EchoApi(), () => ({ accessToken: 'wrong', baseUrl }), credentialTestMessage('The access token is not valid', 401)],
		['the HTTP status text', withTest({ request: { baseURL: '={{$credentials.baseUrl}}', url: '/forbidden' } }), () => ({ accessToken: 'x', baseUrl }), credentialTestMessage('Forbidden', 403)],
		// n8n 1.x words the error code for people; 2.x shows the code.
		['the network error', new EchoApi(), () => ({ accessToken: 'x', baseUrl: deadUrl }), N8N_CORE_MAJOR >= 2 ? 'ECONNREFUSED' : 'The service refused the connection - perhaps it is offline'],
		['a matching responseSuccessBody rule', withTest(suspendedTest), () => ({ accessToken: 'good-token', baseUrl }), 'Account suspended'],
	])('reports a failure with %s, as n8n does', async (_, credentialType, data, message) => {
		await expect(runCredentialTest(credentialType, data())).resolves.toEqual({ status: 'Error', message });
	});
});
