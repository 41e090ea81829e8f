import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import * as contact from './actions/contact/Contact.resource';
import { router } from './actions/router';
import * as workflow from './actions/workflow/Workflow.resource';
import { listSearch } from './methods';
import { MARKETPLACE_APP_CREDENTIAL, PRIVATE_INTEGRATION_CREDENTIAL } from './transport/connection';

export class HighLevelWorkflows implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HighLevel Workflows',
		name: 'highLevelWorkflows',
		icon: { light: 'file:highLevel.svg', dark: 'file:highLevel.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ { addToWorkflow: "Add to workflow", removeFromWorkflow: "Remove from workflow", getAll: "Get many workflows" }[$parameter["operation"]] }}',
		description: 'Add HighLevel contacts to workflows, take them out, and list workflows',
		defaults: { name: 'HighLevel Workflows' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: PRIVATE_INTEGRATION_CREDENTIAL,
				required: true,
				displayOptions: { show: { authentication: ['privateIntegration'] } },
			},
			{
				name: MARKETPLACE_APP_CREDENTIAL,
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'Private Integration Token', value: 'privateIntegration' },
					{ name: 'OAuth2 (Marketplace App)', value: 'oAuth2' },
				],
				default: 'privateIntegration',
			},
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Contact', value: 'contact' },
					{ name: 'Workflow', value: 'workflow' },
				],
				default: 'contact',
			},
			...contact.description,
			...workflow.description,
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
