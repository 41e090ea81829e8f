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
			what: `contact ${contactId} or workflow ${workflowId}`,
			// Taking a contact out twice leaves it out, so a lost answer to a removal may be retried;
			// adding twice may enrol twice.
			idempotent: method === 'DELETE',
			expectConfirmation: true,
		},
		settings,
	);
}

/** For contacts found by email or phone: how the contact was found, and by what. */
export function contactOutcome(contact: Exclude<ResolvedContact, { skipped: string }>): IDataObject {
	return contact.lookup === 'given' ? {} : { contactLookup: contact.lookup, ...contact.matchedBy };
}

export function skippedItem(
	contact: Extract<ResolvedContact, { skipped: string }>,
	workflowId: string,
	itemIndex: number,
): INodeExecutionData {
	return {
		json: { success: false, skipped: true, reason: contact.skipped, workflowId, ...contact.matchedBy },
		pairedItem: { item: itemIndex },
	};
}
