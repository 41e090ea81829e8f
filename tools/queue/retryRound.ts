/**
 * A run that fails midway, then n8n's Retry (POST /rest/executions/:id/retry), in queue mode: how many
 * contacts the retried execution enrols a second time, and whether the failed run's error says so.
 */
import { itemRanges } from '../../nodes/HighLevelWorkflows/helpers/failedRun';
import { type Check, checksInto, enrolmentReport } from './analysis';
import { type ExecutionSummary, finished, listExecutions, postContacts, waitForExecutions } from './round';
import { HIGHLEVEL_WORKFLOW_ID } from '../n8n/project';
import { WEBHOOK_PATH } from './workload';
import { type N8nHandle } from '../n8n/server';
import { type N8nSession } from '../n8n/rest';
import { type SandboxProcess } from '../n8n/sandboxProcess';
import { prefixedLogger } from '../process/log';
import type { Enrolment } from '../sandbox/types';

const log = prefixedLogger('queue');

async function waitForNewExecution(session: N8nSession, known: Set<string>): Promise<ExecutionSummary> {
	const done = (await waitForExecutions(session, known, async (fresh) => fresh.some(finished))).find(finished);
	if (!done) throw new Error('no new execution finished within 5 minutes');
	return done;
}

export async function runRetryRound(
	{ sandbox, main }: { sandbox: SandboxProcess; main: N8nHandle },
	session: N8nSession,
	checks: Check[],
): Promise<void> {
	const contacts = 60;
	await sandbox.reset();
	const contactIds = Array.from({ length: contacts }, (_, i) => `retryc${String(i).padStart(4, '0')}`);
	await sandbox.configure({ contactIds });
	const failing = contactIds[Math.floor(contacts / 2)];
	// Refused once (HighLevel does not carry out a 422), accepted when the retry sends it again.
	await sandbox.configure({ faults: { [failing]: { kind: 'status422', messages: ['eventStartTime is not valid'], times: 1 } } });
	const known = new Set((await listExecutions(session)).map((execution) => execution.id));
	log(`retry: one webhook call with ${contacts} contacts; HighLevel refuses ${failing} once`);
	await postContacts(`${main.url}/webhook/${WEBHOOK_PATH}`, contactIds, 5 * 60_000);
	const failed = await waitForNewExecution(session, known);
	known.add(failed.id);
	const enrolledBefore = (await sandbox.state<{ enrolments: Enrolment[] }>()).enrolments;
	const before = enrolmentReport(enrolledBefore, contactIds, HIGHLEVEL_WORKFLOW_ID);
	const details = JSON.stringify(await session.request('GET', `/rest/executions/${failed.id}`));
	// One item per contact, in order: item i is contactIds[i]. The note names them by Item Index.
	const carriedOut = [...new Set(enrolledBefore.filter((e) => e.workflowId === HIGHLEVEL_WORKFLOW_ID).map((e) => contactIds.indexOf(e.contactId)))].sort((a, b) => a - b);
	const said = details.includes(`carried out in HighLevel, and in no output: ${itemRanges(carriedOut)};`);

	log(`retry: execution ${failed.id} ${failed.status} after ${before.distinct} enrolments; POST /rest/executions/${failed.id}/retry`);
	await session.request('POST', `/rest/executions/${failed.id}/retry`, { loadWorkflow: false });
	const retried = await waitForNewExecution(session, known);
	const after = enrolmentReport((await sandbox.state<{ enrolments: Enrolment[] }>()).enrolments, contactIds, HIGHLEVEL_WORKFLOW_ID);
	const duplicates = after.duplicates.reduce((sum, { count }) => sum + count - 1, 0);
	await sandbox.configure({ clearFaults: true });

	const judge = checksInto(checks, 'retry: ');
	judge(
		"the failed run's error names, by Item Index, the items carried out before it",
		failed.status === 'error' && said,
		`execution ${failed.id} ${failed.status}; ${before.distinct} enrolled before the failure (items ${itemRanges(carriedOut)}); the error names those items: ${said}`,
	);
	judge(
		"n8n's Retry finished, every contact enrolled; the duplicates are the items carried out before the failure",
		retried.status === 'success' && after.missing.length === 0 && duplicates === before.distinct,
		`retried execution ${retried.id} ${retried.status}; ${after.distinct}/${contacts} enrolled, ${duplicates} enrolled twice`,
	);
	const figures = { contacts, carriedOutBeforeFailure: before.distinct, duplicatesAfterRetry: duplicates, errorNamesCount: said };
	log(`retry: ${JSON.stringify(figures)}`);
}
