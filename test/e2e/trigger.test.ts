/**
 * The HighLevel Trigger in real n8n (HL_N8N_VERSION; 2.40.7 by default, also run on 2.41.1 and
 * 1.123.81), installed as a community package: published workflows receive the sandbox's signed
 * events at their Production URLs, through n8n's own body parsing (rawBody) and answering.
 * This file starts an n8n of its own (the global setup's has no OAuth2 credential and no published
 * workflow; publishing happens before n8n starts, as at a user's restart), beside the sandbox and a
 * sink where each run of the trigger's workflow reports the webhookId it ran for.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { N8N_VERSION } from '../../tools/n8n/install';
import { packPackage } from '../../tools/n8n/package';
import { sandboxAgencyCredential } from '../../tools/n8n/project';
import { startSandboxProcess, type SandboxProcess } from '../../tools/n8n/sandboxProcess';
import { ARTIFACTS_DIR, REPO_ROOT } from '../../tools/paths';
import { prefixedLogger } from '../../tools/process/log';
import { DEFAULT_AGENCY } from '../../tools/sandbox/agency';
import { minutesAgo, OTHER_APP_ID } from '../../tools/sandbox/webhooks/events';
import { burst, delivery, replayOf, WebhookSender } from '../../tools/sandbox/webhooks/sender';
import { executionsOf, startTriggerInstance, type TriggerInstance } from '../../tools/trigger/instance';
import { startSink, type Sink } from '../../tools/trigger/sink';
import { exampleWebhookId, sandboxTriggerExample, TRIGGER_EXAMPLE_ID, TRIGGER_WORKFLOW_ID, triggerSinkWorkflow, triggerUrl } from '../../tools/trigger/workflows';
import { readUntil } from './support/state';

const LOG_DIR = path.join(ARTIFACTS_DIR, `e2e-trigger-${N8N_VERSION}`);
const log = prefixedLogger('e2e-trigger');
const bodyStatus = (body: unknown) => (body as { status?: string }).status;

let sandbox: SandboxProcess;
let sink: Sink;
let n8n: TriggerInstance;
let sender: WebhookSender;

beforeAll(async () => {
	mkdirSync(LOG_DIR, { recursive: true });
	sandbox = await startSandboxProcess({ logFile: path.join(LOG_DIR, 'sandbox.log') });
	sink = await startSink();
	const tarball = await packPackage(REPO_ROOT, path.join(LOG_DIR, 'pack'));
	n8n = await startTriggerInstance({
		tarball,
		credentials: [sandboxAgencyCredential(sandbox.url, await sandbox.issueOAuthTokens(DEFAULT_AGENCY.clientId))],
		workflows: [triggerSinkWorkflow(sink.url), sandboxTriggerExample()],
		logDir: LOG_DIR,
		triggerUrls: (url) => [triggerUrl(url), triggerUrl(url, exampleWebhookId())],
		log,
	});
	sender = new WebhookSender(triggerUrl(n8n.url));
	log(`n8n ${N8N_VERSION} on ${n8n.url}, sandbox ${sandbox.url}`);
}, 600_000);

afterAll(async () => {
	sender?.close();
	await Promise.allSettled([n8n?.stop(), sandbox?.stop(), sink?.close()]);
});

/** Runs of the trigger's workflow every test so far should have started. */
let expectedRuns = 0;

/**
 * The webhookIds the sink heard from runs since `since` (waiting for `added` of them, then a little
 * more for any extra), and how many executions n8n stored for the workflow once it has saved them.
 */
async function triggerRuns(added: number, since: number): Promise<{ sink: string[]; stored: number }> {
	expectedRuns += added;
	const reported = await sink.waitFor('trigger', added, { since, timeoutMs: 60_000, quietMs: 2_000 });
	const stored = await readUntil(async () => (await executionsOf(n8n.session, TRIGGER_WORKFLOW_ID)).count, (count) => count >= expectedRuns, 10_000, 200);
	return { sink: reported.map((record) => record.webhookId), stored };
}

describe(`HighLevel Trigger in n8n ${N8N_VERSION}`, () => {
	it('publishing asked HighLevel, with the agency token, about the app once per trigger and registered nothing', async () => {
		type Request = { method: string; path: string; query: Record<string, string> };
		const publishRequests = await readUntil(async () => (await sandbox.state<{ requests: Request[] }>()).requests, (requests) => requests.length >= 2);
		expect(publishRequests.map((request) => `${request.method} ${request.path} appId=${request.query.appId}`)).toEqual(
			expect.arrayContaining(['GET /oauth/installedLocations appId=6578278e879ad2646715ba9c']),
		);
		expect(publishRequests).toHaveLength(2);
		expect(publishRequests.every((request) => request.method === 'GET' && request.path === '/oauth/installedLocations')).toBe(true);
	});

	it('runs once for a signed event at the Production URL, answered 200 as accepted', async () => {
		const since = Date.now();
		const event = delivery('ContactCreate');
		const [answer] = await sender.sendAll([event]);
		expect(answer).toMatchObject({ status: 200, body: { status: 'accepted' } });
		const runs = await triggerRuns(1, since);
		expect(runs.sink).toEqual([event.webhookId]);
		expect(runs.stored).toBe(expectedRuns);
	});

	it('starts nothing for forged, unsigned, tampered, stale, legacy-only and other-app events, with 401s and a 200', async () => {
		const since = Date.now();
		const answers = await sender.sendAll([
			delivery('ContactCreate', { signing: 'forged' }),
			delivery('ContactCreate', { signing: 'none' }),
			delivery('ContactCreate', { signing: 'tampered' }),
			delivery('ContactCreate', { timestamp: minutesAgo(6) }),
			delivery('ContactCreate', { signing: 'legacy-rsa' }),
			delivery('INSTALL', { appId: OTHER_APP_ID }),
		]);
		expect(answers.map((answer) => [answer.status, bodyStatus(answer.body)])).toEqual([
			[401, 'refused'],
			[401, 'refused'],
			[401, 'refused'],
			[401, 'refused'],
			[401, 'refused'],
			[200, 'ignored'],
		]);
		const runs = await triggerRuns(0, since);
		expect(runs.sink).toEqual([]);
		expect(runs.stored).toBe(expectedRuns);
	});

	it('runs a replayed delivery once: both answered 200, the second as ignored', async () => {
		const since = Date.now();
		const original = delivery('ContactCreate');
		const answers = [...(await sender.sendAll([original])), ...(await sender.sendAll([replayOf(original)]))];
		expect(answers.map((answer) => [answer.status, bodyStatus(answer.body)])).toEqual([
			[200, 'accepted'],
			[200, 'ignored'],
		]);
		const runs = await triggerRuns(1, since);
		expect(runs.sink).toEqual([original.webhookId]);
		expect(runs.stored).toBe(expectedRuns);
	});

	it('runs each distinct event of 60 sent at once exactly once, 10 % of them replays', async () => {
		const since = Date.now();
		const deliveries = burst(60, 0.1);
		const answers = await sender.sendAll(deliveries);
		expect(answers.filter((answer) => answer.status === 200)).toHaveLength(60);
		const runs = await triggerRuns(54, since);
		expect(runs.sink.sort()).toEqual([...new Set(deliveries.map((item) => String(item.webhookId)))].sort());
		expect(runs.stored).toBe(expectedRuns);
	});

	it('the example workflow enrolls the contact of a ContactCreate event in its sub-account\'s workflow', async () => {
		const example = sandboxTriggerExample();
		const addNode = example.nodes.find((node) => node.name === 'Add to Workflow');
		const [answer] = await new WebhookSender(triggerUrl(n8n.url, exampleWebhookId())).sendAll([delivery('ContactCreate')]);
		expect(answer.status).toBe(200);
		const workflowId = (addNode?.parameters.workflowId as { value?: string } | undefined)?.value;
		type Enrolment = { contactId: string; workflowId: string };
		const enrolled = async () => (await sandbox.state<{ enrolments: Enrolment[] }>()).enrolments.filter((each) => each.workflowId === workflowId);
		const enrolments = await readUntil(enrolled, (found) => found.length > 0);
		expect(enrolments.map((each) => each.contactId)).toEqual(['cd3108d3bddb513c98ac']);
		expect((await executionsOf(n8n.session, TRIGGER_EXAMPLE_ID)).statuses).toEqual({ success: 1 });
	});
});
