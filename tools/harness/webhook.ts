/**
 * A webhook trigger node behind a real HTTP server on 127.0.0.1, run the way n8n runs it for a
 * published workflow: each request becomes n8n-core's `WebhookContext` (`getRequestObject()` with
 * the parsed `body` and the raw bytes as `rawBody`, `getResponseObject()`, parameters, credentials,
 * static data) and the node's `webhook()` answers it; its lifecycle (`webhookMethods`) runs with
 * n8n-core's `HookContext` on the same workflow and static data.
 *
 * What n8n itself (not n8n-core) does around `webhook()` is done here as n8n 2.40 does it
 * (packages/cli webhook-helpers): a body that says it is JSON and is not gets 422 before the node
 * runs; a node that answers itself returns `noWebhookResponse`; without `workflowData` the answer
 * is 200 with the node's `webhookResponse` (or n8n's "Webhook call received"), with it one execution
 * starts and the answer is 200 with `webhookResponse` (or "Workflow was started"); a node that
 * throws gets 500.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buffer } from 'node:stream/consumers';

import { HookContext, WebhookContext } from 'n8n-core';
import { jsonParse, UnexpectedError, Workflow } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, IWebhookData, IWorkflowExecuteAdditionalData, WebhookSetupMethodNames } from 'n8n-workflow';

import { buildAdditionalData, DEFAULT_TIMEZONE, oneNode, workflowBase, type OneNodeOptions } from './additional-data';
import { setupN8nCore } from './container';

export const TRIGGER_NODE_NAME = 'Trigger Under Test';

export interface WebhookTriggerOptions extends OneNodeOptions {
	workflowId?: string;
}

export interface WebhookTrigger {
	/** The node's production URL on this server. */
	url: string;
	/** Per accepted request, the items n8n would start an execution with. */
	executions: INodeExecutionData[][];
	staticData: IDataObject;
	/** Runs `webhookMethods.default[method]` as n8n does when publishing (`create`), restarting (`checkExists`), unpublishing (`delete`). */
	lifecycle(method: WebhookSetupMethodNames, mode?: 'webhook' | 'manual'): Promise<boolean>;
	close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8' });
	res.end(text);
}

/** The part of express's Response the trigger uses: `status(code).json(body)`. */
function expressResponse(res: ServerResponse) {
	const response = {
		status(code: number) {
			res.statusCode = code;
			return response;
		},
		json(body: unknown) {
			send(res, res.statusCode, body ?? null);
			return response;
		},
	};
	return response;
}

export async function startWebhookTrigger(options: WebhookTriggerOptions): Promise<WebhookTrigger> {
	setupN8nCore();
	const { nodeType } = options;
	const webhookDescription = nodeType.description.webhooks?.[0];
	if (!webhookDescription || !nodeType.webhook) throw new UnexpectedError('The node has no webhook');
	const { node, nodeTypes, credentialsHelper } = oneNode(options, { id: 'trigger-node-id', name: TRIGGER_NODE_NAME, webhookId: 'harness-webhook-id' });
	// The workflow's static data, kept across requests and lifecycle calls as n8n stores it.
	const staticData: IDataObject = {};
	const workflowId = options.workflowId ?? 'harness-webhook-workflow';
	const settings = { timezone: DEFAULT_TIMEZONE };
	const path = `${node.webhookId}/${String(webhookDescription.path)}`;
	const executions: INodeExecutionData[][] = [];
	let baseUrl = '';

	const workflowNow = () => new Workflow({ id: workflowId, nodes: [node], connections: {}, active: true, nodeTypes, settings, staticData });
	const additionalDataFor = (extra: Partial<IWorkflowExecuteAdditionalData> = {}): IWorkflowExecuteAdditionalData => ({
		...buildAdditionalData({ credentialsHelper, mode: 'webhook', workflowData: workflowBase({ id: workflowId, nodes: [node], connections: {}, settings }) }),
		webhookBaseUrl: `${baseUrl}/webhook`,
		webhookTestBaseUrl: `${baseUrl}/webhook-test`,
		...extra,
	});
	const webhookData = (workflow: Workflow, isTest = false): IWebhookData => ({
		httpMethod: 'POST',
		node: node.name,
		path,
		webhookDescription,
		workflowId: workflow.id,
		webhookId: node.webhookId,
		isTest,
		workflowExecuteAdditionalData: additionalDataFor(),
	});

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		if (req.method !== 'POST' || req.url?.split('?')[0] !== `/webhook/${path}`) return send(res, 404, { message: 'The requested webhook is not registered.' });
		const rawBody = await buffer(req);
		let body: unknown = {};
		if (rawBody.length && (req.headers['content-type'] ?? '').startsWith('application/json')) {
			try {
				body = jsonParse(rawBody.toString('utf8'));
			} catch {
				return send(res, 422, { message: 'Failed to parse request body' });
			}
		}
		const workflow = workflowNow();
		const request = Object.assign(req, { body, rawBody, query: {}, params: {} });
		const additionalData = additionalDataFor({ httpRequest: request as never, httpResponse: expressResponse(res) as never });
		const context = new WebhookContext(workflow, workflow.getNode(node.name) ?? node, additionalData, 'webhook', webhookData(workflow), [], null);
		try {
			const result = await nodeType.webhook!.call(context);
			if (result.noWebhookResponse) return;
			if (result.workflowData) executions.push(result.workflowData[0] ?? []);
			const fallback = result.workflowData ? { message: 'Workflow was started' } : { message: 'Webhook call received' };
			send(res, 200, result.webhookResponse ?? fallback);
		} catch (error) {
			if (!res.headersSent) send(res, 500, { code: 0, message: error instanceof Error ? error.message : String(error) });
		}
	}

	const server = createServer((req, res) => void handle(req, res));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	return {
		url: `${baseUrl}/webhook/${path}`,
		executions,
		staticData,
		async lifecycle(method, mode = 'webhook') {
			const workflow = workflowNow();
			const isTest = mode === 'manual';
			const hook = nodeType.webhookMethods?.default?.[method];
			if (!hook) throw new UnexpectedError(`The node has no webhookMethods.default.${method}`);
			const context = new HookContext(workflow, workflow.getNode(node.name) ?? node, additionalDataFor(), mode, isTest ? 'manual' : 'activate', webhookData(workflow, isTest));
			return await hook.call(context);
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
