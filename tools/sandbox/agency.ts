import { createHash, randomUUID } from 'node:crypto';

import { bareContact, DEFAULT_SCOPES, INSTALLING_USER_ID } from './fixtures';
import { errors, INVENTED, json, type JsonReply } from './replies';
import type { Contact, Location, Scope, TokenGrant, Workflow } from './types';

/**
 * A marketplace app installed on an agency (Company): its OAuth tokens are Company tokens, which
 * POST /oauth/locationToken turns into tokens for the sub-accounts where the app is installed.
 */
export interface AgencyOptions {
	companyId: string;
	/** HighLevel client ids read `<appId>-<suffix>`. */
	clientId: string;
	clientSecret: string;
	scopes: Scope[];
	/** The company's sub-accounts; only `installed` ones get location tokens. */
	locations: Array<{ id: string; name: string; installed: boolean }>;
	/** Seeded in each installed sub-account (ids from agencyContactId). Default 5. */
	contactsPerLocation?: number;
	/** `expires_in` of location tokens. Default 86399. */
	locationTokenTtlSeconds?: number;
}

export const DEFAULT_AGENCY: AgencyOptions = {
	companyId: 'sandboxCompany00001',
	clientId: '6578278e879ad2646715ba9c-sandboxagency',
	clientSecret: 'sandbox-agency-secret',
	scopes: [...DEFAULT_SCOPES, 'oauth.write', 'oauth.readonly'],
	locations: [
		{ id: 'sandboxDental000002', name: 'Bright Smile Dental', installed: true },
		{ id: 'sandboxGym000000003', name: 'Iron Peak Gym', installed: true },
		{ id: 'sandboxBakery000004', name: 'Corner Bakery', installed: true },
		{ id: 'sandboxNoApp0000005', name: 'Harbor Law (app not installed)', installed: false },
	],
};

export const appIdOf = (clientId: string): string => clientId.split('-')[0];

/** Sub-account `index` (0-based) of a generated agency, for large runs. */
export const generatedLocationId = (index: number): string => `subAccount${String(index).padStart(9, '0')}`;

export function generatedAgency(locations: number, contactsPerLocation = 5): AgencyOptions {
	return {
		...DEFAULT_AGENCY,
		contactsPerLocation,
		locations: Array.from({ length: locations }, (_, index) => ({
			id: generatedLocationId(index),
			name: `Sub-Account ${index + 1}`,
			installed: true,
		})),
	};
}

const digest = (...parts: string[]): string => createHash('sha256').update(parts.join('|')).digest('hex');

/** The published workflow seeded in each installed sub-account of an agency. */
export function agencyWorkflowId(locationId: string): string {
	const hex = digest('workflow', locationId);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Contact `index` seeded in an installed sub-account: 20 letters and digits, like HighLevel's. */
export function agencyContactId(locationId: string, index: number): string {
	return `c${digest('contact', locationId, String(index)).slice(0, 19)}`;
}

/** The locations, workflows and contacts an agency adds to the sandbox's seed. */
export function agencySeed(agency: AgencyOptions): { locations: Location[]; workflows: Workflow[]; contacts: Contact[] } {
	const seed = { locations: [] as Location[], workflows: [] as Workflow[], contacts: [] as Contact[] };
	for (const { id, name, installed } of agency.locations) {
		seed.locations.push({ id, name, timezone: 'America/New_York' });
		if (!installed) continue;
		const at = '2024-01-01T00:00:00.000Z';
		seed.workflows.push({ id: agencyWorkflowId(id), name: 'New Lead Nurture', status: 'published', version: 1, createdAt: at, updatedAt: at, locationId: id });
		for (let index = 0; index < (agency.contactsPerLocation ?? 5); index++) {
			seed.contacts.push({ ...bareContact(agencyContactId(id, index), id), source: null, dateAdded: at, dateUpdated: at });
		}
	}
	return seed;
}

export const companyGrant = (agency: AgencyOptions): TokenGrant => ({
	locationId: '',
	companyId: agency.companyId,
	userType: 'Company',
	appId: appIdOf(agency.clientId),
	scopes: [...agency.scopes],
});

const COMPANY_ID_MESSAGES = ['companyId should not be empty', 'companyId must be a string'];

/** The agency side of HighLevel: location tokens and the list of installed sub-accounts. */
export class AgencyDesk {
	private readonly agencies = new Map<string, AgencyOptions>();
	/** The grants of the location tokens handed out, so tests can expire them. */
	private readonly issued: TokenGrant[] = [];

	constructor(private readonly addToken: (token: string, grant: TokenGrant) => void) {}

	add(agency: AgencyOptions): void {
		this.agencies.set(agency.companyId, agency);
	}

	/** The token's agency when `params` name it and `other`; otherwise the 422 for what is missing, or a 401. */
	private agencyOf(grant: TokenGrant, params: URLSearchParams, other: string, otherMissing: readonly string[]): AgencyOptions | JsonReply {
		const problems = [...(params.get('companyId') ? [] : COMPANY_ID_MESSAGES), ...(params.get(other) ? [] : otherMissing)];
		if (problems.length > 0) return errors.unprocessable(problems);
		const agency = this.agencies.get(grant.companyId ?? '');
		if (grant.userType === 'Company' && agency?.companyId === params.get('companyId')) return agency;
		return errors.unauthorized('The token does not have access to this company');
	}

	/** POST /oauth/locationToken, form-encoded `companyId` and `locationId`, with a Company token. */
	locationToken(grant: TokenGrant, form: URLSearchParams, now: number): JsonReply {
		const agency = this.agencyOf(grant, form, 'locationId', INVENTED.locationIdMissing);
		if ('type' in agency) return agency;
		const location = agency.locations.find((candidate) => candidate.id === form.get('locationId'));
		// HighLevel documents no answer for this; a 400 is the harsher reading of "cannot be done".
		if (!location?.installed) return errors.badRequest('The app is not installed on this location');
		const token = `oauth-location-${randomUUID()}`;
		const ttl = agency.locationTokenTtlSeconds ?? 86_399;
		const locationGrant: TokenGrant = { locationId: location.id, appId: grant.appId, userType: 'Location', companyId: agency.companyId, scopes: agency.scopes.filter((scope) => !scope.startsWith('oauth.')), expiresAt: now + ttl * 1000 };
		this.addToken(token, locationGrant);
		this.issued.push(locationGrant);
		return json(200, {
			access_token: token,
			token_type: 'Bearer',
			expires_in: ttl,
			scope: agency.scopes.join(' '),
			locationId: location.id,
			userId: INSTALLING_USER_ID,
			appId: grant.appId ?? '',
		});
	}

	/** GET /oauth/installedLocations?companyId=&appId=[&isInstalled=true&query=&skip=&limit=]. */
	installedLocations(grant: TokenGrant, query: URLSearchParams): JsonReply {
		const agency = this.agencyOf(grant, query, 'appId', ['appId should not be empty']);
		if ('type' in agency) return agency;
		if (query.get('appId') !== grant.appId) return errors.badRequest('App not found');
		const needle = (query.get('query') ?? '').toLowerCase();
		const onlyInstalled = query.get('isInstalled') === 'true';
		const matching = agency.locations.filter((location) => (!onlyInstalled || location.installed) && location.name.toLowerCase().includes(needle));
		const skip = Number(query.get('skip') ?? 0) || 0;
		const limit = Number(query.get('limit') ?? 20) || 20;
		return json(200, {
			locations: matching.slice(skip, skip + limit).map((location) => ({
				_id: location.id,
				name: location.name,
				address: `${location.name}, 1 Main St`,
				isInstalled: location.installed,
			})),
			count: matching.length,
			installToFutureLocations: false,
		});
	}

	/** Makes every location token handed out so far expired. */
	expireLocationTokens(): void {
		for (const grant of this.issued) grant.expiresAt = 0;
		this.issued.length = 0;
	}
}
