/**
 * Calls a node's `methods.listSearch` the way n8n's `DynamicNodeParametersService` does: a
 * one-node workflow ("Temp-Node") carrying the current parameters and credentials, and n8n-core's
 * `LoadOptionsContext` as `this`, so `this.getNodeParameter`, `this.getCurrentNodeParameter`,
 * `this.getCredentials` and `this.helpers.httpRequestWithAuthentication` behave as in the editor.
 */
import { LoadOptionsContext } from 'n8n-core';
import { UnexpectedError, Workflow } from 'n8n-workflow';
import type { ICredentialType, INode, INodeListSearchResult, INodeParameters, INodeType } from 'n8n-workflow';

import { DEFAULT_TIMEZONE, buildAdditionalData, workflowBase } from './additional-data';
import { setupN8nCore } from './container';
import { HarnessCredentialTypes } from './credential-types';
import { HarnessCredentialsHelper, nodeCredentialsOf, type HarnessCredential } from './credentials-helper';
import { HarnessNodeTypes } from './node-types';

export interface ListSearchOptions {
	nodeType: INodeType;
	/** Full type name; default `n8n-nodes-harness.<description.name>`. */
	typeName?: string;
	/** Name of the method in `methods.listSearch`. */
	method: string;
	credentialTypes?: ICredentialType[];
	/** Attached to the node (one per type) and used to resolve `getCredentials`. */
	credentials?: HarnessCredential[];
	/** The node's current parameters, as the editor sends them (defaults are added). */
	parameters?: INodeParameters;
	filter?: string;
}

export async function runListSearch(options: ListSearchOptions): Promise<INodeListSearchResult> {
	setupN8nCore();
	const typeName = options.typeName ?? `n8n-nodes-harness.${options.nodeType.description.name}`;
	const method = options.nodeType.methods?.listSearch?.[options.method];
	if (!method) throw new UnexpectedError(`The node has no methods.listSearch.${options.method}`);

	const credentials = options.credentials ?? [];
	const node: INode = {
		parameters: structuredClone(options.parameters ?? {}),
		id: 'uuid-1234',
		name: 'Temp-Node',
		type: typeName,
		typeVersion: Math.max(...[options.nodeType.description.version].flat()),
		position: [0, 0],
		credentials: nodeCredentialsOf(credentials),
	};
	const settings = { timezone: DEFAULT_TIMEZONE };
	const nodeTypes = new HarnessNodeTypes({ [typeName]: options.nodeType });
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes, settings });
	const additionalData = buildAdditionalData({
		credentialsHelper: new HarnessCredentialsHelper(new HarnessCredentialTypes(options.credentialTypes), credentials),
		mode: 'internal',
		workflowData: workflowBase({ nodes: [node], connections: {}, settings }),
		// The Workflow constructor has filled in the parameters' defaults, as the editor would.
		currentNodeParameters: node.parameters,
	});
	const context = new LoadOptionsContext(workflow, workflow.getNode(node.name) ?? node, additionalData, 'parameters.value');
	return await method.call(context, options.filter);
}
