/** The example workflow and the variants of it that execute.test.ts runs, imported by the global setup. */
import { SEEDED_WORKFLOWS, WORKFLOW_IDS as SANDBOX_WORKFLOW_IDS } from '../../../tools/sandbox/fixtures';
import type { WorkflowJson } from '../../../tools/n8n/cli';
import { EXAMPLE_WORKFLOW_ID, exampleContactIds, loadExampleWorkflow } from '../../../tools/n8n/project';

const seeded = (id: string) => SEEDED_WORKFLOWS.find((workflow) => workflow.id === id)!;

export const SANDBOX_WORKFLOWS = {
	newLeadNurture: seeded(SANDBOX_WORKFLOW_IDS.newLeadNurture),
	appointmentFollowUp: seeded(SANDBOX_WORKFLOW_IDS.appointmentFollowUp),
};

export const CONTACTS_NODE = 'Contacts';
export const HIGHLEVEL_NODE = 'Add to Workflow';

/** Contact ids the example's Code node produces. */
export const EXAMPLE_CONTACT_IDS = exampleContactIds();
/** Never seeded, so the sandbox answers 400, as HighLevel does for an unknown contact. */
export const MISSING_CONTACT_ID = 'no-such-contact';
export const EDITOR_CONTACT_ID = 'e2eEditorContact01';
const VARIANT_CONTACT_IDS = {
	noStartTime: ['e2eNoStart01', 'e2eNoStart02'],
	fixedStartTime: ['e2eFixedStart01'],
	continueOnFail: ['e2eGood01', MISSING_CONTACT_ID, 'e2eGood02'],
};
/** Every contact the e2e tests enrol: seeded into the sandbox, which knows no others. */
export const E2E_CONTACT_IDS = [
	...EXAMPLE_CONTACT_IDS,
	...Object.values(VARIANT_CONTACT_IDS).flat().filter((id) => id !== MISSING_CONTACT_ID),
	EDITOR_CONTACT_ID,
];
export const FIXED_EVENT_START = '2030-01-15T09:30:00+01:00';

export const WORKFLOW_IDS = {
	example: EXAMPLE_WORKFLOW_ID,
	noStartTime: 'hlE2eNoStartTime',
	fixedStartTime: 'hlE2eFixedStart',
	continueOnFail: 'hlE2eContinueOnFail',
	stopOnFail: 'hlE2eStopOnFail',
} as const;

type Node = { name: string; type: string; parameters: Record<string, unknown>; [key: string]: unknown };

/** The example with its own contacts, the HighLevel node's parameters changed and its settings added. */
function variant(id: string, name: string, contactIds: string[], parameters: Record<string, unknown>, settings: Record<string, unknown> = {}): WorkflowJson {
	const workflow = loadExampleWorkflow(id);
	workflow.name = name;
	const nodes = workflow.nodes as Node[];
	const contacts = nodes.find((node) => node.name === CONTACTS_NODE);
	const highLevel = nodes.find((node) => node.name === HIGHLEVEL_NODE);
	if (!contacts || !highLevel) throw new Error(`examples/add-contact-to-workflow.json has no "${CONTACTS_NODE}" or "${HIGHLEVEL_NODE}" node`);
	contacts.parameters = {
		...contacts.parameters,
		jsCode: `return ${JSON.stringify(contactIds.map((contactId) => ({ json: { contactId } })))};`,
	};
	Object.assign(highLevel, settings, { parameters: { ...highLevel.parameters, ...parameters } });
	return workflow;
}

export function e2eWorkflows(): WorkflowJson[] {
	return [
		loadExampleWorkflow(WORKFLOW_IDS.example),
		variant(WORKFLOW_IDS.noStartTime, 'E2E: add without event start time', VARIANT_CONTACT_IDS.noStartTime, {
			additionalFields: {},
			workflowId: { __rl: true, mode: 'id', value: SANDBOX_WORKFLOWS.appointmentFollowUp.id },
		}),
		variant(WORKFLOW_IDS.fixedStartTime, 'E2E: add with a fixed event start time', VARIANT_CONTACT_IDS.fixedStartTime, { additionalFields: { eventStartTime: FIXED_EVENT_START } }),
		variant(WORKFLOW_IDS.continueOnFail, 'E2E: continue on fail', VARIANT_CONTACT_IDS.continueOnFail, { additionalFields: {} }, { onError: 'continueRegularOutput' }),
		variant(WORKFLOW_IDS.stopOnFail, 'E2E: stop on fail', [MISSING_CONTACT_ID], { additionalFields: {} }),
	];
}
