import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import type { ResolvedContact } from '../../helpers/contactResolver';

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
