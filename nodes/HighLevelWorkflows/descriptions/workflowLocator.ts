import type { INodeProperties } from 'n8n-workflow';
import { UUID_PATTERN } from '../helpers/values';

/** The id sits after /workflow/ or /workflows/ in the builder's address, on any (white-label) domain. */
export const WORKFLOW_URL_PATTERN = `https?://[^/]+/.*workflows?/(${UUID_PATTERN})`;

export const workflowLocator: INodeProperties = {
	displayName: 'Workflow',
	name: 'workflowId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The HighLevel workflow to enroll the contact in. Draft workflows are marked in the list.',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a workflow...',
			typeOptions: {
				searchListMethod: 'searchWorkflows',
				searchable: true,
			},
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'e.g. https://app.gohighlevel.com/location/ve9EPM428h8vShlRW1KT/workflow/78559bb3-b920-461e-b010-7b2a2816d2a9',
			validation: [
				{
					type: 'regex',
					properties: {
						// n8n anchors validation patterns at both ends; the address may go on after the id.
						regex: `${WORKFLOW_URL_PATTERN}(?:[/?#].*)?`,
						errorMessage: "Paste the address of the workflow's builder page in HighLevel",
					},
				},
			],
			extractValue: { type: 'regex', regex: WORKFLOW_URL_PATTERN },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 78559bb3-b920-461e-b010-7b2a2816d2a9',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: `\\s*${UUID_PATTERN}\\s*`,
						errorMessage: 'A HighLevel workflow ID looks like 78559bb3-b920-461e-b010-7b2a2816d2a9',
					},
				},
			],
		},
	],
};
