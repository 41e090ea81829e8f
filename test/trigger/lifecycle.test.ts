import { agencyApp, subAccountApp, triggerParameters, useTriggerSandbox } from './setup';

const { sandbox, start } = useTriggerSandbox();

describe('HighLevel Trigger: publishing (webhookMethods)', () => {
	it("on publishing, asks HighLevel with the agency token whether it knows the app, and keeps the URL and app the app's settings should name", async () => {
		const trigger = await start(triggerParameters(), { publish: false });
		expect(await trigger.lifecycle('checkExists')).toBe(false);
		expect(await trigger.lifecycle('create')).toBe(true);

		expect(sandbox().requests.map((request) => `${request.method} ${request.path}?appId=${String(request.query.appId)}`)).toEqual([
			'GET /oauth/installedLocations?appId=6578278e879ad2646715ba9c',
		]);
		expect(trigger.staticData).toEqual({ 'node:Trigger Under Test': { webhookUrl: trigger.url, appId: '6578278e879ad2646715ba9c' } });
		expect(await trigger.lifecycle('checkExists')).toBe(true);
	});

	it('registers nothing with HighLevel: publishing, checking and unpublishing send no request but that one GET', async () => {
		const trigger = await start(triggerParameters(), { publish: false });
		await trigger.lifecycle('create');
		await trigger.lifecycle('checkExists');
		await trigger.lifecycle('delete');
		expect(sandbox().requests.map((request) => request.method)).toEqual(['GET']);
		expect(await trigger.lifecycle('checkExists')).toBe(false);
		expect(trigger.staticData).toEqual({ 'node:Trigger Under Test': {} });
	});

	it('sees a different URL (the test URL while listening for a test event) as not set up', async () => {
		const trigger = await start();
		expect(await trigger.lifecycle('checkExists', 'manual')).toBe(false);
	});

	it('fails publishing with a clear error when HighLevel does not know the app of the Client ID', async () => {
		const trigger = await start(triggerParameters(), { publish: false, credential: agencyApp(sandbox(), 'unknownApp000000001-suffix') });
		await expect(trigger.lifecycle('create')).rejects.toThrow('HighLevel did not confirm app unknownApp000000001 for agency sandboxCompany00001 (HTTP 400): App not found');
	});

	it('publishes with a sub-account token without asking HighLevel (no call every sub-account token may make)', async () => {
		const trigger = await start(triggerParameters(), { publish: false, credential: subAccountApp(sandbox()) });
		expect(await trigger.lifecycle('create')).toBe(true);
		expect(sandbox().requests).toHaveLength(0);
		expect(trigger.staticData).toEqual({ 'node:Trigger Under Test': { webhookUrl: trigger.url, appId: 'sandbox' } });
	});

	it('fails publishing while the credential is not connected', async () => {
		const credential = agencyApp(sandbox());
		delete credential.data.oauthTokenData;
		const trigger = await start(triggerParameters(), { publish: false, credential });
		await expect(trigger.lifecycle('create')).rejects.toThrow('The HighLevel credential is not connected');
	});
});
