/**
 * What the harness does that no node test shows through the HighLevel node (test/node/*.test.ts
 * assert the rest: expressions, authentication, paired items, errors, OAuth2 refresh, time zones).
 */
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type { ILoadOptionsFunctions, INodeType } from 'n8n-workflow';

import { HighLevelPrivateIntegrationApi } from '../../credentials/HighLevelPrivateIntegrationApi.credentials';
import { HighLevelWorkflows } from '../../nodes/HighLevelWorkflows/HighLevelWorkflows.node';
import { NODE_UNDER_TEST, SUCCESS_BRANCH, itemsThen, runCredentialTest, runListSearch, runWorkflow } from '../../tools/harness/index';
import { N8N_CORE_MAJOR } from '../../tools/harness/n8n-core-line';
import { freePort } from '../../tools/process/net';
import { NODE_TYPE } from '../../tools/project';
import { DEFAULT_LOCATION_ID } from '../../tools/sandbox/fixtures';
import { addParameters, expiredMarketplaceApp, GET_ALL_WORKFLOWS, privateIntegration, runNode, useSandbox } from '../node/setup';

const sandbox = useSandbox();

/** A node that throws without handling continue-on-fail itself, and lists what its current parameters hold. */
const probe: INodeType = {
	description: {
		displayName: 'Probe',
		name: 'probe',
		group: ['transform'],
		version: 1,
		description: 'Fails; lists its Name',
		defaults: { name: 'Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Name', name: 'name', type: 'string', default: 'default-name' }],
	},
	methods: {
		listSearch: {
			async currentName(this: ILoadOptionsFunctions, filter?: string) {
				return { results: [{ name: String(this.getCurrentNodeParameter('name')), value: String(filter) }] };
			},
		},
	},
	async execute() {
		throw new NodeOperationError(this.getNode(), 'Always fails');
	},
};
const PROBE = 'n8n-nodes-test.probe';

describe('runWorkflow', () => {
	it('applies credential defaults (the OAuth2 token URL worked out from the Base URL) and finds a credential by name', async () => {
		const { credential } = expiredMarketplaceApp(sandbox());
		delete credential.data.accessTokenUrl;
		const byNameOnly = { name: 'By name only', type: credential.type, data: credential.data };
		const parameters = addParameters({ authentication: 'oAuth2', contactId: 'abc123' });
		const { items } = await runNode(sandbox(), parameters, [{}], { credential: byNameOnly });
		expect(items.map((item) => item.json.success)).toEqual([true]);
		expect(sandbox().oauthTokenRequests.map((request) => request.status)).toEqual([200]);
	});

	it('with continue-on-fail, passes the input through when a node throws (n8n’s own handling)', async () => {
		const run = async (branches: boolean) =>
			await runWorkflow({
				workflow: itemsThen({ type: PROBE, parameters: {} }, [{ a: 1 }], { continueOnFail: true, branches }),
				nodeTypes: { [PROBE]: probe },
			});
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
		const credentials = { highLevelPrivateIntegrationApi: { id: 'nope', name: 'Nope' } };
		const result = await runWorkflow({
			workflow: itemsThen({ type: NODE_TYPE, parameters: GET_ALL_WORKFLOWS }, [{}], { credentials }),
			nodeTypes: { [NODE_TYPE]: new HighLevelWorkflows() },
			credentialTypes: [new HighLevelPrivateIntegrationApi()],
		});
		expect(result.error?.message).toBe('Credential with ID "nope" does not exist for type "highLevelPrivateIntegrationApi".');
	});
});

describe('runListSearch', () => {
	it('gives listSearch the current parameters, defaults filled in, as the editor does', async () => {
		const result = await runListSearch({ nodeType: probe, method: 'currentName', filter: 'typed' });
		expect(result).toEqual({ results: [{ name: 'default-name', value: 'typed' }] });
	});
});

describe('runCredentialTest', () => {
	const data = () => privateIntegration(sandbox().url).data;
	const failure = (message: string) => ({ status: 'Error', message });

	it('applies the credential type’s defaults before the test request', async () => {
		const type = new HighLevelPrivateIntegrationApi();
		type.properties = type.properties.map((field) => (field.name === 'locationId' ? { ...field, default: DEFAULT_LOCATION_ID } : field));
		const withoutLocation = data();
		delete withoutLocation.locationId;
		await expect(runCredentialTest(type, withoutLocation)).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	it('reports a failure with the HTTP status text, as n8n does', async () => {
		sandbox().configure({ routeFaults: { listWorkflows: { kind: 'status500', after: false } } });
		const message = N8N_CORE_MAJOR >= 2 ? 'Internal Server Error' : 'The service was not able to process your request';
		await expect(runCredentialTest(new HighLevelPrivateIntegrationApi(), data())).resolves.toEqual(failure(message));
	});

	it('reports a failure with the network error, as n8n does', async () => {
		// n8n 1.x words the error code for people; 2.x shows the code.
		const message = N8N_CORE_MAJOR >= 2 ? 'ECONNREFUSED' : 'The service refused the connection - perhaps it is offline';
		const closedPort = privateIntegration(`http://127.0.0.1:${await freePort()}`).data;
		await expect(runCredentialTest(new HighLevelPrivateIntegrationApi(), closedPort)).resolves.toEqual(failure(message));
	});

	it('reports a failure with a matching responseSuccessBody rule, as n8n does', async () => {
		const { request } = new HighLevelPrivateIntegrationApi().test;
		const properties = { key: 'workflows.0.status', value: 'published', message: 'First is published' };
		const rule = { type: 'responseSuccessBody' as const, properties };
		const type = Object.assign(new HighLevelPrivateIntegrationApi(), { test: { request, rules: [rule] } });
		await expect(runCredentialTest(type, data())).resolves.toEqual(failure('First is published'));
	});
});
