import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { RequestSettings } from '../transport';
import { highLevelApiRequest } from '../transport';
import { locationIdFor } from '../transport/target';
import { itemParameter } from './itemParameter';
import { requireId, requireText } from './values';

export type ContactLookup = 'given' | 'found' | 'created';

export type ResolvedContact =
	| { contactId: string; lookup: ContactLookup; matchedBy?: IDataObject }
	| { skipped: string; matchedBy: IDataObject };

const CONTACT_ID_HINT =
	'Map the HighLevel contact ID into Contact ID, for example {{ $json.id }}, or switch Find Contact By to Email or Phone';

/** E.164 where the input says its country (+ or 00); otherwise the digits as given. */
export function normalisePhone(raw: string): string {
	const compact = raw.replace(/[\s().\-/]/g, '');
	if (/^\+\d{6,15}$/.test(compact)) return compact;
	if (/^00\d{6,15}$/.test(compact)) return `+${compact.slice(2)}`;
	return compact;
}

function isEmail(value: string): boolean {
	return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

function readLookupValue(context: IExecuteFunctions, itemIndex: number, by: 'email' | 'phone'): string {
	if (by === 'email') {
		const email = requireText(context, itemParameter(context, 'contactEmail', itemIndex), 'Email', itemIndex, 'Map the email address, for example {{ $json.email }}');
		if (!isEmail(email)) {
			throw new NodeOperationError(context.getNode(), `"${email}" is not an email address`, {
				itemIndex,
				description: 'Map a field that holds an email address such as nathan@example.com',
			});
		}
		return email.toLowerCase();
	}
	const phone = normalisePhone(
		requireText(context, itemParameter(context, 'contactPhone', itemIndex), 'Phone', itemIndex, 'Map the phone number, for example {{ $json.phone }}'),
	);
	if (!/^\+?\d{6,15}$/.test(phone)) {
		throw new NodeOperationError(context.getNode(), `"${phone}" is not a phone number`, {
			itemIndex,
			description: 'Use digits, best in international form such as +14155550123',
		});
	}
	return phone;
}

/** The contact an item is about: its given ID, or the one found (or created) by email or phone. */
export async function resolveContact(
	context: IExecuteFunctions,
	itemIndex: number,
	settings: RequestSettings,
): Promise<ResolvedContact> {
	const by = context.getNodeParameter('contactBy', itemIndex, 'id') as 'id' | 'email' | 'phone';
	if (by === 'id') {
		const contactId = requireId(context, itemParameter(context, 'contactId', itemIndex), 'Contact ID', itemIndex, CONTACT_ID_HINT);
		return { contactId, lookup: 'given' };
	}

	const value = readLookupValue(context, itemIndex, by);
	const matchedBy: IDataObject = { [by]: value };
	const locationId = await locationIdFor(context, itemIndex);
	const found = await highLevelApiRequest.call(
		context,
		{
			method: 'GET',
			path: '/contacts/search/duplicate',
			qs: { locationId, [by === 'email' ? 'email' : 'number']: value },
			itemIndex,
			what: `the contact with ${by} ${value}`,
			idempotent: true,
		},
		settings,
	);
	const contact = found.contact as IDataObject | null | undefined;
	if (contact && typeof contact.id === 'string' && contact.id) {
		return { contactId: contact.id, lookup: 'found', matchedBy };
	}

	const ifNotFound = context.getNodeParameter('ifNotFound', itemIndex, 'error') as 'error' | 'skip' | 'create';
	if (ifNotFound === 'skip') {
		return { skipped: `No contact with ${by} ${value} in this sub-account`, matchedBy };
	}
	if (ifNotFound === 'error') {
		throw new NodeOperationError(context.getNode(), `No contact with ${by} ${value} in this sub-account`, {
			itemIndex,
			description: 'Set If Contact Not Found to Create the Contact or Skip the Item, or correct the value',
		});
	}

	const fields = context.getNodeParameter('newContactFields', itemIndex, {}) as IDataObject;
	const created = await highLevelApiRequest.call(
		context,
		{
			method: 'POST',
			path: '/contacts/upsert',
			body: { locationId, [by]: value, ...fields },
			itemIndex,
			what: `a contact with ${by} ${value}`,
			// An upsert by email or phone gives the same contact however often it is sent.
			idempotent: true,
		},
		settings,
	);
	const createdContact = created.contact as IDataObject | undefined;
	if (!createdContact || typeof createdContact.id !== 'string') {
		throw new NodeOperationError(context.getNode(), 'HighLevel did not return the new contact', {
			itemIndex,
			description: 'Run the item again; the contact is matched by its email or phone, so no duplicate is made',
		});
	}
	return { contactId: createdContact.id, lookup: created.new === false ? 'found' : 'created', matchedBy };
}
