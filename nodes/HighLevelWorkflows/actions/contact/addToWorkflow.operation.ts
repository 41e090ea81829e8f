import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { contactSelector } from '../../descriptions/contactSelector';
import { runOptions } from '../../descriptions/runOptions';
import { subAccountLocator } from '../../descriptions/subAccountLocator';
import { workflowLocator } from '../../descriptions/workflowLocator';
import type { ContactSelection } from '../../helpers/contactResolver';
import { readContactSelection, resolveContact } from '../../helpers/contactResolver';
import { toIsoWithOffset } from '../../helpers/dateTime';
import type { RunSettings } from '../../helpers/settings';
import { readWorkflowId } from '../../helpers/workflowId';
import { contactItem, contactWorkflowRequest } from './contactWorkflow';

const properties: INodeProperties[] = [
	subAccountLocator,
	...contactSelector(['addToWorkflow'], { mayCreate: true }),
	workflowLocator,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Event Start Time',
				name: 'eventStartTime',
				type: 'dateTime',
				default: '',
				description:
					"Sets the workflow's event start date, which \"wait until event\" steps count from. A time without an offset is read in this workflow's time zone.",
			},
		],
	},
	runOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['addToWorkflow'] } },
	properties,
);

/** Everything an item gives, read and checked before anything is sent for it. */
export interface Input {
	workflowId: string;
	eventStartTime?: string;
	contact: ContactSelection;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Input {
	const workflowId = readWorkflowId(this, itemIndex);
	const additionalFields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const rawStart = additionalFields.eventStartTime;
	const eventStartTime =
		rawStart === undefined || rawStart === null || rawStart === ''
			? undefined
			: toIsoWithOffset(this, rawStart, 'Event Start Time', itemIndex);
	return { workflowId, eventStartTime, contact: readContactSelection(this, itemIndex, { mayCreate: true }) };
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	settings: RunSettings,
	{ workflowId, eventStartTime, contact: selection }: Input,
): Promise<INodeExecutionData[]> {
	const contact = await resolveContact(this, selection, itemIndex, settings);
	if ('skipped' in contact) return [contactItem('addToWorkflow', contact, workflowId, itemIndex)];

	const body = eventStartTime ? { eventStartTime } : {};
	await contactWorkflowRequest(this, { method: 'POST', contactId: contact.contactId, workflowId, body }, itemIndex, settings);
	return [contactItem('addToWorkflow', contact, workflowId, itemIndex, eventStartTime ? { eventStartTime } : {})];
}
