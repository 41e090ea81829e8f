import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { credentialTestMessage, N8N_CORE_MAJOR } from '../../tools/harness/n8n-core-line';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import {
	NODE_UNDER_TEST,
	NO_OP_TYPE,
	itemsThen,
	runCredentialTest,
	runListSearch,
	runLoadOptions,
	runWorkflow,
} from '../../tools/harness/index';
import type { HarnessCredential } from '../../tools/harness/index';

// ---------------------------------------------------------------------------------------------
// A local API: records every request; a few routes.
// ---------------------------------------------------------------------------------------------
interface SeenRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	body: string;
}

let server: Server;
let baseUrl: string;
const seen: SeenRequest[] = [];

function reply(res: import('node:http').ServerResponse, status: number, body: unknown) {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
}

beforeAll(async () => {
	server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString()));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://localhost');
			const request: SeenRequest = {
				method: req.method ?? '',
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
				headers: req.headers,
				body,
			};
			seen.push(request);
			const auth = req.headers.authorization;
			switch (url.pathname) {
				case '/echo':
					if (auth === 'Bearer expired') return reply(res, 401, { message: 'token expired' });
					return reply(res, 200, { ok: true, query: request.query, authorization: auth ?? null });
				case '/me':
					if (auth !== 'Bearer good-token') return reply(res, 401, { message: 'invalid token' });
					return reply(res, 200, { id: 'me', suspended: request.query.who === 'suspended' });
				case '/forbidden':
					return reply(res, 403, { message: 'nope' });
				case '/missing':
					return reply(res, 404, { message: 'Contact not found', traceId: 't-1' });
				case '/oauth/token':
					return reply(res, 200, {
						access_token: 'fresh-token',
						refresh_token: 'refresh-2',
						token_type: 'Bearer',
						expires_in: 3600,
					});
				case '/things': {
					const all = [
						{ id: 't1', name: 'Ada things' },
						{ id: 't2', name: 'Grace things' },
					];
					const filter = (request.query.q ?? '').toLowerCase();
					return reply(res, 200, { things: all.filter((t) => t.name.toLowerCase().includes(filter)) });
				}
				default:
					return reply(res, 500, { message: 'no route' });
			}
		});
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.close();
	await once(server, 'close');
});

beforeEach(() => {
	seen.length = 0;
});

// ---------------------------------------------------------------------------------------------
// Test-only credential types and node type.
// ---------------------------------------------------------------------------------------------
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
	properties: INodeProperties[] = [
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		baseUrlProperty,
	];
}

const credentialTypes = [new EchoApi(), new EchoOAuth2Api()];
const AUTH_TO_CREDENTIAL: Record<string, string> = {
	token: 'echoApi',
	oAuth2: 'echoOAuth2Api',
};
const credentialFor = (authentication: string) => ({
	name: AUTH_TO_CREDENTIAL[authentication],
	required: true,
	displayOptions: { show: { authentication: [authentication] } },
});

class EchoNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Echo',
		name: 'echo',
		group: ['transform'],
		version: 1,
		description: 'Calls the local echo API',
		defaults: { name: 'Echo' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: Object.keys(AUTH_TO_CREDENTIAL).map(credentialFor),
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: Object.keys(AUTH_TO_CREDENTIAL).map((value) => ({ name: value, value })),
				default: 'token',
			},
			{ displayName: 'Path', name: 'path', type: 'string', default: '/echo' },
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
		],
	};

	methods = {
		listSearch: {
			async searchThings(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
				const credentialType = AUTH_TO_CREDENTIAL[this.getNodeParameter('authentication') as string];
				const { baseUrl } = await this.getCredentials<{ baseUrl: string }>(credentialType);
				const { things } = (await this.helpers.httpRequestWithAuthentication.call(this, credentialType, {
					url: `${baseUrl}/things`,
					qs: { q: filter ?? '', sibling: this.getCurrentNodeParameter('name') as string },
					json: true,
				})) as { things: Array<{ id: string; name: string }> };
				return { results: things.map((t) => ({ name: t.name, value: t.id })) };
			},
		},
		loadOptions: {
			async getThings(this: ILoadOptionsFunctions) {
				const { baseUrl } = await this.getCredentials<{ baseUrl: string }>('echoApi');
				const { things } = (await this.helpers.httpRequestWithAuthentication.call(this, 'echoApi', {
					url: `${baseUrl}/things`,
					json: true,
				})) as { things: Array<{ id: string; name: string }> };
				return things.map((t) => ({ name: t.name, value: t.id }));
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const credentialType = AUTH_TO_CREDENTIAL[this.getNodeParameter('authentication', 0) as string];
		const { baseUrl } = await this.getCredentials<{ baseUrl: string }>(credentialType);
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const name = this.getNodeParameter('name', i) as string;
				if (name === 'bad') {
					throw new NodeOperationError(this.getNode(), 'The name "bad" is not allowed', {
						itemIndex: i,
						description: 'Use another name',
					});
				}
				const response = (await this.helpers.httpRequestWithAuthentication.call(this, credentialType, {
					method: 'GET',
					url: `${baseUrl}${this.getNodeParameter('path', i) as string}`,
					qs: { name },
					json: true,
				})) as IDataObject;
				out.push({ json: { ...response, timezone: this.getTimezone() }, pairedItem: { item: i } });
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw error;
			}
		}
		return [out];
	}
}

/** A node that does not handle continue-on-fail itself. */
class ThrowingNode implements INodeType {
	description: INodeTypeDescription = {
		...new EchoNode().description,
		displayName: 'Thrower',
		name: 'thrower',
		credentials: [],
		properties: [],
	};
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		throw new NodeOperationError(this.getNode(), 'Always fails');
	}
}

const ECHO = 'n8n-nodes-test.echo';
const nodeTypes = { [ECHO]: new EchoNode(), 'n8n-nodes-test.thrower': new ThrowingNode() };
const tokenCredential = (): HarnessCredential => ({
	id: 'cred-1',
	name: 'Echo account',
	type: 'echoApi',
	data: { accessToken: 'tok-123', locationId: 'loc-9', baseUrl },
});
const tokenRef = { echoApi: { id: 'cred-1', name: 'Echo account' } };

// ---------------------------------------------------------------------------------------------
describe('runWorkflow', () => {
	it("resolves parameter expressions per item, authenticates with the credential's authenticate, pairs items", async () => {
		const result = await runWorkflow({
			workflow: itemsThen(
				{ type: ECHO, parameters: { name: '={{ $json.first }} {{ $json.last }}' } },
				[
					{ first: 'Ada', last: 'Lovelace' },
					{ first: 'Grace', last: 'Hopper' },
				],
				{ credentials: tokenRef },
			),
			nodeTypes,
			credentialTypes,
			credentials: [tokenCredential()],
		});

		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(seen.map((r) => [r.headers.authorization, r.query])).toEqual([
			['Bearer tok-123', { name: 'Ada Lovelace', locationId: 'loc-9' }],
			['Bearer tok-123', { name: 'Grace Hopper', locationId: 'loc-9' }],
		]);
		const output = result.output(NODE_UNDER_TEST);
		expect(output.map((item) => item.json.query)).toEqual([
			{ name: 'Ada Lovelace', locationId: 'loc-9' },
			{ name: 'Grace Hopper', locationId: 'loc-9' },
		]);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(Object.keys(result.outputs)).toEqual(['Manual Trigger', 'Items', NODE_UNDER_TEST]);
	});

	it('applies credential defaults and runs a workflow fed by `input`, in the given timezone', async () => {
		const workflow = {
			nodes: [
				{
					id: 'a',
					name: 'Echo',
					type: ECHO,
					typeVersion: 1,
					position: [0, 0] as [number, number],
					parameters: { name: '={{ $json.n }}@{{ $now.zoneName }}' },
					credentials: { echoApi: { id: 'x', name: 'By name only' } },
				},
			],
			connections: {},
		};
		const credential: HarnessCredential = { name: 'By name only', type: 'echoApi', data: { accessToken: 't', baseUrl } };

		const berlin = await runWorkflow({
			workflow,
			nodeTypes,
			credentialTypes,
			credentials: [credential],
			input: [{ n: 1 }, { json: { n: 2 } }],
			timezone: 'Europe/Berlin',
		});
		expect(berlin.error).toBeUndefined();
		expect(seen.map((r) => r.query)).toEqual([
			{ name: '1@Europe/Berlin', locationId: 'default-location' },
			{ name: '2@Europe/Berlin', locationId: 'default-location' },
		]);
		expect(berlin.output('Echo')[0].json.timezone).toBe('Europe/Berlin');

		const byDefault = await runWorkflow({ workflow, nodeTypes, credentialTypes, credentials: [credential], input: [{ n: 3 }] });
		expect(byDefault.output('Echo')[0].json.timezone).toBe('America/New_York');
	});

	it('signs OAuth2 requests with oauthTokenData.access_token (n8n-core requestOAuth2)', async () => {
		const result = await runWorkflow({
			workflow: itemsThen({ type: ECHO, parameters: { authentication: 'oAuth2', name: 'o' } }, [{}], {
				credentials: { echoOAuth2Api: { id: 'o1', name: 'OAuth' } },
			}),
			nodeTypes,
			credentialTypes,
			credentials: [
				{
					id: 'o1',
					name: 'OAuth',
					type: 'echoOAuth2Api',
					data: {
						clientId: 'client',
						clientSecret: 'secret',
						accessTokenUrl: `${baseUrl}/oauth/token`,
						baseUrl,
						oauthTokenData: { access_token: 'access-1', refresh_token: 'refresh-1', token_type: 'Bearer' },
					},
				},
			],
		});
		expect(result.error).toBeUndefined();
		expect(seen.map((r) => [r.path, r.headers.authorization])).toEqual([['/echo', 'Bearer access-1']]);
	});

	it('refreshes an expired OAuth2 token through the access token URL and stores the new token data', async () => {
		const credentials: HarnessCredential[] = [
			{
				id: 'o1',
				name: 'OAuth',
				type: 'echoOAuth2Api',
				data: {
					clientId: 'client',
					clientSecret: 'secret',
					accessTokenUrl: `${baseUrl}/oauth/token`,
					baseUrl,
					oauthTokenData: { access_token: 'expired', refresh_token: 'refresh-1', token_type: 'Bearer' },
				},
			},
		];
		const result = await runWorkflow({
			workflow: itemsThen({ type: ECHO, parameters: { authentication: 'oAuth2' } }, [{}], {
				credentials: { echoOAuth2Api: { id: 'o1', name: 'OAuth' } },
			}),
			nodeTypes,
			credentialTypes,
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(seen.map((r) => [r.path, r.headers.authorization ?? null])).toEqual([
			['/echo', 'Bearer expired'],
			['/oauth/token', expect.stringMatching(/^Basic /)],
			['/echo', 'Bearer fresh-token'],
		]);
		expect(seen[1].body).toContain('refresh_token=refresh-1');
		expect(result.credentials[0].data.oauthTokenData).toMatchObject({
			access_token: 'fresh-token',
			refresh_token: 'refresh-2',
		});
	});

	it('fails the run with the NodeApiError n8n-core built from the HTTP response', async () => {
		const result = await runWorkflow({
			workflow: itemsThen({ type: ECHO, parameters: { path: '/missing', name: 'x' } }, [{}], { credentials: tokenRef }),
			nodeTypes,
			credentialTypes,
			credentials: [tokenCredential()],
		});
		expect(result.status).toBe('error');
		expect(result.error).toBeInstanceOf(NodeApiError);
		const error = result.error as NodeApiError;
		expect(error.httpCode).toBe('404');
		expect(error.message).toMatch(/resource you are requesting could not be found/i);
		expect(error.description).toBe('Contact not found');
		expect(error.node?.name).toBe(NODE_UNDER_TEST);
		expect(result.runData[NODE_UNDER_TEST][0].error?.message).toBe(error.message);
		expect(result.output(NODE_UNDER_TEST)).toEqual([]);
	});

	it('fails the run with the NodeOperationError a node throws, keeping its item index and description', async () => {
		const result = await runWorkflow({
			workflow: itemsThen({ type: ECHO, parameters: { name: '={{ $json.name }}' } }, [{ name: 'ok' }, { name: 'bad' }], {
				credentials: tokenRef,
			}),
			nodeTypes,
			credentialTypes,
			credentials: [tokenCredential()],
		});
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe('The name "bad" is not allowed');
		expect(result.error?.description).toBe('Use another name');
		expect(result.error?.context.itemIndex).toBe(1);
	});

	it('with continue-on-fail, outputs the node’s own error item and goes on', async () => {
		const result = await runWorkflow({
			workflow: itemsThen(
				{ type: ECHO, parameters: { name: '={{ $json.name }}', path: '={{ $json.path }}' } },
				[
					{ name: 'a', path: '/missing' },
					{ name: 'bad', path: '/echo' },
					{ name: 'c', path: '/echo' },
				],
				{ credentials: tokenRef, continueOnFail: true },
			),
			nodeTypes,
			credentialTypes,
			credentials: [tokenCredential()],
		});
		expect(result.error).toBeUndefined();
		const output = result.output(NODE_UNDER_TEST);
		expect(output.map((item) => [item.json.error ?? item.json.ok, item.pairedItem])).toEqual([
			[expect.stringMatching(/could not be found/), { item: 0 }],
			['The name "bad" is not allowed', { item: 1 }],
			[true, { item: 2 }],
		]);
	});

	it('with continue-on-fail, passes the input through when a node throws (n8n’s own handling)', async () => {
		const workflow = itemsThen({ type: 'n8n-nodes-test.thrower', parameters: {} }, [{ a: 1 }], { continueOnFail: true });
		workflow.nodes.push({ id: 'after', name: 'After', type: NO_OP_TYPE, typeVersion: 1, position: [440, 0], parameters: {} });
		workflow.connections[NODE_UNDER_TEST] = { main: [[{ node: 'After', type: 'main', index: 0 }]] };

		const result = await runWorkflow({ workflow, nodeTypes });
		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(result.output(NODE_UNDER_TEST).map((i) => i.json)).toEqual([{ a: 1 }]);
		expect(result.runData[NODE_UNDER_TEST][0].error?.message).toBe('Always fails');
		expect(result.output('After').map((i) => i.json)).toEqual([{ a: 1 }]);

		// n8n-core 2.40.3 quirk: when that node is the last one to run, the execution still ends as
		// an error (its `executionError` is not cleared), although the output was passed through.
		const last = await runWorkflow({
			workflow: itemsThen({ type: 'n8n-nodes-test.thrower', parameters: {} }, [{ a: 1 }], { continueOnFail: true }),
			nodeTypes,
		});
		expect(last.status).toBe('error');
		expect(last.error?.message).toBe('Always fails');
		expect(last.output(NODE_UNDER_TEST).map((i) => i.json)).toEqual([{ a: 1 }]);
	});

	it('reports a credential the workflow references but the test did not provide', async () => {
		const result = await runWorkflow({
			workflow: itemsThen({ type: ECHO, parameters: {} }, [{}], { credentials: { echoApi: { id: 'nope', name: 'Nope' } } }),
			nodeTypes,
			credentialTypes,
			credentials: [tokenCredential()],
		});
		expect(result.error?.message).toBe('Credential with ID "nope" does not exist for type "echoApi".');
	});
});

describe('runListSearch / runLoadOptions', () => {
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
		expect(seen).toHaveLength(1);
		expect(seen[0].headers.authorization).toBe('Bearer tok-123');
		expect(seen[0].query).toEqual({ q: 'ada', sibling: 'sibling-value', locationId: 'loc-9' });
	});

	it('calls loadOptions', async () => {
		const options = await runLoadOptions({
			nodeType: new EchoNode(),
			method: 'getThings',
			credentialTypes,
			credentials: [tokenCredential()],
		});
		expect(options.map((o) => o.value)).toEqual(['t1', 't2']);
	});
});

describe('runCredentialTest', () => {
	it('returns OK when the declarative test request succeeds, with the credential’s authentication applied', async () => {
		await expect(runCredentialTest(new EchoApi(), { accessToken: 'good-token', baseUrl })).resolves.toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(seen.map((r) => [r.method, r.path, r.headers.authorization, r.query])).toEqual([
			['GET', '/me', 'Bearer good-token', { locationId: 'default-location' }],
		]);
	});

	it('maps failures the way n8n does: responseCode rule, HTTP status text, network error code, body rule', async () => {
		await expect(runCredentialTest(new EchoApi(), { accessToken: 'wrong', baseUrl })).resolves.toEqual({
			status: 'Error',
			message: credentialTestMessage('The access token is not valid', 401),
		});

		const forbidden = Object.assign(new EchoApi(), {
			test: { request: { baseURL: '={{$credentials.baseUrl}}', url: '/forbidden' } },
		});
		await expect(runCredentialTest(forbidden, { accessToken: 'x', baseUrl })).resolves.toEqual({
			status: 'Error',
			message: credentialTestMessage('Forbidden', 403),
		});

		const closed = createServer();
		closed.listen(0, '127.0.0.1');
		await once(closed, 'listening');
		const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
		closed.close();
		await once(closed, 'close');
		await expect(runCredentialTest(new EchoApi(), { accessToken: 'x', baseUrl: deadUrl })).resolves.toEqual({
			status: 'Error',
			// n8n 1.x words the error code for people; 2.x shows the code.
			message: N8N_CORE_MAJOR >= 2 ? 'ECONNREFUSED' : 'The service refused the connection - perhaps it is offline',
		});

		const suspended = Object.assign(new EchoApi(), {
			test: {
				request: { baseURL: '={{$credentials.baseUrl}}', url: '/me', qs: { who: 'suspended' } },
				rules: [{ type: 'responseSuccessBody', properties: { key: 'suspended', value: true, message: 'Account suspended' } }],
			},
		});
		await expect(runCredentialTest(suspended, { accessToken: 'good-token', baseUrl })).resolves.toEqual({
			status: 'Error',
			message: 'Account suspended',
		});
	});
});
