/**
 * Credential-type registry. It always knows `oAuth2Api` (n8n's generic OAuth2 base type, which
 * n8n itself provides from `n8n-nodes-base`), so a package credential declaring
 * `extends = ['oAuth2Api']` resolves its parent types and inherited properties as it does in n8n.
 */
import { UnrecognizedCredentialTypeError } from 'n8n-core';
import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/** The fields of n8n's `oAuth2Api` that n8n-core's OAuth2 request path reads. */
export class HarnessOAuth2Api implements ICredentialType {
	name = 'oAuth2Api';

	displayName = 'OAuth2 API';

	genericAuth = true;

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'options',
			options: [
				{ name: 'Authorization Code', value: 'authorizationCode' },
				{ name: 'Client Credentials', value: 'clientCredentials' },
				{ name: 'PKCE', value: 'pkce' },
			],
			default: 'authorizationCode',
		},
		{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'string', default: '' },
		{ displayName: 'Client ID', name: 'clientId', type: 'string', default: '' },
		{ displayName: 'Client Secret', name: 'clientSecret', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Scope', name: 'scope', type: 'string', default: '' },
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{ name: 'Body', value: 'body' },
				{ name: 'Header', value: 'header' },
			],
			default: 'header',
		},
		{ displayName: 'Ignore SSL Issues (Insecure)', name: 'ignoreSSLIssues', type: 'boolean', default: false },
	];
}

export class HarnessCredentialTypes {
	private readonly types = new Map<string, ICredentialType>();

	constructor(types: ICredentialType[] = []) {
		this.types.set('oAuth2Api', new HarnessOAuth2Api());
		for (const type of types) this.types.set(type.name, type);
	}

	getByName(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) throw new UnrecognizedCredentialTypeError(name);
		return type;
	}

	/** All ancestors through `extends`, nearest first (what n8n's `CredentialTypes.getParentTypes` returns). */
	getParentTypes(name: string): string[] {
		const parents: string[] = [];
		const visit = (typeName: string) => {
			for (const parent of this.types.get(typeName)?.extends ?? []) {
				if (parents.includes(parent)) continue;
				parents.push(parent);
				visit(parent);
			}
		};
		visit(name);
		return parents;
	}
}
