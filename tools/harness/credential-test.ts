/**
 * Tests a credential as n8n's `CredentialsTester.testCredentials`
 * (packages/cli/src/services/credentials-tester.service.ts) does:
 * 1. defaults of the credential type are applied to the data (`applyDefaultsAndOverwrites`);
 * 2. the type's declarative `test.request` becomes the routing of a property of a temporary copy
 *    of the no-op node, which n8n-core's `RoutingNode` runs: `{{$credentials.x}}` expressions
 *    are resolved and the request goes through `httpRequestWithAuthentication`, so the
 *    credential's `authenticate` (or OAuth2 signing) is applied;
 * 3. a failure becomes `{ status: 'Error', message }`: a matching `responseCode` rule's message,
 *    else the HTTP status text (or "Received HTTP status code: N"), else the network error code,
 *    else the error message; `responseSuccessBody` rules are checked on success;
 *    success is `{ status: 'OK', message: 'Connection successful!' }`.
 * A type without `test` falls back to a node's `testedBy` (when `nodeType` is given) and, for
 * OAuth2 types, to n8n's "has an access token" check.
 */
import { CredentialTestContext, ExecuteContext, RoutingNode } from 'n8n-core';
import { NodeHelpers, VersionedNodeType, Workflow, createEmptyRunExecutionData } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunction,
	ICredentialTestRequest,
	ICredentialType,
	ICredentialsDecrypted,
	IExecuteData,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';

import { buildAdditionalData, workflowBase } from './additional-data';
import { setupN8nCore } from './container';
import { HarnessCredentialTypes } from './credential-types';
import { HarnessCredentialsHelper } from './credentials-helper';
import { HarnessNoOp, NO_OP_TYPE } from './node-types';

export interface CredentialTestOptions {
	/** Other credential types it needs (parents through `extends`); `oAuth2Api` is built in. */
	credentialTypes?: ICredentialType[];
	/** A node whose `credentials[].testedBy` tests this type, used when the type has no `test`. */
	nodeType?: INodeType | IVersionedNodeType;
	/** Name of the credential (shows in some error messages). */
	name?: string;
}

const CREDENTIAL_ID = 'credential-under-test';

function nodeVersions(nodeType: INodeType | IVersionedNodeType): INodeType[] {
	return nodeType instanceof VersionedNodeType || 'nodeVersions' in nodeType
		? Object.values((nodeType as IVersionedNodeType).nodeVersions)
		: [nodeType as INodeType];
}

function findTest(
	credentialType: ICredentialType,
	isOAuth2: boolean,
	nodeType: INodeType | IVersionedNodeType | undefined,
):
	| { kind: 'request'; testRequest: ICredentialTestRequest; nodeType?: INodeType }
	| { kind: 'function'; fn: ICredentialTestFunction }
	| undefined {
	if (credentialType.test) return { kind: 'request', testRequest: credentialType.test };
	if (!nodeType) return undefined;
	for (const version of nodeVersions(nodeType)) {
		for (const { name, testedBy } of version.description.credentials ?? []) {
			if (name !== credentialType.name) continue;
			if (isOAuth2) {
				return {
					kind: 'function',
					fn: async (credentials) => {
						const tokenData = credentials.data?.oauthTokenData;
						return tokenData && typeof tokenData === 'object' && 'access_token' in tokenData
							? { status: 'OK', message: 'Connection Successful!' }
							: { status: 'Error', message: 'This OAuth2 credential was not connected to an account.' };
					},
				};
			}
			if (typeof testedBy === 'string') {
				const fn = nodeVersions(nodeType)
					.reverse()
					.map((v) => v.methods?.credentialTest?.[testedBy])
					.find((f) => typeof f === 'function');
				if (fn) return { kind: 'function', fn };
			} else if (testedBy) {
				return { kind: 'request', testRequest: testedBy, nodeType: version };
			}
		}
	}
	return undefined;
}

export async function runCredentialTest(
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
	options: CredentialTestOptions = {},
): Promise<INodeCredentialTestResult> {
	setupN8nCore();
	const credentialTypes = new HarnessCredentialTypes([...(options.credentialTypes ?? []), credentialType]);
	const stored = { id: CREDENTIAL_ID, name: options.name ?? credentialType.displayName, type: credentialType.name, data: structuredClone(data) };
	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes, [stored]);
	const isOAuth2 = credentialTypes.getParentTypes(credentialType.name).includes('oAuth2Api');

	const test = findTest(credentialType, isOAuth2, options.nodeType);
	if (!test) return { status: 'Error', message: 'No testing function found for this credential.' };

	const credentialsDecrypted: ICredentialsDecrypted = {
		id: stored.id,
		name: stored.name,
		type: stored.type,
		data: structuredClone(data),
	};
	const baseData = buildAdditionalData({
		credentialsHelper,
		mode: 'internal',
		workflowData: workflowBase({ nodes: [], connections: {} }),
	});
	try {
		credentialsDecrypted.data = await credentialsHelper.applyDefaultsAndOverwrites(
			baseData,
			credentialsDecrypted.data ?? {},
			credentialType.name,
			'internal',
		);
	} catch (error) {
		return { status: 'Error', message: String((error as Error).message) };
	}

	if (test.kind === 'function') {
		const context = new CredentialTestContext(baseData);
		return await test.fn.call(context, credentialsDecrypted);
	}

	const baseNodeType = test.nodeType ?? new HarnessNoOp();
	const typeName = test.nodeType ? test.nodeType.description.name : NO_OP_TYPE;
	const typeVersion = NodeHelpers.getVersionedNodeType(baseNodeType).description.version;
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: typeName,
		typeVersion: Array.isArray(typeVersion) ? typeVersion[typeVersion.length - 1] : typeVersion,
		position: [0, 0],
		credentials: { [credentialType.name]: { id: stored.id, name: stored.name } },
	};
	const nodeTypeCopy: INodeType = {
		description: {
			...baseNodeType.description,
			credentials: [{ name: credentialType.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: test.testRequest.request },
					default: '',
				},
			],
		},
	} as INodeType;
	const nodeTypes: INodeTypes = {
		getByName: () => nodeTypeCopy,
		getByNameAndVersion: () => nodeTypeCopy,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = buildAdditionalData({
		credentialsHelper,
		mode: 'internal',
		workflowData: workflowBase({ nodes: [node], connections: {} }),
	});
	const executeData: IExecuteData = { node, data: {}, source: null };
	const executeFunctions = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);
	const routingNode = new RoutingNode(executeFunctions, nodeTypeCopy, credentialsDecrypted);

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await routingNode.runNode();
	} catch (caught) {
		const error = caught as { message?: unknown; cause?: { code?: string; response?: { status: number; statusText?: string } } };
		if (error.cause?.response) {
			const statusCode = error.cause.response.status;
			const statusMessage = error.cause.response.statusText;
			for (const rule of test.testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && statusCode === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (statusCode < 199 || statusCode > 299) {
				return { status: 'Error', message: statusMessage || `Received HTTP status code: ${statusCode}` };
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: String(error.message) };
	}

	for (const rule of test.testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const body = response?.[0]?.[0]?.json;
			const value = rule.properties.key
				.split('.')
				.reduce<unknown>((acc, key) => (acc as Record<string, unknown> | undefined)?.[key], body);
			if (value === rule.properties.value) return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}
