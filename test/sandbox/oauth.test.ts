import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { INSTALLING_USER_ID } from '../../tools/sandbox/fixtures';
import { DEFAULT_OAUTH_CLIENT_ID, DEFAULT_OAUTH_CLIENT_SECRET } from '../../tools/sandbox/oauth';
import { INVENTED } from '../../tools/sandbox/replies';
import { startSandbox, type Sandbox } from '../../tools/sandbox/server';

const REDIRECT = 'http://127.0.0.1:5678/rest/oauth2-credential/callback';

describe('sandbox OAuth authorize page (/v2/oauth/chooselocation)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox();
	});
	afterAll(() => sandbox.close());

	function authorize(path: string, params: Record<string, string>): Promise<Response> {
		return fetch(`${sandbox.url}${path}?${new URLSearchParams(params)}`, { redirect: 'manual' });
	}
	const token = (form: Record<string, string>) =>
		fetch(`${sandbox.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
	const params = { response_type: 'code', client_id: DEFAULT_OAUTH_CLIENT_ID, redirect_uri: REDIRECT, scope: 'contacts.write', state: 's1' };

	it('redirects to redirect_uri with a code the token endpoint exchanges once for tokens', async () => {
		const answer = await authorize('/v2/oauth/chooselocation', params);
		expect(answer.status).toBe(302);
		const location = new URL(answer.headers.get('location') ?? '');
		expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
		expect(location.searchParams.get('state')).toBe('s1');
		const form = {
			grant_type: 'authorization_code',
			code: location.searchParams.get('code') ?? '',
			redirect_uri: REDIRECT,
			client_id: DEFAULT_OAUTH_CLIENT_ID,
			client_secret: DEFAULT_OAUTH_CLIENT_SECRET,
		};
		const first = await token(form);
		expect(first.status).toBe(200);
		expect(await first.json()).toMatchObject({ token_type: 'Bearer', userType: 'Location', userId: INSTALLING_USER_ID, access_token: expect.stringMatching(/^oauth-access-/) });
		expect((await token(form)).status).toBe(400);
	});

	it('answers 422 to a user_type other than Company or Location, the only values the spec allows', async () => {
		const tokens = sandbox.issueOAuthTokens();
		const refresh = (userType: string) =>
			token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: DEFAULT_OAUTH_CLIENT_ID, client_secret: DEFAULT_OAUTH_CLIENT_SECRET, user_type: userType });
		const refused = await refresh('Agency');
		expect(refused.status).toBe(422);
		expect(await refused.json()).toMatchObject({ statusCode: 422, message: [INVENTED.userType] });
		expect((await refresh('Location')).status).toBe(200);
	});

	it('answers 400 without response_type=code or a known client_id', async () => {
		expect((await authorize('/v2/oauth/chooselocation', { ...params, response_type: 'token' })).status).toBe(400);
		expect((await authorize('/v2/oauth/chooselocation', { ...params, client_id: 'someone-else' })).status).toBe(400);
	});

	it('no longer serves the old path without /v2/', async () => {
		expect((await authorize('/oauth/chooselocation', params)).status).not.toBe(302);
	});
});
