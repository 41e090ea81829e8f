import { createHash } from 'crypto';
import type {
	IAdditionalCredentialOptions,
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { DEFAULT_API_VERSION, DEFAULT_BASE_URL, isPlainHttpToAnotherHost, PLAIN_HTTP_MESSAGE } from '../../../credentials/common';

export const PRIVATE_INTEGRATION_CREDENTIAL = 'highLevelPrivateIntegrationApi';
export const MARKETPLACE_APP_CREDENTIAL = 'highLevelMarketplaceOAuth2Api';

/** The credential type behind the node's Authentication parameter. */
function credentialTypeFor(authentication: string): string {
	return authentication === 'oAuth2' ? MARKETPLACE_APP_CREDENTIAL : PRIVATE_INTEGRATION_CREDENTIAL;
}

/** What every request needs to know about the credential, read once per node run. */
export interface Connection {
	credentialType: string;
	isOAuth2: boolean;
	baseUrl: string;
	apiVersion: string;
	locationId: string;
	/** Names the rate-limit bucket: HighLevel counts per integration (or app) and location. */
	bucket: string;
	/** The bucket of the same app in another sub-account, or in the agency itself (`company:<id>`). */
	bucketFor: (resource: string) => string;
	/** Set when the OAuth token is an agency (Company) token: it works through location tokens. */
	agency?: { companyId: string; appId: string };
	/** Names the stored credential, for the location-token credentials handed to n8n. */
	reference?: { id: string; name: string };
	/**
	 * Hands the token credential, read once per run, to every request, so n8n does not load and
	 * decrypt it again for each item. OAuth2 requests read theirs, since n8n refreshes the token.
	 */
	credentialOptions?: IAdditionalCredentialOptions;
}

type Context = IExecuteFunctions | ILoadOptionsFunctions;
/** Any n8n context that names its node, for errors. */
type NodeContext = Pick<IExecuteFunctions, 'getNode'>;

const connections = new WeakMap<Context, Promise<Connection>>();

export function checkBaseUrl(context: NodeContext, raw: string): string {
	const value = raw.trim().replace(/\/+$/, '');
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new NodeOperationError(context.getNode(), `The Base URL "${value}" is not a valid URL`, {
			description: `Set the credential's Base URL to ${DEFAULT_BASE_URL}`,
		});
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new NodeOperationError(context.getNode(), `The Base URL must start with https://, not ${url.protocol}//`, {
			description: `Set the credential's Base URL to ${DEFAULT_BASE_URL}`,
		});
	}
	if (isPlainHttpToAnotherHost(value)) {
		throw new NodeOperationError(context.getNode(), PLAIN_HTTP_MESSAGE, {
			description: `Use https:// (HighLevel's API is ${DEFAULT_BASE_URL}); plain http is allowed only for localhost`,
		});
	}
	if (url.search || url.hash) {
		throw new NodeOperationError(context.getNode(), 'The Base URL must not contain ? or #', {
			description: `Set the credential's Base URL to ${DEFAULT_BASE_URL}`,
		});
	}
	return value;
}

/** The credential's Base URL, checked, with the default host where it is empty. */
export function credentialBaseUrl(context: NodeContext, credentials: IDataObject): string {
	return checkBaseUrl(context, String(credentials.baseUrl ?? '').trim() || DEFAULT_BASE_URL);
}

/** HighLevel client ids read `<appId>-<suffix>`; /oauth/installedLocations wants the app id. */
export function appIdOf(clientId: string): string {
	return clientId.trim().split('-')[0];
}

function fingerprint(...parts: string[]): string {
	return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 24);
}

async function readConnection(context: Context): Promise<Connection> {
	const authentication =
		'getCurrentNodeParameter' in context
			? context.getCurrentNodeParameter('authentication')
			: context.getNodeParameter('authentication', 0, 'privateIntegration');
	const credentialType = credentialTypeFor(String(authentication ?? 'privateIntegration'));
	const credentials = await context.getCredentials(credentialType);
	const isOAuth2 = credentialType === MARKETPLACE_APP_CREDENTIAL;
	const tokenData = (credentials.oauthTokenData ?? {}) as IDataObject;
	const locationId = String(
		(credentials.locationId as string | undefined)?.trim() || tokenData.locationId || '',
	);
	const baseUrl = credentialBaseUrl(context, credentials);
	const bucketFor = (resource: string) =>
		isOAuth2
			? fingerprint('oauth2', String(credentials.clientId ?? ''), resource, baseUrl)
			: fingerprint('pit', String(credentials.accessToken ?? ''), resource, baseUrl);
	const reference = context.getNode().credentials?.[credentialType];
	const isAgency = isOAuth2 && tokenData.userType === 'Company';
	return {
		credentialType,
		isOAuth2,
		baseUrl,
		apiVersion: String(credentials.apiVersion || DEFAULT_API_VERSION),
		locationId: isAgency ? '' : locationId,
		bucket: bucketFor(locationId),
		bucketFor,
		agency: isAgency
			? { companyId: String(tokenData.companyId ?? ''), appId: appIdOf(String(credentials.clientId ?? '')) }
			: undefined,
		reference: reference?.id ? { id: reference.id, name: reference.name } : undefined,
		credentialOptions:
			isOAuth2 || !reference?.id
				? undefined
				: { credentialsDecrypted: { id: reference.id, name: reference.name, type: credentialType, data: credentials } },
	};
}

export async function getConnection(context: Context): Promise<Connection> {
	let connection = connections.get(context);
	if (!connection) {
		connection = readConnection(context);
		connections.set(context, connection);
		connection.catch(() => connections.delete(context));
	}
	return await connection;
}

/** The Location ID, for the calls that take one; a clear error where the credential has none. */
export function requireLocationId(context: Context, connection: Connection, itemIndex?: number): string {
	if (connection.locationId) return connection.locationId;
	throw new NodeOperationError(context.getNode(), 'The credential has no Location ID', {
		itemIndex,
		description: connection.isOAuth2
			? 'The OAuth token did not name a sub-account: connect the credential with a sub-account (Location) user, or fill in Location ID'
			: "Open the credential and fill in Location ID: HighLevel → Settings → Business Profile, or the part after /location/ in the sub-account's address",
	});
}
