import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { singleCallOptions } from '../../descriptions/runOptions';
import { subAccountLocator } from '../../descriptions/subAccountLocator';
import type { RunSettings } from '../../helpers/settings';
import { listWorkflows } from '../../helpers/workflows';

const properties: INodeProperties[] = [
	subAccountLocator,
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: [
			{ name: 'All', value: 'all' },
			{ name: 'Published', value: 'published' },
			{ name: 'Draft', value: 'draft' },
		],
		default: 'all',
		description: 'Which workflows to return',
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return only ID, name, status and last update instead of all fields',
	},
	singleCallOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['workflow'], operation: ['getAll'] } },
	properties,
);

/** The item's choices, read before anything is sent for it. */
export interface Input {
	status: string;
	returnAll: boolean;
	simplify: boolean;
	limit: number;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Input {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	return {
		status: this.getNodeParameter('status', itemIndex, 'all') as string,
		returnAll,
		simplify: this.getNodeParameter('simplify', itemIndex, true) as boolean,
		limit: returnAll ? 0 : (this.getNodeParameter('limit', itemIndex, 50) as number),
	};
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	settings: RunSettings,
	{ status, returnAll, simplify, limit }: Input,
): Promise<INodeExecutionData[]> {
	let workflows = await listWorkflows.call(this, itemIndex, settings);
	if (status !== 'all') workflows = workflows.filter((workflow) => workflow.status === status);
	if (!returnAll) workflows = workflows.slice(0, limit);

	return workflows.map((workflow) => {
		const json: IDataObject = simplify
			? { id: workflow.id, name: workflow.name, status: workflow.status, updatedAt: workflow.updatedAt }
			: workflow;
		return { json, pairedItem: { item: itemIndex } };
	});
}
