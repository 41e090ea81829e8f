/**
 * Workflows saved with earlier versions of the node keep working: every parameter name, option value
 * and locator mode they may hold is still in the node's description (the list is what 0.1.0 offered).
 */
import type { INodeProperties } from 'n8n-workflow';
import { HighLevelWorkflows } from '../../nodes/HighLevelWorkflows/HighLevelWorkflows.node';
import { HighLevelPrivateIntegrationApi } from '../../credentials/HighLevelPrivateIntegrationApi.credentials';
import { HighLevelMarketplaceOAuth2Api } from '../../credentials/HighLevelMarketplaceOAuth2Api.credentials';

const SAVED: Record<string, { values?: string[]; modes?: string[]; options?: string[] }> = {
	authentication: { values: ['privateIntegration', 'oAuth2'] },
	locationId: { modes: ['list', 'id'] },
	resource: { values: ['contact', 'workflow'] },
	operation: { values: ['addToWorkflow', 'removeFromWorkflow', 'getAll'] },
	contactBy: { values: ['id', 'email', 'phone'] },
	contactId: {},
	contactEmail: {},
	contactPhone: {},
	ifNotFound: { values: ['error', 'skip', 'create'] },
	newContactFields: { options: ['firstName', 'lastName'] },
	workflowId: { modes: ['list', 'id', 'url'] },
	additionalFields: { options: ['eventStartTime'] },
	options: { options: ['maxConcurrency', 'maxWaitSeconds', 'timeout'] },
	status: { values: ['all', 'published', 'draft'] },
	returnAll: {},
	limit: {},
	simplify: {},
};

function collect(properties: INodeProperties[], name: string) {
	const copies = properties.filter((property) => property.name === name);
	return {
		values: new Set(copies.flatMap((property) => (property.options ?? []).map((option) => String((option as { value?: unknown }).value)))),
		options: new Set(copies.flatMap((property) => (property.options ?? []).map((option) => String((option as { name: string }).name)))),
		modes: new Set(copies.flatMap((property) => (property.modes ?? []).map((mode) => mode.name))),
		count: copies.length,
	};
}

describe('workflows saved with earlier versions', () => {
	const { properties } = new HighLevelWorkflows().description;
	it.each(Object.entries(SAVED))('still find their %s parameter with every value they may hold', (name, saved) => {
		const current = collect(properties, name);
		expect(current.count).toBeGreaterThan(0);
		for (const value of saved.values ?? []) expect({ name, value, offered: current.values.has(value) }).toEqual({ name, value, offered: true });
		for (const option of saved.options ?? []) expect({ name, option, offered: current.options.has(option) }).toEqual({ name, option, offered: true });
		for (const mode of saved.modes ?? []) expect({ name, mode, offered: current.modes.has(mode) }).toEqual({ name, mode, offered: true });
	});

	it('keep their credentials: the type names and every field', () => {
		expect(new HighLevelPrivateIntegrationApi().name).toBe('highLevelPrivateIntegrationApi');
		expect(new HighLevelMarketplaceOAuth2Api().name).toBe('highLevelMarketplaceOAuth2Api');
		expect(new HighLevelPrivateIntegrationApi().properties.map((property) => property.name)).toEqual(['accessToken', 'apiVersion', 'locationId', 'baseUrl']);
	});
});
