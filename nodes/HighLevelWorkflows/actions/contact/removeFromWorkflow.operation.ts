import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { contactSelector } from '../../descriptions/contactSelector';
import { runOptions } from '../../descriptions/runOptions';
import { subAccountLocator } from '../../descriptions/subAccountLocator';
import { workflowLocator } from '../../descriptions/workflowLocator';
import type { ContactSelection } from '../../helpers/contactResolver';
import { readContactSelection, resolveContact } from '../../helpers/contactResolver';
import type { RunSettings } from '../../helpers/settings';
import { readWorkflowId } from '../../helpers/workflowId';
import { contactItem, contactWorkflowRequest } from './contactWorkflow';

const properties: INodeProperties[] = [
	subAccountLocator,
	...contactSelector(['removeFromWorkflow'], { mayCreate: false }),
	{ ...workflowLocator, description: 'The HighLevel workflow to take the contact out of' },
	runOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['removeFromWorkflow'] } },
	properties,
);

/** Everything an item gives, read and checked before anything is sent for it. */
export interface Input {
	workflowId: string;
	contact: ContactSelection;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Input {
	return { workflowId: readWorkflowId(this, itemIndex), contact: readContactSelection(this, itemIndex, { mayCreate: false }) };
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	settings: RunSettings,
	{ workflowId, contact: selection }: Input,
): Promise<INodeExecutionData[]> {
	const contact = await resolveContact(this, selection, itemIndex, settings);
	if ('skipped' in contact) return [contactItem('removeFromWorkflow', contact, workflowId, itemIndex)];

	await contactWorkflowRequest(this, { method: 'DELETE', contactId: contact.contactId, workflowId, body: {} }, itemIndex, settings);
	return [contactItem('removeFromWorkflow', contact, workflowId, itemIndex)];
}
