import { randomUUID } from 'node:crypto';

import type { AgencyDesk } from './agency';
import { INVENTED, errors, json, type JsonReply } from './replies';
import type { SandboxState } from './state';
import { TEXT_FIELDS, type Contact, type Scope, type TokenGrant } from './types';
import { isIsoWithOffset } from './dateTime';

/**
 * HighLevel's routes the sandbox serves: method, path pattern (`:name` is one decoded segment),
 * name and the scope a token needs.
 */
const ROUTES = [
	['POST', 'contacts/:contactId/workflow/:workflowId', 'addToWorkflow', 'contacts.write'],
	['DELETE', 'contacts/:contactId/workflow/:workflowId', 'removeFromWorkflow', 'contacts.write'],
	['GET', 'workflows', 'listWorkflows', 'workflows.readonly'],
	['GET', 'contacts/search/duplicate', 'findDuplicate', 'contacts.readonly'],
	['POST', 'contacts/upsert', 'upsertContact', 'contacts.write'],
	['GET', 'contacts/:contactId', 'getContact', 'contacts.readonly'],
	['GET', 'locations/:locationId', 'getLocation', 'locations.readonly'],
	['POST', 'oauth/locationToken', 'locationToken', 'oauth.write'],
	['GET', 'oauth/installedLocations', 'installedLocations', 'oauth.readonly'],
] as const;

export type RouteName = (typeof ROUTES)[number][2];

export interface RouteMatch {
	name: RouteName;
	scope: Scope;
	contactId?: string;
	workflowId?: string;
	/** The location named in the path (GET /locations/:locationId). */
	locationId?: string;
}

/** Routes for agency (Company) tokens only; every other route is for sub-account tokens only. */
export const AGENCY_ROUTES: ReadonlySet<RouteName> = new Set<RouteName>(['locationToken', 'installedLocations']);

/** The routes a fault can be set for (POST /__sandbox/config `routeFaults`). */
export const ROUTE_NAMES: readonly RouteName[] = ROUTES.map((route) => route[2]).filter((name) => !AGENCY_ROUTES.has(name));

/** The Version every route's OpenAPI file (openapi/apps/*.json) allows; an unknown path takes any of API_VERSIONS (and is a 404). */
export const ROUTE_VERSIONS: readonly string[] = ['2021-07-28'];

/** A segment that does not decode stays as it is: an id with a `%` is never found. */
function decodeSegment(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

/**
 * Matches the raw path one segment at a time, as Express does: literal segments compare
 * undecoded, each id is decoded from exactly one segment, one trailing slash is allowed.
 */
export function matchRoute(method: string, rawPath: string): RouteMatch | null {
	if (!rawPath.startsWith('/')) return null;
	const segments = rawPath.slice(1).split('/');
	if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
	if (segments.some((segment) => segment === '')) return null;
	for (const [routeMethod, pattern, name, scope] of ROUTES) {
		const parts = pattern.split('/');
		if (routeMethod !== method || parts.length !== segments.length) continue;
		if (!parts.every((part, index) => part.startsWith(':') || part === segments[index])) continue;
		const ids = parts.flatMap((part, index) => (part.startsWith(':') ? [[part.slice(1), decodeSegment(segments[index])]] : []));
		return { name, scope, ...Object.fromEntries(ids) } as RouteMatch;
	}
	return null;
}

export interface RouteContext {
	grant: TokenGrant;
	query: URLSearchParams;
	/** The parsed JSON body; `{}` when there was none or it was not sent as JSON. */
	body: unknown;
	state: SandboxState;
	agency: AgencyDesk;
	/** The body as a form, for form-encoded requests. */
	form: URLSearchParams;
	now: number;
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** The locationId a request names, from the query, the body or the path. */
export function requestedLocation(match: RouteMatch, query: URLSearchParams, body: unknown): string | undefined {
	const fromQuery = query.get('locationId');
	if (fromQuery) return fromQuery;
	if (isObject(body) && typeof body.locationId === 'string' && body.locationId !== '') return body.locationId;
	return match.locationId;
}

/** What each route does once the caller is let through. */
const HANDLERS: Record<RouteName, (match: RouteMatch, ctx: RouteContext) => JsonReply> = {
	addToWorkflow: contactWorkflow,
	removeFromWorkflow: contactWorkflow,
	listWorkflows,
	findDuplicate,
	upsertContact,
	getContact,
	getLocation: (_, ctx) => json(200, { location: ctx.state.location(ctx.grant.locationId) }),
	locationToken: (_, ctx) => ctx.agency.locationToken(ctx.grant, ctx.form, ctx.now),
	installedLocations: (_, ctx) => ctx.agency.installedLocations(ctx.grant, ctx.query),
};

export const runRoute = (match: RouteMatch, ctx: RouteContext): JsonReply => HANDLERS[match.name](match, ctx);

function contactWorkflow(match: RouteMatch, ctx: RouteContext): JsonReply {
	const contactId = match.contactId ?? '';
	const workflowId = match.workflowId ?? '';
	const body = isObject(ctx.body) ? ctx.body : {};
	// Validation (422) runs before the lookups (400), as in a NestJS pipe.
	const eventStartTime = body.eventStartTime ?? null;
	if (eventStartTime !== null && (typeof eventStartTime !== 'string' || !isIsoWithOffset(eventStartTime))) {
		return errors.unprocessable([INVENTED.eventStartTime]);
	}
	if (ctx.state.contactElsewhere(ctx.grant.locationId, contactId)) return errors.forbiddenLocation();
	// Contacts exist only when seeded or created: any other id is HighLevel's 400.
	if (!ctx.state.findContact(ctx.grant.locationId, contactId)) return errors.badRequest(INVENTED.contactNotFound);
	if (!ctx.state.findWorkflow(ctx.grant.locationId, workflowId)) return errors.badRequest(INVENTED.workflowNotFound);

	if (match.name === 'addToWorkflow') {
		ctx.state.enrolments.push({
			contactId,
			workflowId,
			...(typeof eventStartTime === 'string' ? { eventStartTime } : {}),
			at: ctx.now,
		});
	} else {
		ctx.state.removals.push({ contactId, workflowId, at: ctx.now });
	}
	return json(200, { succeded: true });
}

function listWorkflows(_: RouteMatch, ctx: RouteContext): JsonReply {
	if (!ctx.query.get('locationId')) return errors.unprocessable(INVENTED.locationIdMissing);
	return json(200, { workflows: ctx.state.workflowsOf(ctx.grant.locationId) });
}

function findDuplicate(_: RouteMatch, ctx: RouteContext): JsonReply {
	if (!ctx.query.get('locationId')) return errors.unprocessable(INVENTED.locationIdMissing);
	const locationId = ctx.grant.locationId;
	const email = ctx.query.get('email');
	const number = ctx.query.get('number');
	// An unencoded `+` arrives as a space and so matches nothing.
	const contact = email ? ctx.state.findBy('email', locationId, email) : number ? ctx.state.findBy('phone', locationId, number) : undefined;
	return json(200, { contact: contact ?? null });
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{5,14}$/;

function upsertContact(_: RouteMatch, ctx: RouteContext): JsonReply {
	const body = isObject(ctx.body) ? ctx.body : {};
	if (typeof body.locationId !== 'string' || body.locationId === '') return errors.unprocessable(INVENTED.locationIdMissing);

	const problems: string[] = [];
	const email = body.email ?? null;
	if (email !== null && (typeof email !== 'string' || !EMAIL.test(email))) problems.push('email must be an email');
	const rawPhone = body.phone ?? null;
	// Stored exactly as sent; E.164 alone is accepted, the harsher reading of what HighLevel leaves unsaid.
	const phone = typeof rawPhone === 'string' && E164.test(rawPhone) ? rawPhone : null;
	if (rawPhone !== null && phone === null) problems.push(INVENTED.phoneFormat);
	if (problems.length === 0 && email === null && rawPhone === null) problems.push(INVENTED.emailOrPhone);
	const fields: Partial<Contact> = {};
	for (const field of TEXT_FIELDS) {
		const value = body[field];
		if (typeof value === 'string' || value === null) fields[field] = value;
		else if (value !== undefined) problems.push(`${field} must be a string`);
	}
	const tags = body.tags;
	if (tags !== undefined && (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string'))) {
		problems.push('each value in tags must be a string');
	}
	if (problems.length > 0) return errors.unprocessable(problems);

	if (typeof email === 'string') fields.email = email;
	if (phone !== null) fields.phone = phone;
	if (Array.isArray(tags)) fields.tags = tags as string[];
	if (typeof body.dnd === 'boolean') fields.dnd = body.dnd;

	const locationId = ctx.grant.locationId;
	const nowIso = new Date(ctx.now).toISOString();
	const existing =
		(typeof email === 'string' ? ctx.state.findBy('email', locationId, email) : undefined) ??
		(phone !== null ? ctx.state.findBy('phone', locationId, phone) : undefined);
	if (existing) {
		const contact = ctx.state.updateContact(existing, { ...fields, dateUpdated: nowIso });
		return json(200, { new: false, contact, traceId: randomUUID() });
	}
	const contact = ctx.state.createContact({
		locationId,
		firstName: null,
		lastName: null,
		email: null,
		phone: null,
		tags: [],
		source: 'public api',
		dateAdded: nowIso,
		dateUpdated: nowIso,
		...fields,
		name: fields.name ?? ([fields.firstName, fields.lastName].filter(Boolean).join(' ') || null),
	});
	return json(200, { new: true, contact, traceId: randomUUID() });
}

function getContact(match: RouteMatch, ctx: RouteContext): JsonReply {
	const contactId = match.contactId ?? '';
	if (ctx.state.contactElsewhere(ctx.grant.locationId, contactId)) return errors.forbiddenLocation();
	const contact = ctx.state.findContact(ctx.grant.locationId, contactId);
	return contact ? json(200, { contact }) : errors.badRequest(INVENTED.contactNotFound);
}
