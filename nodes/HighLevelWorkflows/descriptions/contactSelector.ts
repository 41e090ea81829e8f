import type { INodeProperties } from 'n8n-workflow';

const NOT_FOUND_OPTIONS = [
	{ name: 'Stop With an Error', value: 'error', description: 'The item fails and says no contact matched' },
	{ name: 'Skip the Item', value: 'skip', description: 'The output item says it was skipped and why' },
];

/**
 * How the contact is named: by ID, or looked up by email or phone. Shared by add and remove; only an
 * operation that puts the contact somewhere (`mayCreate`) offers to create a contact that is not found.
 */
export function contactSelector(operations: string[], { mayCreate }: { mayCreate: boolean }): INodeProperties[] {
	const forOperations = { resource: ['contact'], operation: operations };
	const properties: INodeProperties[] = [
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
			description: "The contact's phone number in international form: + (or 00) and the country code",
			hint: 'For example {{ $json.phone }}',
			displayOptions: { show: { ...forOperations, contactBy: ['phone'] } },
		},
		{
			displayName: 'Default Country Code',
			name: 'defaultCountryCode',
			type: 'string',
			default: '',
			placeholder: 'e.g. +1',
			description:
				'For numbers written without + or 00: this code goes in front, so (415) 555-0123 with +1 is looked up as +14155550123. Empty: such numbers are refused. A number that starts with 0 or with the code itself is refused either way, since only the country knows whether that digit belongs to the number.',
			displayOptions: { show: { ...forOperations, contactBy: ['phone'] } },
		},
		{
			displayName: 'If Contact Not Found',
			name: 'ifNotFound',
			type: 'options',
			options: mayCreate
				? [
						...NOT_FOUND_OPTIONS,
						{ name: 'Create the Contact', value: 'create', description: 'Create the contact with this email or phone, then carry on' },
					]
				: NOT_FOUND_OPTIONS,
			default: 'error',
			displayOptions: { show: { ...forOperations, contactBy: ['email', 'phone'] } },
		},
	];
	if (!mayCreate) return properties;
	const newContactFields: INodeProperties = {
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
	};
	return [...properties, newContactFields];
}
