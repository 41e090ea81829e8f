import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import type { RequestSettings } from '../transport';
import { highLevelApiRequest } from '../transport';
import { locationIdFor } from '../transport/target';

export interface HighLevelWorkflow extends IDataObject {
	id: string;
	name: string;
	status: string;
}

/** All workflows of the credential's sub-account (HighLevel does not page this list). */
export async function listWorkflows(
	this: IExecuteFunctions | ILoadOptionsFunctions,
	itemIndex?: number,
	settings?: RequestSettings,
): Promise<HighLevelWorkflow[]> {
	const locationId = await locationIdFor(this, itemIndex);
	const body = await highLevelApiRequest.call(
		this,
		{
			method: 'GET',
			path: '/workflows/',
			qs: { locationId },
			itemIndex,
			refusal: "check the credential's Location ID",
			idempotent: true,
		},
		settings,
	);
	const workflows = Array.isArray(body.workflows) ? (body.workflows as HighLevelWorkflow[]) : [];
	return workflows.filter((workflow) => workflow && typeof workflow.id === 'string');
}
