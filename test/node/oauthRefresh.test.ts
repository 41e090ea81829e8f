import { N8N_CORE_MAJOR } from '../../tools/harness/n8n-core-line';
import { DEFAULT_OAUTH_CLIENT_ID, DEFAULT_OAUTH_CLIENT_SECRET, type IssuedTokens } from '../../tools/sandbox/oauth';
import { addParameters, contactItems, DEFAULT_LOCATION_ID, expiredMarketplaceApp, failureOf, runNode, useSandbox } from './setup';

const sandbox = useSandbox();

/** Another n8n worker refreshing the same credential: it spends the refresh token and gets new ones. */
async function refreshElsewhere(refreshToken: string): Promise<IssuedTokens> {
	const response = await fetch(`${sandbox().url}/oauth/token`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: DEFAULT_OAUTH_CLIENT_ID, client_secret: DEFAULT_OAUTH_CLIENT_SECRET }),
	});
	return (await response.json()) as IssuedTokens;
}

const oauth2 = { authentication: 'oAuth2', ...addParameters() };

describe('OAuth2 token refresh shared with other n8n workers', () => {
	it('reads the credential again and carries on when another worker spent the refresh token first', async () => {
		const { tokens, credential } = expiredMarketplaceApp(sandbox());
		const theirs = await refreshElsewhere(tokens.refresh_token);
		// The other worker saves its new tokens just as HighLevel refuses our refresh with the old one.
		const recorded = sandbox().oauthTokenRequests;
		const push = recorded.push.bind(recorded);
		recorded.push = (...entries) => {
			if (entries.some((entry) => entry.status === 400)) {
				credential.data.oauthTokenData = { ...theirs, token_type: 'Bearer', userType: 'Location', locationId: DEFAULT_LOCATION_ID };
			}
			return push(...entries);
		};
		const { items, result } = await runNode(sandbox(), oauth2, contactItems('refresh', 3), { credential });
		expect(result.error).toBeUndefined();
		expect(items.map((item) => item.json.success)).toEqual([true, true, true]);
		expect(sandbox().enrolments).toHaveLength(3);
		if (N8N_CORE_MAJOR >= 2) {
			expect(recorded.map((request) => request.status)).toEqual([200, 400]);
			for (const request of sandbox().requests.filter((r) => r.status === 200)) {
				expect(request.headers.authorization).toBe(`Bearer ${theirs.access_token}`);
			}
		} else {
			// n8n-core 1.x never looks for a newer stored token before refreshing: an item that still held the
			// old one refreshes again (with the stored, rotated refresh token), which works.
			expect(recorded.map((request) => request.status).slice(0, 2)).toEqual([200, 400]);
			expect(recorded.slice(2).every((request) => request.status === 200)).toBe(true);
		}
	});

	it('fails every item at once with one error naming the token refresh when HighLevel refuses the refresh token', async () => {
		const { credential } = expiredMarketplaceApp(sandbox(), {}, 'oauth-refresh-revoked');
		const { items } = await runNode(sandbox(), oauth2, contactItems('refresh', 40), { credential, continueOnFail: true });
		expect(items).toHaveLength(40);
		for (const item of items) {
			expect(failureOf(item)?.message).toBe('The OAuth token refresh failed: HighLevel refused the refresh token');
			expect(failureOf(item)?.description).toMatch(/^\(invalid_grant\) n8n could not renew the access token .* Reconnect the credential/);
		}
		// Not a refresh (and its backoff) per item: the first failure, one retry, and the requests already on their way.
		expect(sandbox().oauthTokenRequests.length).toBeLessThanOrEqual(4);
		expect(sandbox().enrolments).toHaveLength(0);
	});

	it('stops the run with the token refresh error, not "Could not reach HighLevel", when the token endpoint is unreachable', async () => {
		const { credential } = expiredMarketplaceApp(sandbox(), { accessTokenUrl: 'http://127.0.0.1:9/oauth/token' });
		const { result } = await runNode(sandbox(), oauth2, contactItems('refresh', 40), { credential });
		expect(result.error?.message).toBe('The OAuth token refresh failed: the token endpoint could not be reached');
		expect(result.error?.description).toMatch(/^\(ECONNREFUSED\) .*Reconnect the credential/);
	});
});
