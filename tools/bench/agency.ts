/** Agency runs through n8n-core: K sub-accounts × N contacts, one item per contact, for `bench` and `test:memory`. */
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';
import { HighLevelMarketplaceOAuth2Api } from '../../credentials/HighLevelMarketplaceOAuth2Api.credentials';
import { HighLevelPrivateIntegrationApi } from '../../credentials/HighLevelPrivateIntegrationApi.credentials';
import { HighLevelWorkflows } from '../../nodes/HighLevelWorkflows/HighLevelWorkflows.node';
import { itemsThen, NODE_UNDER_TEST, runWorkflow } from '../harness';
import { sandboxAgencyCredential } from '../n8n/project';
import { NODE_TYPE } from '../project';
import type { CredentialImport } from '../n8n/cli';
import { agencyContactId, agencyWorkflowId, generatedLocationId } from '../sandbox/agency';

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

/** One execution of Items → HighLevel Workflows (`parameters`) through n8n-core, continuing on fail. */
export async function runThroughCore(credential: CredentialImport, parameters: INodeParameters, items: Array<Record<string, string>>) {
	const started = performance.now();
	const cpuBefore = process.cpuUsage();
	const result = await runWorkflow({
		workflow: itemsThen({ type: NODE_TYPE, parameters }, items, {
			continueOnFail: true,
			credentials: { [credential.type]: { id: credential.id, name: credential.name } },
		}),
		nodeTypes: { [NODE_TYPE]: new HighLevelWorkflows() },
		credentialTypes: [new HighLevelPrivateIntegrationApi(), new HighLevelMarketplaceOAuth2Api()],
		credentials: [{ id: credential.id, name: credential.name, type: credential.type, data: credential.data as ICredentialDataDecryptedObject }],
	});
	const seconds = (performance.now() - started) / 1000;
	const cpu = process.cpuUsage(cpuBefore);
	const output = result.error ? [] : result.output(NODE_UNDER_TEST);
	const failures = output.filter((item) => item.json.success !== true);
	// cpuMs: this process's CPU time over the run, the in-process sandbox's included.
	return { seconds, cpuMs: (cpu.user + cpu.system) / 1000, outputs: output.length, failed: failures.length, firstError: result.error ?? failures[0]?.json };
}

/** The agency's items with its app credential. */
export function runAgency(sandboxUrl: string, tokens: { access_token: string; refresh_token: string }, items: Array<Record<string, string>>) {
	return runThroughCore(sandboxAgencyCredential(sandboxUrl, tokens), AGENCY_ADD_PARAMETERS, items);
}
