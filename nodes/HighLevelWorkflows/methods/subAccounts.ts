import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { highLevelApiRequest } from '../transport';
import { getConnection } from '../transport/connection';

const PAGE_SIZE = 100;

/**
 * The sub-accounts where the agency's app is installed (GET /oauth/installedLocations, which wants
 * the app id: the part of the client id before its first "-"). A sub-account token lists only its own.
 */
export async function searchSubAccounts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const connection = await getConnection(this);
	if (!connection.agency) {
		return connection.locationId
			? { results: [{ name: `This credential's sub-account (${connection.locationId})`, value: connection.locationId }] }
			: { results: [] };
	}
	const skip = Number(paginationToken) || 0;
	const query = filter?.trim();
	const answer = await highLevelApiRequest.call(this, {
		method: 'GET',
		path: '/oauth/installedLocations',
		qs: {
			companyId: connection.agency.companyId,
			appId: connection.agency.appId,
			isInstalled: true,
			skip,
			limit: PAGE_SIZE,
			...(query ? { query } : {}),
		},
		agency: true,
		refusal: "check the agency's company and the app's client ID",
		idempotent: true,
	});
	const locations = (Array.isArray(answer.locations) ? answer.locations : []) as IDataObject[];
	const results = locations
		.filter((location) => typeof location._id === 'string' && location.isInstalled !== false)
		.map((location) => ({
			name: String(location.name ?? location._id),
			value: location._id as string,
			description: typeof location.address === 'string' ? location.address : undefined,
		}));
	const count = Number(answer.count);
	const next = skip + locations.length;
	return { results, paginationToken: locations.length === PAGE_SIZE && !(next >= count) ? String(next) : undefined };
}
