import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

export const ALL_EVENTS = '*';
/** Deliveries whose `type` is missing or not one HighLevel's event pages name. */
export const UNLISTED_EVENTS = 'unlisted';

/**
 * The event types as HighLevel's deliveries carry them in `type` (not always the page's name:
 * AppInstall arrives as INSTALL, PlanChange as PLAN_CHANGE, the Conversation page's event as
 * ConversationUnreadUpdate). Left out: Conversation Provider - Outbound Message, which goes to a
 * provider's delivery URL with `type` SMS or Email, not to the app's webhook URL.
 */
const EVENT_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'All Events', value: ALL_EVENTS, description: 'Every event the app sends' },
	{ name: 'App Installed (INSTALL)', value: 'INSTALL', description: 'The app was installed on a sub-account or the agency' },
	{ name: 'App Plan Changed (PLAN_CHANGE)', value: 'PLAN_CHANGE', description: 'A user changed the plan of a paid app' },
	{ name: 'App Uninstalled (UNINSTALL)', value: 'UNINSTALL', description: 'The app was uninstalled from a sub-account or the agency' },
	{ name: 'Appointment Created', value: 'AppointmentCreate', description: 'Type AppointmentCreate' },
	{ name: 'Appointment Deleted', value: 'AppointmentDelete', description: "Type AppointmentDelete (HighLevel's example shows AppointmentCreate)" },
	{ name: 'Appointment Updated', value: 'AppointmentUpdate', description: "Type AppointmentUpdate (HighLevel's example shows AppointmentCreate)" },
	{ name: 'Association Created', value: 'AssociationCreate', description: 'An association between objects was created' },
	{ name: 'Association Deleted', value: 'AssociationDelete', description: 'An association between objects was deleted' },
	{ name: 'Association Updated', value: 'AssociationUpdate', description: 'An association between objects was updated' },
	{ name: 'Campaign Status Updated', value: 'CampaignStatusUpdate', description: 'Type CampaignStatusUpdate' },
	{ name: 'Contact Created', value: 'ContactCreate', description: 'Type ContactCreate' },
	{ name: 'Contact Deleted', value: 'ContactDelete', description: 'Type ContactDelete' },
	{ name: 'Contact DND Updated', value: 'ContactDndUpdate', description: "A contact's Do Not Disturb setting changed" },
	{ name: 'Contact Tag Updated', value: 'ContactTagUpdate', description: "A contact's tags changed" },
	{ name: 'Contact Updated', value: 'ContactUpdate', description: 'Type ContactUpdate' },
	{ name: 'Conversation Unread Status Updated', value: 'ConversationUnreadUpdate', description: 'Type ConversationUnreadUpdate' },
	{ name: 'Custom Object Created (ObjectSchemaCreate)', value: 'ObjectSchemaCreate', description: 'A custom object (schema) was created' },
	{ name: 'Custom Object Updated (ObjectSchemaUpdate)', value: 'ObjectSchemaUpdate', description: 'A custom object (schema) was updated' },
	{ name: 'Email Stats (LCEmailStats)', value: 'LCEmailStats', description: 'Delivery statistics of an email that was sent' },
	{ name: 'Inbound Message', value: 'InboundMessage', description: 'A contact sent a message' },
	{ name: 'Invoice Created', value: 'InvoiceCreate', description: 'Type InvoiceCreate' },
	{ name: 'Invoice Deleted', value: 'InvoiceDelete', description: 'Type InvoiceDelete' },
	{ name: 'Invoice Paid', value: 'InvoicePaid', description: 'Type InvoicePaid' },
	{ name: 'Invoice Partially Paid', value: 'InvoicePartiallyPaid', description: 'Type InvoicePartiallyPaid' },
	{ name: 'Invoice Sent', value: 'InvoiceSent', description: 'Type InvoiceSent' },
	{ name: 'Invoice Updated', value: 'InvoiceUpdate', description: 'Type InvoiceUpdate' },
	{ name: 'Invoice Voided', value: 'InvoiceVoid', description: 'Type InvoiceVoid' },
	{ name: 'Note Created', value: 'NoteCreate', description: 'Type NoteCreate' },
	{ name: 'Note Deleted', value: 'NoteDelete', description: 'Type NoteDelete' },
	{ name: 'Note Updated', value: 'NoteUpdate', description: 'Type NoteUpdate' },
	{ name: 'Opportunity Assigned To Updated', value: 'OpportunityAssignedToUpdate', description: 'Type OpportunityAssignedToUpdate' },
	{ name: 'Opportunity Created', value: 'OpportunityCreate', description: 'Type OpportunityCreate' },
	{ name: 'Opportunity Deleted', value: 'OpportunityDelete', description: 'Type OpportunityDelete' },
	{ name: 'Opportunity Monetary Value Updated', value: 'OpportunityMonetaryValueUpdate', description: 'Type OpportunityMonetaryValueUpdate' },
	{ name: 'Opportunity Stage Updated', value: 'OpportunityStageUpdate', description: 'Type OpportunityStageUpdate' },
	{ name: 'Opportunity Status Updated', value: 'OpportunityStatusUpdate', description: 'Type OpportunityStatusUpdate' },
	{ name: 'Opportunity Updated', value: 'OpportunityUpdate', description: 'Type OpportunityUpdate' },
	{ name: 'Order Created', value: 'OrderCreate', description: 'Type OrderCreate' },
	{ name: 'Order Status Updated', value: 'OrderStatusUpdate', description: 'Type OrderStatusUpdate' },
	{
		name: 'Other or Missing Type',
		value: UNLISTED_EVENTS,
		description:
			"Deliveries whose type is missing or not in this list, e.g. Price events: HighLevel's examples put the price's kind (one_time) in type",
	},
	{ name: 'Outbound Message', value: 'OutboundMessage', description: 'A user sent a message to a contact' },
	{ name: 'Price Created', value: 'PriceCreate', description: 'Type PriceCreate' },
	{ name: 'Price Deleted', value: 'PriceDelete', description: 'Type PriceDelete' },
	{ name: 'Price Updated', value: 'PriceUpdate', description: 'Type PriceUpdate' },
	{ name: 'Product Created', value: 'ProductCreate', description: 'Type ProductCreate' },
	{ name: 'Product Deleted', value: 'ProductDelete', description: 'Type ProductDelete' },
	{ name: 'Product Updated', value: 'ProductUpdate', description: 'Type ProductUpdate' },
	{ name: 'Record Created', value: 'RecordCreate', description: 'A custom object record or business was created' },
	{ name: 'Record Deleted', value: 'RecordDelete', description: 'A custom object record or business was deleted' },
	{ name: 'Record Updated', value: 'RecordUpdate', description: 'A custom object record or business was updated' },
	{ name: 'Relation Created', value: 'RelationCreate', description: 'A relation between two records was created' },
	{ name: 'Relation Deleted', value: 'RelationDelete', description: 'A relation between two records was deleted' },
	{ name: 'Sub-Account Created (LocationCreate)', value: 'LocationCreate', description: 'An agency-level event: no locationId' },
	{ name: 'Sub-Account Updated (LocationUpdate)', value: 'LocationUpdate', description: 'An agency-level event: no locationId' },
	{ name: 'Task Completed', value: 'TaskComplete', description: 'Type TaskComplete' },
	{ name: 'Task Created', value: 'TaskCreate', description: 'Type TaskCreate' },
	{ name: 'Task Deleted', value: 'TaskDelete', description: 'Type TaskDelete' },
	{ name: 'User Created', value: 'UserCreate', description: 'A user of a sub-account or of the agency was created' },
];

/** Every `type` the list names. */
export const KNOWN_EVENT_TYPES: ReadonlySet<string> = new Set(
	EVENT_TYPE_OPTIONS.map((option) => String(option.value)).filter((value) => value !== ALL_EVENTS && value !== UNLISTED_EVENTS),
);

export const eventsProperty: INodeProperties = {
	displayName: 'Events',
	name: 'events',
	type: 'multiOptions',
	options: EVENT_TYPE_OPTIONS,
	default: [ALL_EVENTS],
	required: true,
	description:
		'Which events start the workflow. The app sends only the events turned on in its settings in HighLevel; others are answered 200 and start nothing.',
};
