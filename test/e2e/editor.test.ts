/**
 * The editor in Chromium (playwright-core), step by step. Screenshots go to test-artifacts/editor-*.png; with
 * HL_DOCS_PICTURES=1 (`npm run docs:pictures`) those the docs show are copied into docs/ too, the last four
 * steps taking pictures only on the newest n8n tested.
 */
import { copyFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

import { chromium, selectors, type BrowserContext, type Locator, type Page } from 'playwright-core';

import { DEFAULT_OWNER } from '../../tools/n8n/server';
import { N8N_VERSION, NEWEST_N8N_VERSION } from '../../tools/n8n/install';
import { createWorkflow } from '../../tools/n8n/executions';
import { AGENCY_CREDENTIAL_ID, AGENCY_CREDENTIAL_NAME, SANDBOX_CREDENTIAL_NAME } from '../../tools/n8n/project';
import { REPO_ROOT } from '../../tools/paths';
import { NODE_TYPE, OAUTH2_CREDENTIAL_TYPE, TRIGGER_NODE_TYPE } from '../../tools/project';
import { DEFAULT_AGENCY } from '../../tools/sandbox/agency';
import { chromiumLaunchOptions } from './support/chromium';
import { ARTIFACTS_DIR, ownerSession, readState, readUntil, sandboxEnrolments } from './support/state';
import { SEEDED_WORKFLOWS } from '../../tools/sandbox/fixtures';
import { EDITOR_CONTACT_ID as CONTACT_ID, SANDBOX_WORKFLOWS } from './support/workflows';

const state = readState();
const session = ownerSession();
const SANDBOX_WORKFLOW_NAMES = SEEDED_WORKFLOWS.map((workflow) => (workflow.status === 'draft' ? `${workflow.name} (draft)` : workflow.name));
/** Our credentials' display names, as the credential picker must show them. */
const OUR_CREDENTIALS = ['HighLevel Private Integration API', 'HighLevel Marketplace App OAuth2 API'];
/** n8n's own (built-in) HighLevel credentials, which ours must not be mistaken for. */
const BUILT_IN_CREDENTIALS = ['HighLevel API', 'HighLevel OAuth2 API'];

let context: BrowserContext;
let page: Page;
let profileDir: string | undefined;
let shot = 0;

/** The screenshots the README and docs show, as docs/<name>.png. */
const DOCS_PICTURES = ['credential-picker', 'workflow-list', 'editor', 'credential-private-integration', 'credential-oauth2', 'sub-account-list', 'trigger'];

async function screenshot(name: string): Promise<void> {
	shot += 1;
	const file = path.join(ARTIFACTS_DIR, `editor-${String(shot).padStart(2, '0')}-${name}.png`);
	await page.screenshot({ path: file });
	if (process.env.HL_DOCS_PICTURES === '1' && DOCS_PICTURES.includes(name)) copyFileSync(file, path.join(REPO_ROOT, 'docs', `${name}.png`));
}

/** Waits until a locator's visible text contains every one of the strings. */
async function waitForText(locator: Locator, texts: string[]): Promise<string> {
	const showsAll = (text: string) => texts.every((wanted) => text.includes(wanted));
	const text = await readUntil(() => locator.innerText().catch(() => ''), showsAll);
	if (!showsAll(text)) throw new Error(`timed out waiting for ${JSON.stringify(texts)}; the element shows:\n${text.slice(0, 2000)}`);
	return text;
}

/** The entries a list shows, once it shows every one of `wanted` (or 30 s have passed). */
async function namesShown(list: Locator, wanted: string[], shows = (names: string[], name: string) => names.includes(name)): Promise<string[]> {
	const read = async () => (await list.allInnerTexts()).map((name) => name.trim());
	return await readUntil(read, (names) => wanted.every((name) => shows(names, name)));
}

beforeAll(async () => {
	for (const file of readdirSync(ARTIFACTS_DIR)) {
		if (/^editor-.*\.png$/.test(file)) rmSync(path.join(ARTIFACTS_DIR, file));
	}
	if (state.chromiumProblem) throw new Error(state.chromiumProblem);
	selectors.setTestIdAttribute('data-test-id');
	const { userDataDir, ...options } = chromiumLaunchOptions();
	profileDir = userDataDir;
	context = await chromium.launchPersistentContext(userDataDir, { ...options, viewport: { width: 1440, height: 900 } });
	page = context.pages()[0] ?? (await context.newPage());
	page.setDefaultTimeout(30_000);
});

afterAll(async () => {
	await context?.close();
	if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

/** Searches the "Add new credential" picker (Credentials → Create, alike on n8n 1.123 and 2.x); returns its options. */
async function searchCredentialTypes(search: string): Promise<Locator> {
	await page.goto(`${state.n8nUrl}/home/credentials/create`);
	const input = page.getByTestId('new-credential-type-select').locator('input').first();
	await input.click();
	await input.pressSequentially(search);
	return page.getByTestId('new-credential-type-select-option').filter({ visible: true });
}

/** A test step that leaves a screenshot of the page when it fails. */
function step(name: string, body: () => Promise<void>, when = true): void {
	(when ? test : test.skip)(name, async () => {
		try {
			await body();
		} catch (error) {
			if (page) await screenshot('failed').catch(() => undefined);
			throw error;
		}
	});
}

describe('the editor in Chromium', () => {
	step('signs in with the owner account', async () => {
		await page.goto(`${state.n8nUrl}/signin`);
		await page.getByTestId('emailOrLdapLoginId').locator('input').fill(DEFAULT_OWNER.email);
		await page.getByTestId('password').locator('input').fill(DEFAULT_OWNER.password);
		await screenshot('signin');
		await page.getByTestId('form-submit-button').click();
		await page.waitForURL((url) => !url.pathname.includes('/signin'));
		expect(new URL(page.url()).pathname).not.toMatch(/signin|setup/);
	});

	step('shows both of our credentials in the credential picker, named apart from n8n\'s built-in "HighLevel API"', async () => {
		const names = await namesShown(await searchCredentialTypes('HighLevel'), [...OUR_CREDENTIALS, ...BUILT_IN_CREDENTIALS]);
		// sorted, so each name once too: the built-in "HighLevel API" is the only entry with that name
		expect(names.sort()).toEqual([...OUR_CREDENTIALS, ...BUILT_IN_CREDENTIALS].sort());
		await screenshot('credential-picker');
		await page.keyboard.press('Escape');
	});

	step('finds the node by searching "HighLevel" in the node panel and adds it', async () => {
		await page.goto(`${state.n8nUrl}/workflow/new`);
		await page.getByTestId('canvas-add-button').waitFor();
		await page.getByTestId('node-creator-plus-button').click();
		await page.getByTestId('node-creator-search-bar').fill('HighLevel');
		const creator = page.getByTestId('node-creator');
		await waitForText(creator, ['HighLevel Workflows']);
		await screenshot('node-panel-search');
		await page.getByTestId('node-creator-item-name').getByText('HighLevel Workflows', { exact: true }).click();
		await waitForText(creator, ['Add contact to workflow', 'Remove contact from workflow']);
		await screenshot('node-actions');
		await creator.getByText('Add contact to workflow', { exact: true }).click();
		await page.getByTestId('ndv').waitFor();
	});

	step('shows Resource, Operation, Contact ID, Workflow and Additional Fields, with the sandbox credential', async () => {
		const ndv = page.getByTestId('ndv');
		// Additional Fields shows "Loading fields..." for a moment before its Add Field button.
		await waitForText(ndv, ['Resource', 'Operation', 'Contact ID', 'Workflow', 'Additional Fields', 'Add Field']);
		for (const name of ['resource', 'operation', 'contactId', 'workflowId']) {
			await expect(ndv.getByTestId(`parameter-input-${name}`).isVisible()).resolves.toBe(true);
		}
		// the only credential of the type is picked by itself; pick it when there are several
		const credential = page.getByTestId('node-credentials-select').locator('input').first();
		if ((await credential.inputValue()) !== SANDBOX_CREDENTIAL_NAME) {
			await credential.click();
			await page.locator('.el-select-dropdown__item').filter({ hasText: SANDBOX_CREDENTIAL_NAME }).first().click();
		}
		await expect(credential.inputValue()).resolves.toBe(SANDBOX_CREDENTIAL_NAME);
		await screenshot('node-parameters');
	});

	step('lists the sandbox workflows in the Workflow field and picks one', async () => {
		const ndv = page.getByTestId('ndv');
		await ndv.getByTestId('parameter-input-contactId').locator('input').fill(CONTACT_ID);
		await ndv.getByTestId('rlc-input').click();
		expect((await namesShown(page.getByTestId('rlc-item'), SANDBOX_WORKFLOW_NAMES)).sort()).toEqual([...SANDBOX_WORKFLOW_NAMES].sort());
		await screenshot('workflow-list');
		await page.getByTestId('rlc-item').filter({ hasText: SANDBOX_WORKFLOWS.appointmentFollowUp.name }).click();
		await expect(ndv.getByTestId('rlc-input').inputValue()).resolves.toBe(SANDBOX_WORKFLOWS.appointmentFollowUp.name);
	});

	step('executes the step and shows the output item', async () => {
		const before = (await sandboxEnrolments()).length;
		await page.getByTestId('ndv').getByTestId('node-execute-button').click();
		// 2.40's NDV marks its output side output-panel (older ones: ndv-output-panel)
		const output = page.getByTestId('output-panel').or(page.getByTestId('ndv-output-panel')).first();
		await waitForText(output, [CONTACT_ID, SANDBOX_WORKFLOWS.appointmentFollowUp.id, '1 item', 'success', 'true']);
		await page.waitForTimeout(500);
		await screenshot('editor');

		const enrolments = await sandboxEnrolments();
		expect(enrolments.slice(before)).toEqual([
			expect.objectContaining({ contactId: CONTACT_ID, workflowId: SANDBOX_WORKFLOWS.appointmentFollowUp.id }),
		]);
	});

	const newest = N8N_VERSION === NEWEST_N8N_VERSION;

	step('opens the Private Integration credential, its fields as the docs show them', async () => {
		await page.goto(`${state.n8nUrl}/home/credentials`);
		await page.getByText(SANDBOX_CREDENTIAL_NAME, { exact: true }).first().click();
		const modal = page.getByTestId('editCredential-modal');
		await waitForText(modal, ['Access Token', 'Location ID', 'Base URL']);
		await expect(modal.innerText()).resolves.not.toContain('API Version');
		await screenshot('credential-private-integration');
		await page.keyboard.press('Escape');
	}, newest);

	step('opens a new Marketplace App OAuth2 credential, its fields as the docs show them', async () => {
		const options = await searchCredentialTypes('HighLevel Marketplace');
		await options.filter({ hasText: OUR_CREDENTIALS[1] }).first().click();
		await page.getByTestId('new-credential-type-button').click();
		const modal = page.getByTestId('editCredential-modal');
		await waitForText(modal, ['Client ID', 'Client Secret', 'Marketplace', 'Scope']);
		await screenshot('credential-oauth2');
		await page.keyboard.press('Escape');
	}, newest);

	/**
	 * Opens a node in a workflow made over REST with the agency's OAuth2 credential already chosen
	 * (n8n 2.x's panel has no Authentication field to pick it with); returns the node's panel.
	 */
	async function openWithAgencyCredential(name: string, type: string, version: number, parameters: Record<string, unknown>): Promise<Locator> {
		const credentials = { [OAUTH2_CREDENTIAL_TYPE]: { id: AGENCY_CREDENTIAL_ID, name: AGENCY_CREDENTIAL_NAME } };
		const node = { id: 'node', position: [0, 0], name, type, typeVersion: version, parameters, credentials };
		const workflow = await createWorkflow(session, { name, nodes: [node], connections: {} });
		await page.goto(`${state.n8nUrl}/workflow/${workflow.id}`);
		await page.getByTestId('canvas-node').filter({ hasText: name }).first().dblclick();
		return page.getByTestId('ndv');
	}

	step("lists the agency's sub-accounts in Sub-Account, with the agency's OAuth2 credential", async () => {
		const ndv = await openWithAgencyCredential('HighLevel Workflows', NODE_TYPE, 1, { authentication: 'oAuth2', contactId: CONTACT_ID });
		await waitForText(ndv, ['Sub-Account']);
		await ndv.getByTestId('parameter-input-locationId').getByTestId('rlc-input').click();
		const installed = DEFAULT_AGENCY.locations.filter((location) => location.installed).map((location) => location.name);
		const startsOne = (names: string[], name: string) => names.some((shown) => shown.startsWith(name));
		const names = await namesShown(page.getByTestId('rlc-item'), installed, startsOne);
		expect(installed.every((name) => startsOne(names, name))).toBe(true);
		await screenshot('sub-account-list');
	}, newest);

	step('opens the HighLevel Trigger: its notices, Events, Sub-Accounts and Signature Check', async () => {
		const ndv = await openWithAgencyCredential('HighLevel Trigger', TRIGGER_NODE_TYPE, 2, { events: ['ContactCreate'] });
		await waitForText(ndv, ['Events', 'Sub-Accounts', 'Signature Check', 'Include Agency-Level Events', 'one webhook URL']);
		await screenshot('trigger');
	}, newest);
});
