/** Agency items, K sub-accounts × N contacts, one item per contact (bench:n8n, the agency tests), and their run through n8n-core (test:memory). */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { HighLevelMarketplaceOAuth2Api } from '../../credentials/HighLevelMarketplaceOAuth2Api.credentials';
import { HighLevelPrivateIntegrationApi } from '../../credentials/HighLevelPrivateIntegrationApi.credentials';
import { HighLevelWorkflows } from '../../nodes/HighLevelWorkflows/HighLevelWorkflows.node';
import { itemsThen, NODE_UNDER_TEST, runWorkflow } from '../harness';
import { sandboxAgencyCredential } from '../n8n/project';
import { NODE_TYPE } from '../project';
import { agencyContactId, agencyWorkflowId, generatedLocationId } from '../sandbox/agency';
import type { IssuedTokens } from '../sandbox/oauth';

/** Item i·K + k is contact i of sub-account `first + k`: sub-accounts interleave, as in a mixed export. */
export function agencyItems(subAccounts: number, perSubAccount: number, first = 0): Array<Record<string, string>> {
	const items: Array<Record<string, string>> = [];
	for (let index = 0; index < perSubAccount; index++) {
		for (let k = 0; k < subAccounts; k++) {
			const locationId = generatedLocationId(first + k);
			items.push({ locationId, contactId: agencyContactId(locationId, index), workflowId: agencyWorkflowId(locationId) });
		}
	}
	return items;
}

export const AGENCY_ADD_PARAMETERS = {
	authentication: 'oAuth2',
	resource: 'contact',
	operation: 'addToWorkflow',
	locationId: { __rl: true, mode: 'id', value: '={{ $json.locationId }}' },
	contactId: '={{ $json.contactId }}',
	workflowId: { __rl: true, mode: 'id', value: '={{ $json.workflowId }}' },
};

/** One execution of Items → HighLevel Workflows (Add to Workflow, the agency's app credential) through n8n-core, continuing on fail. */
export async function runAgency(sandboxUrl: string, tokens: IssuedTokens, items: Array<Record<string, string>>) {
	const credential = sandboxAgencyCredential(sandboxUrl, tokens);
	const started = performance.now();
	const result = await runWorkflow({
		workflow: itemsThen({ type: NODE_TYPE, parameters: AGENCY_ADD_PARAMETERS }, items, {
			continueOnFail: true,
			credentials: { [credential.type]: { id: credential.id, name: credential.name } },
		}),
		nodeTypes: { [NODE_TYPE]: new HighLevelWorkflows() },
		credentialTypes: [new HighLevelPrivateIntegrationApi(), new HighLevelMarketplaceOAuth2Api()],
		credentials: [{ id: credential.id, name: credential.name, type: credential.type, data: credential.data as ICredentialDataDecryptedObject }],
	});
	const seconds = (performance.now() - started) / 1000;
	const output = result.error ? [] : result.output(NODE_UNDER_TEST);
	const failures = output.filter((item) => item.json.success !== true);
	return { seconds, outputs: output.length, failed: failures.length, firstError: result.error ?? failures[0]?.json };
}
