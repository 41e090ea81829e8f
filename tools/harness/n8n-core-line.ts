/**
 * Every place the harness differs between the n8n-core lines it supports, kept here:
 * 2.x (devDependency n8n-core, n8n 2.40.x) and 1.x (n8n-core-v1 = 1.122.48 as n8n 1.123.81 ships
 * it, used by jest.compat.config.js, which maps `n8n-core` and `n8n-workflow` to the 1.x aliases).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import type { IExecuteFunctions, INode, INodeType, IPinData, Workflow } from 'n8n-workflow';
import type { WorkflowExecute } from 'n8n-core';

// Both lines' entry is dist/index.js, one folder below their package.json.
const corePackageJson = path.join(path.dirname(require.resolve('n8n-core')), '..', 'package.json');
const { version } = JSON.parse(readFileSync(corePackageJson, 'utf8')) as { version: string };
export const N8N_CORE_MAJOR = Number(version.split('.')[0]);

/** WorkflowExecute.run takes an options object since 2.0; 1.x takes (workflow, startNode, destinationNode, pinData). */
export function startRun(
	execute: WorkflowExecute,
	options: { workflow: Workflow; startNode?: INode; pinData?: IPinData },
): ReturnType<WorkflowExecute['run']> {
	if (N8N_CORE_MAJOR >= 2) return execute.run(options);
	const runV1 = execute.run as unknown as (workflow: Workflow, startNode?: INode, destinationNode?: undefined, pinData?: IPinData) => ReturnType<WorkflowExecute['run']>;
	return runV1.call(execute, options.workflow, options.startNode, undefined, options.pinData);
}

/**
 * Which running execution an ErrorReporter report belongs to. 2.x names it in `extra.executionId`;
 * 1.x does not, so there the report goes to the only execution listening (runs that overlap get none,
 * and the harness falls back to the error n8n-core recorded).
 */
export function executionOfReport(extra: Record<string, unknown>, listening: string[]): string | undefined {
	if (typeof extra.executionId === 'string') return extra.executionId;
	return N8N_CORE_MAJOR < 2 && listening.length === 1 ? listening[0] : undefined;
}

/**
 * 1.x keeps only a copy of a node's error (`{ ...error }`) in the run and reports NodeOperationErrors
 * to nobody, so the harness reports what a node's execute throws itself there, as 2.x does.
 */
export function reportingThrows(type: INodeType, report: (error: unknown, extra: Record<string, unknown>) => void): INodeType {
	const execute = type.execute;
	if (N8N_CORE_MAJOR >= 2 || !execute) return type;
	return Object.assign(Object.create(type) as INodeType, {
		async execute(this: IExecuteFunctions) {
			try {
				return await execute.call(this);
			} catch (error) {
				report(error, { executionId: this.getExecutionId(), nodeName: this.getNode().name });
				throw error;
			}
		},
	});
}

/**
 * What a credential test shows for a failed request on each line. n8n 1.x's tester matches the
 * `responseCode` rules against `error.cause.response`, which n8n-workflow 1.x's NodeApiError drops,
 * so there no rule matches and the user sees n8n's own text for the status instead.
 */
export function credentialTestMessage(ruleMessage: string, status: 401 | 403, major = N8N_CORE_MAJOR): string {
	if (major >= 2) return ruleMessage;
	return status === 401 ? 'Authorization failed - please check your credentials' : 'Forbidden - perhaps check your credentials?';
}
