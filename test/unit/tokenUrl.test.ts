/**
 * n8n 2.41 takes the OAuth2 credential's hidden token URL from the credential type, never from the
 * saved credential, so the type computes it from the Base URL. The expression's body is evaluated
 * here as plain JavaScript with `$self` as n8n gives it; the queue run (`test:queue --credential
 * oauth2`) shows real n8n refreshing through it.
 */
import { HighLevelMarketplaceOAuth2Api } from '../../credentials/HighLevelMarketplaceOAuth2Api.credentials';

const tokenUrlDefault = String(new HighLevelMarketplaceOAuth2Api().properties.find((property) => property.name === 'accessTokenUrl')?.default);

function tokenUrlFor(baseUrl: unknown): string {
	// Not an n8n expression (`={{ … }}`, computed for each credential): no body, no URL.
	const [, body] = /^=\{\{(.*)\}\}$/s.exec(tokenUrlDefault) ?? [];
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
		// Plain http to another host: HighLevel's, so the client secret is never sent in clear text.
		['http://proxy.example', 'https://services.leadconnectorhq.com/oauth/token'],
	])('for Base URL %p is %s', (baseUrl, expected) => {
		expect(tokenUrlFor(baseUrl)).toBe(expected);
	});
});
