import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { ResolvedContact } from '../../helpers/contactResolver';
import type { RunSettings } from '../../helpers/settings';
import { pathSegment } from '../../helpers/values';
import { highLevelApiRequest } from '../../transport';

/** POST (add) or DELETE (remove) /contacts/{contactId}/workflow/{workflowId}, confirmed by HighLevel. */
export async function contactWorkflowRequest(
	context: IExecuteFunctions,
	request: { method: 'POST' | 'DELETE'; contactId: string; workflowId: string; body: IDataObject },
	itemIndex: number,
	settings: RunSettings,
): Promise<void> {
	const { method, contactId, workflowId, body } = request;
	await highLevelApiRequest.call(
		context,
		{
			method,
			path: `/contacts/${pathSegment(contactId)}/workflow/${pathSegment(workflowId)}`,
			body,
			itemIndex,
			refusal: `check that contact ${contactId} exists in this sub-account and that workflow ${workflowId} is one of its workflows`,
			// Taking a contact out twice leaves it out, so a lost answer to a removal may be retried;
			// adding twice may enroll twice.
			idempotent: method === 'DELETE',
			expectConfirmation: true,
		},
		settings,
	);
}

export type ContactAction = 'addToWorkflow' | 'removeFromWorkflow';

/**
 * The one output shape of both contact operations, done or skipped: `success`, `action`,
 * `contactId` (null when skipped), `workflowId`, `contactLookup` (given, found, created or
 * notFound), `skipped`, and where they apply `reason`, the `email` or `phone` matched by, and
 * `eventStartTime`.
 */
export function contactItem(
	action: ContactAction,
	contact: ResolvedContact,
	workflowId: string,
	itemIndex: number,
	extra: IDataObject = {},
): INodeExecutionData {
	const json: IDataObject =
		'skipped' in contact
			? { success: false, action, contactId: null, workflowId, contactLookup: 'notFound', skipped: true, reason: contact.skipped }
			: { success: true, action, contactId: contact.contactId, workflowId, contactLookup: contact.lookup, skipped: false, ...extra };
	return { json: { ...json, ...contact.matchedBy }, pairedItem: { item: itemIndex } };
}
