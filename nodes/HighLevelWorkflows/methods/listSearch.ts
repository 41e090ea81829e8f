import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { listWorkflows } from '../helpers/workflows';

export { searchSubAccounts } from './subAccounts';

export async function searchWorkflows(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const needle = filter?.trim().toLowerCase() ?? '';
	const workflows = await listWorkflows.call(this);
	const results = workflows
		.filter((workflow) => !needle || `${workflow.name} ${workflow.id}`.toLowerCase().includes(needle))
		.sort((a, b) => Number(a.status === 'draft') - Number(b.status === 'draft') || a.name.localeCompare(b.name))
		.map((workflow) => ({
			name: workflow.status === 'draft' ? `${workflow.name} (draft)` : workflow.name,
			value: workflow.id,
			description:
				workflow.status === 'draft'
					? 'Draft: publish it in HighLevel first, or contacts may not run through it'
					: 'Published',
		}));
	return { results };
}
