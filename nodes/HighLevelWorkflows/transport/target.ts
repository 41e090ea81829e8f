import type { IAdditionalCredentialOptions, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { itemParameter, nodeOf } from '../helpers/itemParameter';
import type { Connection } from './connection';
import { getConnection, MARKETPLACE_APP_CREDENTIAL, PRIVATE_INTEGRATION_CREDENTIAL, requireLocationId } from './connection';
import type { LocationToken } from './locationTokens';
import { cachedLocationToken, dropLocationToken } from './locationTokens';

type Context = IExecuteFunctions | ILoadOptionsFunctions;

/** Where one request goes: which token, which sub-account, which rate-limit bucket. */
export interface Target {
	/** The sub-account; empty for the agency's own calls. */
	locationId: string;
	bucket: string;
	credentialType: string;
	credentialOptions?: IAdditionalCredentialOptions;
	/** The OAuth2 credential itself: n8n refreshes its token on a 401, and we send the Version header. */
	viaOAuth2: boolean;
	/** For a location token: forgets it after HighLevel refused it and gets a new one. */
	renew?: () => Promise<Target>;
}

export const SUB_ACCOUNT_HINT =
	'Choose the sub-account in Sub-Account, or map its Location ID, for example {{ $json.locationId }}';

/** Sub-Accounts already read in a run, per item: the expression is evaluated once, not per request. */
const readSubAccounts = new WeakMap<Context, Map<number, string>>();

/** The item's Sub-Account parameter (only the OAuth2 authentication shows it); empty when not set. */
export function readSubAccount(context: Context, itemIndex = 0): string {
	if ('getCurrentNodeParameter' in context) return subAccountText(context, context.getCurrentNodeParameter('locationId', { extractValue: true }), itemIndex);
	let known = readSubAccounts.get(context);
	const cached = known?.get(itemIndex);
	if (cached !== undefined) return cached;
	const value = subAccountText(context, itemParameter(context, 'locationId', itemIndex, '', { extractValue: true }), itemIndex);
	if (!known) {
		known = new Map();
		readSubAccounts.set(context, known);
	}
	known.set(itemIndex, value);
	return value;
}

function subAccountText(context: Context, raw: unknown, itemIndex: number): string {
	if (raw === undefined || raw === null) return '';
	if (typeof raw !== 'string' && typeof raw !== 'number') {
		throw new NodeOperationError(context.getNode(), 'Sub-Account must be a Location ID (text)', {
			itemIndex,
			description: SUB_ACCOUNT_HINT,
		});
	}
	return String(raw).trim();
}

function subAccountEmpty(context: Context, itemIndex?: number): NodeOperationError {
	return new NodeOperationError(context.getNode(), 'Sub-Account is empty', {
		itemIndex,
		description: `The credential is connected to the agency, so each item needs the sub-account to work in. ${SUB_ACCOUNT_HINT}`,
	});
}

/** The Location ID for the calls that take one: the item's sub-account with an agency token, else the credential's. */
export async function locationIdFor(context: Context, itemIndex?: number): Promise<string> {
	const connection = await getConnection(context);
	if (!connection.agency) return requireLocationId(context, connection, itemIndex);
	const wanted = readSubAccount(context, itemIndex);
	if (!wanted) throw subAccountEmpty(context, itemIndex);
	return wanted;
}

/** Requests of an agency credential that are about the agency itself (token exchange, installed list). */
export function agencyTarget(connection: Connection): Target {
	return {
		locationId: '',
		bucket: connection.bucketFor(`company:${connection.agency?.companyId}`),
		credentialType: MARKETPLACE_APP_CREDENTIAL,
		viaOAuth2: true,
	};
}

function baseTarget(connection: Connection): Target {
	return {
		locationId: connection.locationId,
		bucket: connection.bucket,
		credentialType: connection.credentialType,
		credentialOptions: connection.credentialOptions,
		viaOAuth2: connection.isOAuth2,
	};
}

/** Hands the location token to n8n as a Private Integration credential, whose `authenticate` block sends it. */
function locationTarget(connection: Connection, locationId: string, token: LocationToken, renew: () => Promise<Target>): Target {
	return {
		locationId,
		bucket: connection.bucketFor(locationId),
		credentialType: PRIVATE_INTEGRATION_CREDENTIAL,
		credentialOptions: {
			credentialsDecrypted: {
				id: connection.reference?.id ?? 'highLevelAgency',
				name: connection.reference?.name ?? 'HighLevel agency',
				type: PRIVATE_INTEGRATION_CREDENTIAL,
				data: { accessToken: token.accessToken, apiVersion: connection.apiVersion, baseUrl: connection.baseUrl, locationId },
			},
		},
		viaOAuth2: false,
		renew,
	};
}

/** Each item that had to wait for a failed exchange gets an error of its own. */
function exchangeError(context: Context, error: unknown, locationId: string, itemIndex?: number): Error {
	const cause = error as Error & { description?: string; httpCode?: string };
	const description = `${cause.message}. Check that the app is installed on this sub-account (HighLevel → Marketplace → the app → install) and that the credential has the oauth.write scope.`;
	const message = `HighLevel gave no token for sub-account ${locationId}`;
	if (error instanceof NodeApiError) {
		return new NodeApiError(context.getNode(), { message }, { message, description, httpCode: cause.httpCode ?? undefined, itemIndex });
	}
	return new NodeOperationError(context.getNode(), message, { description, itemIndex });
}

/**
 * The target of an item's request. With a sub-account token the Sub-Account must be empty or that
 * sub-account; with an agency token it is required, and the request goes with that sub-account's
 * location token, fetched through `exchange` once and then cached.
 */
export async function targetFor(
	context: Context,
	connection: Connection,
	itemIndex: number | undefined,
	exchange: (locationId: string) => Promise<LocationToken>,
): Promise<Target> {
	const wanted = connection.isOAuth2 ? readSubAccount(context, itemIndex) : '';
	const node = nodeOf(context);
	if (!connection.agency) {
		if (wanted && connection.locationId && wanted !== connection.locationId) {
			throw new NodeOperationError(node, `The credential's token belongs to sub-account ${connection.locationId}, not ${wanted}`, {
				itemIndex,
				description:
					'Leave Sub-Account empty, or connect the credential with an app installed on the agency to reach every sub-account',
			});
		}
		return baseTarget(connection);
	}
	if (!wanted) throw subAccountEmpty(context, itemIndex);
	const fetchTarget = async (): Promise<Target> => {
		let token: LocationToken;
		try {
			token = await cachedLocationToken(connection, wanted, async () => await exchange(wanted));
		} catch (error) {
			throw exchangeError(context, error, wanted, itemIndex);
		}
		let renewed = false;
		return locationTarget(connection, wanted, token, async () => {
			if (!renewed) await dropLocationToken(connection, wanted, token.accessToken);
			renewed = true;
			return await fetchTarget();
		});
	};
	return await fetchTarget();
}
