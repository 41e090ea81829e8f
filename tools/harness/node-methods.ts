/**
 * Calls a node's `methods.listSearch` the way n8n's `DynamicNodeParametersService` does: a
 * one-node workflow ("Temp-Node") carrying the current parameters and credentials, and n8n-core's
 * `LoadOptionsContext` as `this`, so `this.getNodeParameter`, `this.getCurrentNodeParameter`,
 * `this.getCredentials` and `this.helpers.httpRequestWithAuthentication` behave as in the editor.
 */
import { LoadOptionsContext } from 'n8n-core';
import { UnexpectedError, Workflow } from 'n8n-workflow';
import type { INodeListSearchResult } from 'n8n-workflow';

import { DEFAULT_TIMEZONE, buildAdditionalData, oneNode, workflowBase, type OneNodeOptions } from './additional-data';
import { setupN8nCore } from './container';

export interface ListSearchOptions extends OneNodeOptions {
	/** Name of the method in `methods.listSearch`. */
	method: string;
	filter?: string;
}

export async function runListSearch(options: ListSearchOptions): Promise<INodeListSearchResult> {
	setupN8nCore();
	const method = options.nodeType.methods?.listSearch?.[options.method];
	if (!method) throw new UnexpectedError(`The node has no methods.listSearch.${options.method}`);

	const { node, nodeTypes, credentialsHelper } = oneNode(options, { id: 'uuid-1234', name: 'Temp-Node' });
	const settings = { timezone: DEFAULT_TIMEZONE };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes, settings });
	const additionalData = buildAdditionalData({
		credentialsHelper,
		mode: 'internal',
		workflowData: workflowBase({ nodes: [node], connections: {}, settings }),
		// The Workflow constructor has filled in the parameters' defaults, as the editor would.
		currentNodeParameters: node.parameters,
	});
	const context = new LoadOptionsContext(workflow, workflow.getNode(node.name) ?? node, additionalData, 'parameters.value');
	return await method.call(context, options.filter);
}
