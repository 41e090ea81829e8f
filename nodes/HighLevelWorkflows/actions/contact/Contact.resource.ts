import type { INodeProperties } from 'n8n-workflow';
import * as addToWorkflow from './addToWorkflow.operation';
import * as removeFromWorkflow from './removeFromWorkflow.operation';

export { addToWorkflow, removeFromWorkflow };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		options: [
			{
				name: 'Add to Workflow',
				value: 'addToWorkflow',
				description: 'Enroll a contact in a HighLevel workflow',
				action: 'Add contact to workflow',
			},
			{
				name: 'Remove From Workflow',
				value: 'removeFromWorkflow',
				description: 'Take a contact out of a HighLevel workflow',
				action: 'Remove contact from workflow',
			},
		],
		default: 'addToWorkflow',
	},
	...addToWorkflow.description,
	...removeFromWorkflow.description,
];
