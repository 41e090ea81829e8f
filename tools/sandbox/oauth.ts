import { randomUUID } from 'node:crypto';

import { DEFAULT_LOCATION_ID, INSTALLING_USER_ID } from './fixtures';
import { errors, INVENTED } from './replies';
import type { JsonObject, TokenGrant } from './types';

/** A marketplace app registered with the sandbox. */
export type OAuthClient = { clientSecret: string; grant: TokenGrant };

export const DEFAULT_OAUTH_CLIENT_ID = 'sandbox-marketplace-app';
export const DEFAULT_OAUTH_CLIENT_SECRET = 'sandbox-marketplace-secret';
export type IssuedTokens = { access_token: string; refresh_token: string };

/**
 * The data of a Marketplace App OAuth2 credential connected to the sandbox's own app on its default
 * sub-account, holding `tokens` the sandbox issued: what tests and the queue run put into n8n.
 */
export function sandboxAppCredentialData(sandboxUrl: string, tokens: IssuedTokens) {
	return {
		grantType: 'authorizationCode',
		authUrl: 'https://marketplace.gohighlevel.com/v2/oauth/chooselocation',
		accessTokenUrl: `${sandboxUrl}/oauth/token`,
		clientId: DEFAULT_OAUTH_CLIENT_ID,
		clientSecret: DEFAULT_OAUTH_CLIENT_SECRET,
		scope: 'contacts.readonly contacts.write workflows.readonly',
		authentication: 'body',
		apiVersion: '2021-07-28',
		locationId: '',
		baseUrl: sandboxUrl,
		oauthTokenData: { ...tokens, token_type: 'Bearer', userType: 'Location', locationId: DEFAULT_LOCATION_ID },
	};
}

/** HighLevel's authorize page (docs/oauth-Authorization.md since 2026-05-27); the path without /v2/ is gone. */
export const AUTHORIZE_PATH = '/v2/oauth/chooselocation';

/** An OAuth 2.0 refusal: its error code (RFC 6749) and a description. */
const refusal = (status: number, error: string, description?: string) => ({ status, body: { error, ...(description ? { error_description: description } : {}) } });

/**
 * HighLevel's token endpoint (POST /oauth/token, form-encoded, client credentials in the body), for
 * the authorization-code and refresh-token grants: n8n's OAuth2 connect and refresh. Access tokens are added to the sandbox's
 * token table; each refresh rotates the refresh token, as HighLevel does.
 */
export class OAuthServer {
	private readonly clients = new Map<string, OAuthClient>();
	private readonly refreshTokens = new Map<string, { clientId: string; grant: TokenGrant }>();
	private readonly codes = new Map<string, { clientId: string; redirectUri: string }>();

	/** `accessTokenLifetimeMs`: how long an access token works; HighLevel's last about a day. */
	constructor(
		private readonly addToken: (token: string, grant: TokenGrant) => void,
		public accessTokenLifetimeMs = 86_399_000,
	) {}

	addClient(clientId: string, client: OAuthClient): void {
		this.clients.set(clientId, client);
	}

	/** Tokens as if the app had just been installed on the client's location. */
	issue(clientId: string): IssuedTokens {
		const client = this.clients.get(clientId);
		if (!client) throw new Error(`unknown OAuth client ${clientId}`);
		return this.mint(clientId, client.grant);
	}

	private mint(clientId: string, grant: TokenGrant): IssuedTokens {
		const tokens = { access_token: `oauth-access-${randomUUID()}`, refresh_token: `oauth-refresh-${randomUUID()}` };
		// HighLevel counts the rate limit per app and location; past its lifetime the token is 401 Invalid JWT.
		this.addToken(tokens.access_token, { ...grant, appId: grant.appId ?? `app:${clientId}`, expiresAt: Date.now() + this.accessTokenLifetimeMs });
		this.refreshTokens.set(tokens.refresh_token, { clientId, grant });
		return tokens;
	}

	/**
	 * The authorize page as if the admin had chosen the app's location at once: a redirect to
	 * redirect_uri with `code` (and `state`), or 400 when a parameter the docs require is missing.
	 */
	authorize(query: URLSearchParams): { status: number; body: JsonObject; headers?: Record<string, string> } {
		const clientId = query.get('client_id') ?? '';
		const redirectUri = query.get('redirect_uri') ?? '';
		if (query.get('response_type') !== 'code' || !this.clients.has(clientId) || !redirectUri || !query.get('scope')) {
			return refusal(400, 'invalid_request', 'response_type=code, client_id, redirect_uri and scope are required');
		}
		const code = `oauth-code-${randomUUID()}`;
		this.codes.set(code, { clientId, redirectUri });
		const target = new URL(redirectUri);
		target.searchParams.set('code', code);
		const state = query.get('state');
		if (state !== null) target.searchParams.set('state', state);
		return { status: 302, body: {}, headers: { location: target.toString() } };
	}

	/** Answers a token request; `form` is the parsed form body. */
	token(form: URLSearchParams): { status: number; body: JsonObject } {
		// The spec's GetAccessCodebodyDto allows user_type Company or Location only; checked first, as a DTO is.
		const userType = form.get('user_type');
		if (userType !== null && userType !== 'Company' && userType !== 'Location') return { status: 422, body: errors.unprocessable([INVENTED.userType]).body as JsonObject };
		const clientId = form.get('client_id') ?? '';
		const client = this.clients.get(clientId);
		if (!client || client.clientSecret !== form.get('client_secret')) return refusal(401, 'invalid_client', 'Client authentication failed');
		const grantType = form.get('grant_type');
		if (grantType === 'authorization_code') {
			const code = this.codes.get(form.get('code') ?? '');
			if (!code || code.clientId !== clientId || code.redirectUri !== form.get('redirect_uri')) return refusal(400, 'invalid_grant', 'Invalid authorization code');
			this.codes.delete(form.get('code') ?? '');
			return this.tokenReply(clientId, client.grant);
		}
		if (grantType !== 'refresh_token') return refusal(400, 'unsupported_grant_type');
		const refresh = this.refreshTokens.get(form.get('refresh_token') ?? '');
		if (!refresh || refresh.clientId !== clientId) return refusal(400, 'invalid_grant', 'Invalid refresh token');
		this.refreshTokens.delete(form.get('refresh_token') ?? '');
		return this.tokenReply(clientId, refresh.grant);
	}

	private tokenReply(clientId: string, grant: TokenGrant): { status: number; body: JsonObject } {
		const tokens = this.mint(clientId, grant);
		return {
			status: 200,
			body: {
				...tokens,
				token_type: 'Bearer',
				expires_in: Math.round(this.accessTokenLifetimeMs / 1000),
				scope: grant.scopes.join(' '),
				userType: grant.userType ?? 'Location',
				userId: INSTALLING_USER_ID,
				...(grant.companyId ? { companyId: grant.companyId } : {}),
				...(grant.locationId ? { locationId: grant.locationId } : {}),
			},
		};
	}
}
