import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { RequestSettings } from '../transport';
import { highLevelApiRequest } from '../transport';
import { locationIdFor } from '../transport/target';
import { itemParameter } from './itemParameter';
import { hasControlCharacter, requireId, requireText } from './values';

export type ContactLookup = 'given' | 'found' | 'created';

export type ResolvedContact =
	| { contactId: string; lookup: ContactLookup; matchedBy?: IDataObject }
	| { skipped: string; matchedBy: IDataObject };

const CONTACT_ID_HINT =
	'Map the HighLevel contact ID into Contact ID, for example {{ $json.id }}, or switch Find Contact By to Email or Phone';

const PHONE_HINT =
	'Map the number in international form, such as +14155550123 (or 0014155550123), or set Default Country Code for numbers written without one';

/**
 * A phone number in E.164, the one form lookups and new contacts are sent in. Spaces, brackets, dots,
 * dashes and slashes are dropped; + or 00 starts the country code. A number without one takes the
 * Default Country Code, unless it starts with 0 (a trunk prefix, which some countries drop and some
 * keep) or with the code's own digits (already international, or not): those are refused, never guessed.
 */
export function toE164(raw: string, defaultCountryCode: string): { phone: string } | { refused: string } {
	const compact = raw.replace(/[\s().\-/]/g, '');
	const international = /^\+(\d+)$/.exec(compact)?.[1] ?? /^00(\d+)$/.exec(compact)?.[1];
	const national = international === undefined ? /^\d+$/.exec(compact)?.[0] : undefined;
	let digits = international;
	if (national !== undefined) {
		if (!defaultCountryCode) return { refused: 'has no country code' };
		if (national.startsWith('0')) return { refused: `starts with 0, which the country code ${defaultCountryCode} cannot be put in front of without knowing whether the 0 belongs to the number` };
		if (national.startsWith(defaultCountryCode)) return { refused: `already starts with ${defaultCountryCode}: it may or may not be the country code` };
		digits = `${defaultCountryCode}${national}`;
	}
	if (digits === undefined || !/^[1-9]\d{5,14}$/.test(digits)) return { refused: 'is not a phone number' };
	return { phone: `+${digits}` };
}

/** The Default Country Code parameter as digits ("+1", "1" and "001" are all 1); empty when not set. */
function readDefaultCountryCode(context: IExecuteFunctions, itemIndex: number): string {
	const raw = String(context.getNodeParameter('defaultCountryCode', itemIndex, '') ?? '').trim();
	const digits = /^(?:\+|00)?([1-9]\d{0,2})$/.exec(raw)?.[1];
	if (raw && !digits) {
		throw new NodeOperationError(context.getNode(), `Default Country Code "${raw}" is not a country code`, {
			itemIndex,
			description: 'Give the country calling code, such as +1 (USA and Canada) or +44 (United Kingdom)',
		});
	}
	return digits ?? '';
}

/** Something@something.something, with no spaces or control characters. */
function isEmail(value: string): boolean {
	return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) && !hasControlCharacter(value);
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
	const given = requireText(context, itemParameter(context, 'contactPhone', itemIndex), 'Phone', itemIndex, 'Map the phone number, for example {{ $json.phone }}');
	const phone = toE164(given, readDefaultCountryCode(context, itemIndex));
	if ('refused' in phone) {
		throw new NodeOperationError(context.getNode(), `The phone number "${given}" ${phone.refused}`, { itemIndex, description: PHONE_HINT });
	}
	return phone.phone;
}

type IfNotFound = 'error' | 'skip' | 'create';

/** If Contact Not Found; 'create' only where the operation offers it (a workflow saved before may hold it). */
function readIfNotFound(context: IExecuteFunctions, itemIndex: number, mayCreate: boolean): IfNotFound {
	const ifNotFound = context.getNodeParameter('ifNotFound', itemIndex, 'error') as IfNotFound;
	if (ifNotFound === 'create' && !mayCreate) {
		throw new NodeOperationError(context.getNode(), 'If Contact Not Found is set to Create the Contact, which Remove From Workflow does not do', {
			itemIndex,
			description: 'Set If Contact Not Found to Stop With an Error or Skip the Item: a contact that is not there is in no workflow to remove it from',
		});
	}
	return ifNotFound;
}

/** What an item gives to find its contact by, read and checked before anything is sent. */
export type ContactSelection =
	| { by: 'id'; contactId: string }
	| { by: 'email' | 'phone'; value: string; ifNotFound: IfNotFound };

/** Reads and checks Find Contact By and what it needs; sends nothing. */
export function readContactSelection(context: IExecuteFunctions, itemIndex: number, { mayCreate }: { mayCreate: boolean }): ContactSelection {
	const by = context.getNodeParameter('contactBy', itemIndex, 'id') as 'id' | 'email' | 'phone';
	if (by === 'id') {
		const contactId = requireId(context, itemParameter(context, 'contactId', itemIndex), 'Contact ID', itemIndex, CONTACT_ID_HINT);
		return { by, contactId };
	}
	const value = readLookupValue(context, itemIndex, by);
	const ifNotFound = readIfNotFound(context, itemIndex, mayCreate);
	return { by, value, ifNotFound };
}

/** The contact an item is about: its given ID, or the one found by email or phone (or created, where the selection allows it). */
export async function resolveContact(
	context: IExecuteFunctions,
	selection: ContactSelection,
	itemIndex: number,
	settings: RequestSettings,
): Promise<ResolvedContact> {
	if (selection.by === 'id') return { contactId: selection.contactId, lookup: 'given' };

	const { by, value, ifNotFound } = selection;
	const matchedBy: IDataObject = { [by]: value };
	const locationId = await locationIdFor(context, itemIndex);
	const found = await highLevelApiRequest.call(
		context,
		{
			method: 'GET',
			path: '/contacts/search/duplicate',
			qs: { locationId, [by === 'email' ? 'email' : 'number']: value },
			itemIndex,
			refusal: `check the ${by} ${value} and the sub-account's Location ID`,
			idempotent: true,
		},
		settings,
	);
	const contact = found.contact as IDataObject | null | undefined;
	if (contact && typeof contact.id === 'string' && contact.id) {
		return { contactId: contact.id, lookup: 'found', matchedBy };
	}

	if (ifNotFound === 'skip') {
		return { skipped: `No contact with ${by} ${value} in this sub-account`, matchedBy };
	}
	if (ifNotFound === 'error') {
		throw new NodeOperationError(context.getNode(), `No contact with ${by} ${value} in this sub-account`, {
			itemIndex,
			description: 'Set If Contact Not Found to Create the Contact or Skip the Item, or correct the value',
		});
	}

	// Read only when needed: an item whose contact is found does not depend on these fields.
	const fields = context.getNodeParameter('newContactFields', itemIndex, {}) as IDataObject;
	const created = await highLevelApiRequest.call(
		context,
		{
			method: 'POST',
			path: '/contacts/upsert',
			body: { locationId, [by]: value, ...fields },
			itemIndex,
			refusal: `check the ${by} ${value} and the New Contact Fields`,
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
