/**
 * A signed-in session on n8n's internal REST API (/rest/...), as the editor uses it:
 * the n8n-auth cookie plus the browser-id header the cookie is bound to.
 */
import { randomUUID } from 'node:crypto';

import { DEFAULT_OWNER } from './server';

export class N8nSession {
	private cookie = '';
	readonly browserId = randomUUID();

	constructor(readonly baseUrl: string) {}

	async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(new URL(path, this.baseUrl), {
			method,
			headers: {
				accept: 'application/json',
				'browser-id': this.browserId,
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(120_000),
		});
		for (const header of response.headers.getSetCookie()) {
			const pair = header.split(';')[0];
			if (pair.startsWith('n8n-auth=')) this.cookie = pair;
		}
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			// not JSON
		}
		if (!response.ok) {
			const message =
				typeof parsed === 'object' && parsed && 'message' in parsed ? String((parsed as { message: unknown }).message) : text;
			throw new Error(`${method} ${path} → ${response.status}: ${message}`);
		}
		// n8n wraps most REST answers in { data }
		if (typeof parsed === 'object' && parsed !== null && 'data' in parsed && Object.keys(parsed).length === 1) {
			return (parsed as { data: T }).data;
		}
		return parsed as T;
	}

	/** Creates the owner account (first start) or, when there is one already, signs in as it. */
	async setupOwner(): Promise<void> {
		const settings = await this.request<{ userManagement?: { showSetupOnFirstLoad?: boolean } }>('GET', '/rest/settings');
		if (settings.userManagement?.showSetupOnFirstLoad === false) {
			await this.login();
			return;
		}
		await this.request('POST', '/rest/owner/setup', DEFAULT_OWNER);
	}

	async login(): Promise<void> {
		await this.request('POST', '/rest/login', { emailOrLdapLoginId: DEFAULT_OWNER.email, password: DEFAULT_OWNER.password });
	}
}
