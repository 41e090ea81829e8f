import type { INodeProperties } from 'n8n-workflow';

/** How the contact is named: by ID, or looked up by email or phone. Shared by add and remove. */
export function contactSelector(operations: string[]): INodeProperties[] {
	const forOperations = { resource: ['contact'], operation: operations };
	return [
		{
			displayName: 'Find Contact By',
			name: 'contactBy',
			type: 'options',
			options: [
				{ name: 'Contact ID', value: 'id', description: 'The item names the contact by its HighLevel ID' },
				{ name: 'Email', value: 'email', description: 'Look the contact up by email address' },
				{ name: 'Phone', value: 'phone', description: 'Look the contact up by phone number' },
			],
			default: 'id',
			displayOptions: { show: forOperations },
		},
		{
			displayName: 'Contact ID',
			name: 'contactId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. sx6wyHhbFdRXh302LLNR',
			description: 'The HighLevel contact to act on, usually mapped from the incoming item',
			hint: 'Map it with an expression such as {{ $json.id }} or {{ $json.contactId }}',
			displayOptions: { show: { ...forOperations, contactBy: ['id'] } },
		},
		{
			displayName: 'Email',
			name: 'contactEmail',
			type: 'string',
			placeholder: 'e.g. nathan@example.com',
			required: true,
			default: '',
			description: "The contact's email address",
			hint: 'For example {{ $json.email }}',
			displayOptions: { show: { ...forOperations, contactBy: ['email'] } },
		},
		{
			displayName: 'Phone',
			name: 'contactPhone',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. +14155550123',
			description: "The contact's phone number, best in international form (+ and country code)",
			hint: 'For example {{ $json.phone }}',
			displayOptions: { show: { ...forOperations, contactBy: ['phone'] } },
		},
		{
			displayName: 'If Contact Not Found',
			name: 'ifNotFound',
			type: 'options',
			options: [
				{ name: 'Stop With an Error', value: 'error', description: 'The item fails and says no contact matched' },
				{ name: 'Skip the Item', value: 'skip', description: 'The output item says it was skipped and why' },
				{
					name: 'Create the Contact',
					value: 'create',
					description: 'Create the contact with this email or phone, then carry on',
				},
			],
			default: 'error',
			displayOptions: { show: { ...forOperations, contactBy: ['email', 'phone'] } },
		},
		{
			displayName: 'New Contact Fields',
			name: 'newContactFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'Used only when the contact has to be created',
			displayOptions: { show: { ...forOperations, contactBy: ['email', 'phone'], ifNotFound: ['create'] } },
			options: [
				{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
				{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
			],
		},
	];
}
