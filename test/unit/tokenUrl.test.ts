/**
 * n8n 2.41 takes the OAuth2 credential's hidden token URL from the credential type, never from the
 * saved credential, so the type computes it from the Base URL. The expression's body is evaluated
 * here as plain JavaScript with `$self` as n8n gives it; the queue run (`test:queue --credential
 * oauth2`) shows real n8n refreshing through it.
 */
import { HighLevelMarketplaceOAuth2Api } from '../../credentials/HighLevelMarketplaceOAuth2Api.credentials';

const tokenUrlDefault = String(new HighLevelMarketplaceOAuth2Api().properties.find((property) => property.name === 'accessTokenUrl')?.default);

function tokenUrlFor(baseUrl: unknown): string {
	const body = tokenUrlDefault.replace(/^=\{\{/, '').replace(/\}\}$/, '');
	return new Function('$self', `return ${body};`)({ baseUrl }) as string;
}

describe("the OAuth2 credential's token URL", () => {
	it.each([
		['', 'https://services.leadconnectorhq.com/oauth/token'],
		[undefined, 'https://services.leadconnectorhq.com/oauth/token'],
		['https://services.leadconnectorhq.com/', 'https://services.leadconnectorhq.com/oauth/token'],
		[' https://proxy.example/highlevel/ ', 'https://proxy.example/highlevel/oauth/token'],
		['http://127.0.0.1:4567', 'http://127.0.0.1:4567/oauth/token'],
		['http://localhost:4567/', 'http://localhost:4567/oauth/token'],
	])('for Base URL %p is %s', (baseUrl, expected) => {
		expect(tokenUrlFor(baseUrl)).toBe(expected);
	});

	it("is HighLevel's for a plain http:// Base URL to another host: no client secret in clear text", () => {
		expect(tokenUrlFor('http://proxy.example')).toBe('https://services.leadconnectorhq.com/oauth/token');
	});

	it('is an n8n expression, so n8n computes it for each credential', () => {
		expect(tokenUrlDefault.startsWith('={{')).toBe(true);
	});
});
