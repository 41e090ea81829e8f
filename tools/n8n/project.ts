/** What the n8n tools import into an n8n: a sandbox credential, the example workflow. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { CREDENTIAL_TYPE, OAUTH2_CREDENTIAL_TYPE } from '../project';
import { type CredentialImport, type WorkflowJson } from './cli';
import { REPO_ROOT } from '../paths';
import { DEFAULT_AGENCY, type AgencyOptions } from '../sandbox/agency';
import { DEFAULT_LOCATION_ID, DEFAULT_TOKEN, WORKFLOW_IDS } from '../sandbox/fixtures';
import { type IssuedTokens, sandboxAppCredentialData } from '../sandbox/oauth';

export const EXAMPLE_WORKFLOW_FILE = path.join(REPO_ROOT, 'examples', 'add-contact-to-workflow.json');
/** Ids the example workflow refers to / is imported under (n8n workflow ids: at most 21 characters). */
export const SANDBOX_CREDENTIAL_ID = 'hlSandboxCredential1';
export const SANDBOX_CREDENTIAL_NAME = 'HighLevel sandbox';
export const EXAMPLE_WORKFLOW_ID = 'hlExampleWorkflow1';
export const AGENCY_EXAMPLE_FILE = path.join(REPO_ROOT, 'examples', 'agency-many-sub-accounts.json');
export const AGENCY_EXAMPLE_ID = 'hlAgencyExample1';

/** The sandbox's published "New Lead Nurture" workflow. */
export const HIGHLEVEL_WORKFLOW_ID = WORKFLOW_IDS.newLeadNurture;
/** Add to Workflow of the item's contactId into it: the node test:queue and bench:n8n run. */
export const ADD_PARAMETERS = {
	resource: 'contact',
	operation: 'addToWorkflow',
	contactId: '={{ $json.contactId }}',
	workflowId: { __rl: true, mode: 'id', value: HIGHLEVEL_WORKFLOW_ID },
};

export function sandboxCredential(
	sandboxUrl: string,
	overrides: Partial<CredentialImport> & { data?: Record<string, unknown> } = {},
): CredentialImport {
	return {
		id: overrides.id ?? SANDBOX_CREDENTIAL_ID,
		name: overrides.name ?? SANDBOX_CREDENTIAL_NAME,
		type: CREDENTIAL_TYPE,
		data: {
			accessToken: DEFAULT_TOKEN,
			apiVersion: '2021-07-28',
			locationId: DEFAULT_LOCATION_ID,
			baseUrl: sandboxUrl,
			...overrides.data,
		},
	};
}

export const AGENCY_CREDENTIAL_ID = 'hlSandboxAgency1';
export const AGENCY_CREDENTIAL_NAME = 'HighLevel sandbox agency';

/** The Marketplace App OAuth2 credential, connected to the sandbox's agency as if its app had just been installed. */
export function sandboxAgencyCredential(
	sandboxUrl: string,
	tokens: IssuedTokens,
	agency: AgencyOptions = DEFAULT_AGENCY,
): CredentialImport {
	return {
		id: AGENCY_CREDENTIAL_ID,
		name: AGENCY_CREDENTIAL_NAME,
		type: OAUTH2_CREDENTIAL_TYPE,
		data: {
			...sandboxAppCredentialData(sandboxUrl, tokens),
			clientId: agency.clientId,
			clientSecret: agency.clientSecret,
			scope: agency.scopes.join(' '),
			authQueryParameters: '',
			oauthTokenData: { ...tokens, token_type: 'Bearer', expires_in: 86399, userType: 'Company', companyId: agency.companyId },
		},
	};
}

export function loadExampleWorkflow(id = EXAMPLE_WORKFLOW_ID, file = EXAMPLE_WORKFLOW_FILE): WorkflowJson {
	const workflow = JSON.parse(readFileSync(file, 'utf8')) as WorkflowJson;
	return { ...workflow, id };
}

/** The contact ids the example's Code node produces: seed them, the sandbox knows no others. */
export function exampleContactIds(): string[] {
	const text = readFileSync(EXAMPLE_WORKFLOW_FILE, 'utf8');
	return [...text.matchAll(/contactId: '([A-Za-z0-9]+)'/g)].map((match) => match[1]);
}
