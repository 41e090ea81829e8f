/** n8n loads the package from <userFolder>/.n8n/nodes like any community package, without complaint. */
import { readFileSync } from 'node:fs';

import { CREDENTIAL_TYPE, NODE_TYPE, OAUTH2_CREDENTIAL_TYPE, PACKAGE_NAME, TRIGGER_NODE_TYPE } from '../../tools/project';
import { ownerSession, readState } from './support/state';

const state = readState();
const session = ownerSession();

/** What n8n serves of a node or credential type (GET /types/*.json), as far as the tests read it outside toMatchObject. */
interface TypeDescription {
	name: string;
	properties: Array<{ name: string; default?: unknown; typeOptions?: { password?: boolean } }>;
	iconUrl?: string | Record<string, string>;
}

/** n8n's log lines that mention the package (or its types) together with a complaint. */
function complaintsAboutPackage(log: string): string[] {
	const ours = new RegExp(`${PACKAGE_NAME}|highLevelWorkflows|HighLevelWorkflows|highLevelTrigger|HighLevelTrigger|${CREDENTIAL_TYPE}|HighLevelPrivateIntegrationApi`, 'i');
	const complaint = /error|warn|fail|deprecat|missing|invalid|could not|cannot|unknown/i;
	return log.split('\n').filter((line) => ours.test(line) && complaint.test(line));
}

describe('n8n with the package installed as a community package', () => {
	test('lists the HighLevel Workflows node type', async () => {
		const nodes = await session.request<TypeDescription[]>('GET', '/types/nodes.json');
		const node = nodes.find((type) => type.name === NODE_TYPE);
		expect(node).toMatchObject({
			displayName: 'HighLevel Workflows',
			version: 1,
			credentials: expect.arrayContaining([expect.objectContaining({ name: CREDENTIAL_TYPE })]),
		});
		const names = node!.properties.map((property) => property.name);
		expect(names).toEqual(expect.arrayContaining(['resource', 'operation', 'contactId', 'workflowId', 'additionalFields']));
		// usableAsTool: n8n derives a tool variant for AI agents
		expect(nodes.some((type) => type.name === `${NODE_TYPE}Tool`)).toBe(true);
	});

	test('lists the HighLevel Trigger node type, a trigger with a webhook and no tool variant', async () => {
		const nodes = await session.request<TypeDescription[]>('GET', '/types/nodes.json');
		const trigger = nodes.find((type) => type.name === TRIGGER_NODE_TYPE);
		expect(trigger).toMatchObject({
			displayName: 'HighLevel Trigger',
			version: 2,
			group: ['trigger'],
			credentials: [expect.objectContaining({ name: OAUTH2_CREDENTIAL_TYPE })],
			webhooks: [expect.objectContaining({ httpMethod: 'POST' })],
		});
		expect(nodes.some((type) => type.name === `${TRIGGER_NODE_TYPE}Tool`)).toBe(false);
	});

	test('lists the HighLevel Private Integration API credential type', async () => {
		const credentials = await session.request<TypeDescription[]>('GET', '/types/credentials.json');
		const credential = credentials.find((type) => type.name === CREDENTIAL_TYPE);
		expect(credential).toMatchObject({ displayName: 'HighLevel Private Integration API' });
		const fields = credential!.properties.map((property) => [property.name, property.default, property.typeOptions?.password ?? false]);
		expect(fields).toEqual(
			expect.arrayContaining([
				['accessToken', '', true],
				['apiVersion', '2021-07-28', false],
				['locationId', '', false],
				['baseUrl', 'https://services.leadconnectorhq.com', false],
			]),
		);
	});

	test("serves the node's icons", async () => {
		const nodes = await session.request<TypeDescription[]>('GET', '/types/nodes.json');
		const node = nodes.find((type) => type.name === NODE_TYPE)!;
		const iconUrls = (typeof node.iconUrl === 'string' ? [node.iconUrl] : Object.values(node.iconUrl ?? {})) as string[];
		expect(iconUrls.length).toBeGreaterThan(0);
		for (const iconUrl of iconUrls) {
			const response = await fetch(new URL(iconUrl, state.n8nUrl));
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toMatch(/svg/);
			expect(await response.text()).toMatch(/<svg/);
		}
	});

	test("n8n's log has no warning or error about the package", () => {
		const log = readFileSync(state.n8nLogFile, 'utf8');
		expect(log).toMatch(/Editor is now accessible via/);
		expect(complaintsAboutPackage(log)).toEqual([]);
		expect(log).not.toMatch(/n8n detected that some packages are missing/);
		expect(log).not.toMatch(/Failed to load package/);
	});
});
