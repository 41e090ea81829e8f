/**
 * Tests a credential as n8n's `CredentialsTester.testCredentials`
 * (packages/cli/src/services/credentials-tester.service.ts) does with a type's declarative `test`:
 * 1. defaults of the credential type are applied to the data (`applyDefaultsAndOverwrites`);
 * 2. `test.request` becomes the routing of a property of a temporary copy of the no-op node,
 *    which n8n-core's `RoutingNode` runs: `{{$credentials.x}}` expressions are resolved and the
 *    request goes through `httpRequestWithAuthentication`, so the credential's `authenticate`
 *    (or OAuth2 signing) is applied;
 * 3. a failure becomes `{ status: 'Error', message }` with the message n8n picks (below), and
 *    `responseSuccessBody` rules are checked on success.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import { Workflow, createEmptyRunExecutionData } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, ICredentialType, INode, INodeCredentialTestResult, INodeExecutionData, INodeType } from 'n8n-workflow';

import { buildAdditionalData, workflowBase } from './additional-data';
import { setupN8nCore } from './container';
import { HarnessCredentialTypes } from './credential-types';
import { HarnessCredentialsHelper } from './credentials-helper';
import { HarnessNodeTypes, HarnessNoOp, NO_OP_TYPE } from './node-types';

export async function runCredentialTest(credentialType: ICredentialType, data: ICredentialDataDecryptedObject): Promise<INodeCredentialTestResult> {
	setupN8nCore();
	const { test } = credentialType;
	if (!test) return { status: 'Error', message: 'No testing function found for this credential.' };
	const stored = { id: 'credential-under-test', name: credentialType.displayName, type: credentialType.name, data: structuredClone(data) };
	const credentialsHelper = new HarnessCredentialsHelper(new HarnessCredentialTypes([credentialType]), [stored]);

	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: NO_OP_TYPE,
		typeVersion: 1,
		position: [0, 0],
		credentials: { [stored.type]: { id: stored.id, name: stored.name } },
	};
	const additionalData = buildAdditionalData({ credentialsHelper, mode: 'internal', workflowData: workflowBase({ nodes: [node], connections: {} }) });
	let credentialsDecrypted;
	try {
		credentialsDecrypted = { ...stored, data: await credentialsHelper.applyDefaultsAndOverwrites(additionalData, stored.data, stored.type, 'internal') };
	} catch (error) {
		return { status: 'Error', message: String((error as Error).message) };
	}

	const nodeTypeCopy: INodeType = {
		description: {
			...new HarnessNoOp().description,
			credentials: [{ name: stored.type, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: test.request }, default: '' }],
		},
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: new HarnessNodeTypes({ [NO_OP_TYPE]: nodeTypeCopy }) });
	const executeData = { node, data: {}, source: null };
	const inputData = { main: [[{ json: {} }]] };
	const context = new ExecuteContext(workflow, node, additionalData, 'internal', createEmptyRunExecutionData(), 0, [], inputData, executeData, []);

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await new RoutingNode(context, nodeTypeCopy, credentialsDecrypted).runNode();
	} catch (caught) {
		const error = caught as { message?: unknown; cause?: { code?: string; response?: { status: number; statusText?: string } } };
		if (error.cause?.response) {
			const { status, statusText } = error.cause.response;
			const rule = test.rules?.find((r) => r.type === 'responseCode' && r.properties.value === status);
			if (rule) return { status: 'Error', message: rule.properties.message };
			if (status < 199 || status > 299) return { status: 'Error', message: statusText || `Received HTTP status code: ${status}` };
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: String(error.message) };
	}

	const body = response?.[0]?.[0]?.json;
	for (const rule of test.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const value = rule.properties.key.split('.').reduce<unknown>((acc, key) => (acc as Record<string, unknown> | undefined)?.[key], body);
		if (value === rule.properties.value) return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}
