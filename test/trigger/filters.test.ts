import { HighLevelMarketplaceOAuth2Api } from '../../credentials/HighLevelMarketplaceOAuth2Api.credentials';
import { HighLevelTrigger } from '../../nodes/HighLevelTrigger/HighLevelTrigger.node';
import { runListSearch } from '../../tools/harness';
import { OTHER_APP_ID, OTHER_EVENT_LOCATION_ID, SANDBOX_EVENT_LOCATION_ID, sandboxEvent } from '../../tools/sandbox/webhooks/events';
import { delivery } from '../../tools/sandbox/webhooks/sender';
import { signedRequest } from '../../tools/sandbox/webhooks/signing';
import { TRIGGER_NODE_TYPE } from '../../tools/project';
import { agencyApp, triggerParameters, useTriggerSandbox } from './setup';

const { sandbox, start } = useTriggerSandbox();

const listed = (...ids: string[]) => ({
	subAccounts: 'listed',
	listedSubAccounts: { subAccount: ids.map((value, index) => ({ locationId: { __rl: true, mode: index === 0 ? 'list' : 'id', value } })) },
});
const statuses = (answers: Array<{ body: unknown }>) => answers.map((answer) => (answer.body as { status: string }).status);

describe('HighLevel Trigger: app, event and sub-account filters', () => {
	it("answers another app's event 200 and starts nothing; its own app's events and events without appId run", async () => {
		const trigger = await start();
		const answers = await trigger.send(delivery('INSTALL', { appId: OTHER_APP_ID }), delivery('INSTALL'), delivery('ContactCreate'));
		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
		expect(answers[0].body).toEqual({ status: 'ignored', reason: `The event is app ${OTHER_APP_ID}'s; this trigger's credential is app 6578278e879ad2646715ba9c's` });
		expect(trigger.items().map((item) => item.eventType)).toEqual(['INSTALL', 'ContactCreate']);
	});

	it('runs only the selected event types; the others are answered 200 and start nothing', async () => {
		const trigger = await start(triggerParameters({ events: ['ContactCreate', 'INSTALL'] }));
		const answers = await trigger.send(delivery('OpportunityStageUpdate'), delivery('ContactCreate'), delivery('INSTALL'), delivery('PriceUpdate'));
		expect(statuses(answers)).toEqual(['ignored', 'accepted', 'accepted', 'ignored']);
		expect(answers[0].body).toMatchObject({ reason: 'Events does not include type OpportunityStageUpdate' });
	});

	it("runs events whose type is missing or unlisted (a Price event's type is the price's kind) when Other or Missing Type is selected", async () => {
		const trigger = await start(triggerParameters({ events: ['unlisted'] }));
		const untyped = sandboxEvent('InvoiceCreate');
		delete untyped.type;
		const answers = await trigger.send(delivery('PriceUpdate'), delivery('ContactCreate'), { label: 'untyped', ...signedRequest(JSON.stringify(untyped), 'ed25519') });
		expect(statuses(answers)).toEqual(['accepted', 'ignored', 'accepted']);
		expect(trigger.items().map((item) => item.eventType)).toEqual(['one_time', null]);
	});

	it('with Sub-Accounts listed, runs their events and agency-level ones, and answers another sub-account 200 with nothing started', async () => {
		const trigger = await start(triggerParameters(listed(SANDBOX_EVENT_LOCATION_ID, 'sandboxBakery000004')));
		const answers = await trigger.send(
			delivery('ContactCreate'),
			delivery('ContactCreate', { locationId: 'sandboxBakery000004' }),
			delivery('ContactCreate', { locationId: OTHER_EVENT_LOCATION_ID }),
			delivery('AgencyInstall'),
			delivery('AgencyUserCreate'),
		);
		expect(statuses(answers)).toEqual(['accepted', 'accepted', 'ignored', 'accepted', 'accepted']);
		expect(answers[2].body).toMatchObject({ reason: `Sub-account ${OTHER_EVENT_LOCATION_ID} is not among the Sub-Accounts to Receive` });
		expect(trigger.items().map((item) => item.locationId)).toEqual([SANDBOX_EVENT_LOCATION_ID, 'sandboxBakery000004', null, null]);
	});

	it('drops agency-level events (no locationId) when Include Agency-Level Events is off', async () => {
		const trigger = await start(triggerParameters({ includeAgencyEvents: false }));
		const answers = await trigger.send(delivery('AgencyInstall'), delivery('AgencyUninstall'), delivery('LocationCreate'), delivery('ContactCreate', { locationId: OTHER_EVENT_LOCATION_ID }));
		expect(statuses(answers)).toEqual(['ignored', 'ignored', 'ignored', 'accepted']);
	});

	it('takes a bulk install naming a listed sub-account in locationIds', async () => {
		const trigger = await start(triggerParameters({ ...listed(SANDBOX_EVENT_LOCATION_ID), includeAgencyEvents: false }));
		const bulk = { ...sandboxEvent('AgencyInstall'), locationIds: ['sandboxBakery000004', SANDBOX_EVENT_LOCATION_ID] };
		const elsewhere = { ...sandboxEvent('AgencyInstall'), locationIds: ['sandboxBakery000004'] };
		const answers = await trigger.send(...[bulk, elsewhere].map((event) => ({ label: 'bulk install', ...signedRequest(JSON.stringify(event), 'ed25519') })));
		expect(statuses(answers)).toEqual(['accepted', 'ignored']);
	});

	it('stops publishing when Sub-Accounts is Only Those Listed and none is listed', async () => {
		const trigger = await start(triggerParameters({ subAccounts: 'listed', listedSubAccounts: {} }), { publish: false });
		await expect(trigger.lifecycle('create')).rejects.toThrow('Sub-Accounts to Receive is empty');
	});

	it("lists the agency's sub-accounts where the app is installed, by name, in Sub-Accounts to Receive", async () => {
		const result = await runListSearch({
			nodeType: new HighLevelTrigger(),
			typeName: TRIGGER_NODE_TYPE,
			method: 'searchSubAccounts',
			credentialTypes: [new HighLevelMarketplaceOAuth2Api()],
			credentials: [agencyApp(sandbox())],
			parameters: triggerParameters({ subAccounts: 'listed' }),
		});
		expect(result.results.map((entry) => `${entry.name} ${entry.value}`)).toEqual([
			'Bright Smile Dental sandboxDental000002',
			'Iron Peak Gym sandboxGym000000003',
			'Corner Bakery sandboxBakery000004',
		]);
	});
});

describe('HighLevel Trigger: the app it expects', () => {
	it("goes by the app kept at publishing: after the credential's Client ID changes, the new app's events count as another app's, and checkExists reports the change (n8n then sets the trigger up again)", async () => {
		const credential = agencyApp(sandbox());
		const trigger = await start(triggerParameters(), { credential });
		credential.data.clientId = `${OTHER_APP_ID}-renamed`;
		expect(statuses(await trigger.send(delivery('INSTALL', { appId: OTHER_APP_ID })))).toEqual(['ignored']);
		expect(await trigger.lifecycle('checkExists')).toBe(false);
	});
});
