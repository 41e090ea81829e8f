/**
 * Calls a node's `methods.listSearch` / `methods.loadOptions` the way n8n's
 * `DynamicNodeParametersService` does: a one-node workflow ("Temp-Node") carrying the current
 * parameters and credentials, and n8n-core's `LoadOptionsContext` as `this`, so
 * `this.getNodeParameter`, `this.getCurrentNodeParameter`, `this.getCredentials` and
 * `this.helpers.httpRequestWithAuthentication` behave as in the editor.
 */
import { LoadOptionsContext } from 'n8n-core';
import { UnexpectedError, Workflow } from 'n8n-workflow';
import type {
	ICredentialType,
	ILoadOptionsFunctions,
	INode,
	INodeCredentials,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
	INodeType,
	IVersionedNodeType,
} from 'n8n-workflow';

import { DEFAULT_TIMEZONE, buildAdditionalData, workflowBase } from './additional-data';
import { setupN8nCore } from './container';
import { HarnessCredentialTypes } from './credential-types';
import { HarnessCredentialsHelper } from './credentials-helper';
import type { HarnessCredential } from './credentials-helper';
import { HarnessNodeTypes } from './node-types';

export interface NodeMethodOptions {
	nodeType: INodeType | IVersionedNodeType;
	/** Name of the method in `methods.listSearch` / `methods.loadOptions`. */
	method: string;
	credentialTypes?: ICredentialType[];
	/** Attached to the node (one per type) and used to resolve `getCredentials`. */
	credentials?: HarnessCredential[];
	/** The node's current parameters, as the editor sends them (defaults are added). */
	parameters?: INodeParameters;
	/** Full type name; default `n8n-nodes-harness.<description.name>`. */
	typeName?: string;
	/** Node version; default the latest. */
	version?: number;
	/** Path of the parameter being filled, e.g. `parameters.options.field`; `getCurrentNodeParameter('&x')` resolves `x` in the same collection. */
	path?: string;
	timezone?: string;
}

type ListSearchMethod = (
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
) => Promise<INodeListSearchResult>;
type LoadOptionsMethod = (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>;

function prepare(options: NodeMethodOptions, kind: 'listSearch' | 'loadOptions') {
	setupN8nCore();
	const typeName = options.typeName ?? `n8n-nodes-harness.${options.nodeType.description.name}`;
	const nodeTypes = new HarnessNodeTypes({ [typeName]: options.nodeType });
	const described = options.nodeType.description as { version?: number | number[]; defaultVersion?: number };
	const version =
		options.version ??
		('nodeVersions' in options.nodeType
			? options.nodeType.currentVersion
			: Array.isArray(described.version)
				? described.version[described.version.length - 1]
				: (described.version ?? 1));
	const nodeType = nodeTypes.getByNameAndVersion(typeName, version);
	const method = nodeType.methods?.[kind]?.[options.method];
	if (typeof method !== 'function') {
		throw new UnexpectedError('Node type does not have method defined', {
			tags: { nodeType: nodeType.description.name },
			extra: { methodName: options.method, kind },
		});
	}

	const credentials = options.credentials ?? [];
	const nodeCredentials: INodeCredentials = {};
	for (const credential of credentials) {
		nodeCredentials[credential.type] ??= { id: credential.id ?? null, name: credential.name ?? credential.type };
	}
	const node: INode = {
		parameters: structuredClone(options.parameters ?? {}),
		id: 'uuid-1234',
		name: 'Temp-Node',
		type: typeName,
		typeVersion: version,
		position: [0, 0],
		...(credentials.length ? { credentials: nodeCredentials } : {}),
	};
	const settings = { timezone: options.timezone ?? DEFAULT_TIMEZONE };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes, settings });
	const credentialsHelper = new HarnessCredentialsHelper(
		new HarnessCredentialTypes(options.credentialTypes),
		credentials,
	);
	const additionalData = buildAdditionalData({
		credentialsHelper,
		mode: 'internal',
		workflowData: workflowBase({ nodes: [node], connections: {}, settings }),
		// The Workflow constructor has filled in the parameters' defaults, as the editor would.
		currentNodeParameters: node.parameters,
	});
	const context = new LoadOptionsContext(
		workflow,
		workflow.getNode(node.name) ?? node,
		additionalData,
		options.path ?? 'parameters.value',
	);
	return { method, context };
}

export async function runListSearch(
	options: NodeMethodOptions & { filter?: string; paginationToken?: string },
): Promise<INodeListSearchResult> {
	const { method, context } = prepare(options, 'listSearch');
	return await (method as ListSearchMethod).call(context, options.filter, options.paginationToken);
}

export async function runLoadOptions(options: NodeMethodOptions): Promise<INodePropertyOptions[]> {
	const { method, context } = prepare(options, 'loadOptions');
	return await (method as LoadOptionsMethod).call(context);
}
