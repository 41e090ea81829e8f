import { networkInterfaces } from 'node:os';
import { HighLevelPrivateIntegrationApi } from '../../credentials/HighLevelPrivateIntegrationApi.credentials';
import type { INodeParameters } from 'n8n-workflow';
import { harnessLog, runCredentialTest, type HarnessCredential } from '../../tools/harness';
import type { IssuedTokens } from '../../tools/sandbox/oauth';
import type { Fault, Sandbox } from '../../tools/sandbox/server';
import {
	addParameters,
	byId,
	everythingShown,
	expectRefusedRequests,
	expiredMarketplaceApp,
	failureOf,
	freshCredential,
	type NodeRun,
	privateIntegration,
	runNode,
	runReadOnlyApp,
	useSandbox,
} from './setup';

const sandbox = useSandbox();

/** One item per way a request can go wrong, so that every error path has its say. */
const FAULTS: Record<string, Fault | null> = {
	fine00000000000000001: null,
	err500after0000000002: { kind: 'status500', after: true },
	html5020000000000003: { kind: 'html502' },
	emptyBody00000000004: { kind: 'emptyBody' },
	nonJson0000000000005: { kind: 'nonJson200' },
	dropAfter00000000006: { kind: 'dropAfter' },
	hang0000000000000007: { kind: 'hang' },
	unprocessable0000008: { kind: 'status422', messages: ['eventStartTime must be in the future'] },
};

async function runWithEveryFault(box: Sandbox, parameters: INodeParameters, credential: HarnessCredential) {
	box.configure({ faults: FAULTS });
	harnessLog.length = 0;
	const contacts = [...Object.keys(FAULTS).map((contactId) => ({ contactId })), { contactId: 'not a contact' }, { contactId: '' }];
	const withFailures = await runNode(box, { ...addParameters(), ...parameters, options: { timeout: 2000 } }, contacts, {
		continueOnFail: true,
		credential,
	});
	// And one run that fails as a whole (continue-on-fail off).
	const failed = await runNode(box, { ...addParameters(), ...parameters }, [{ contactId: 'unknownContact01' }], { credential, seedContacts: false });
	expect(withFailures.items.filter((item) => failureOf(item)?.message)).toHaveLength(8);
	expect(failed.result.error).toBeDefined();
	return [withFailures, failed];
}

function expectNowhere(runs: NodeRun[], secrets: string[]) {
	// The search is not vacuous: n8n-core did log, and errors do carry their details.
	expect(harnessLog.length).toBeGreaterThan(0);
	for (const run of runs) {
		const shown = everythingShown(run);
		for (const secret of secrets) expect(shown.includes(secret) ? `${secret} shown` : 'not shown').toBe('not shown');
	}
}

describe('secrets never appear in outputs, errors (with their causes) or n8n\'s log', () => {
	it('the Private Integration token, through every failure', async () => {
		// The wrong Version header below is sent on purpose.
		expectRefusedRequests();
		const credential = freshCredential(sandbox());
		const withData = (data: Record<string, string>) => ({ ...credential, data: { ...credential.data, ...data } });
		const runs = await runWithEveryFault(sandbox(), {}, credential);
		sandbox().configure({ faults: { stopped500000000000001: { kind: 'status500', after: true } } });
		// Runs stopped by HighLevel's 500, its 400 for an unknown workflow, its 401 for the Version, and a closed port.
		const stopped = [
			await runNode(sandbox(), addParameters(), [{ contactId: 'stopped500000000000001' }], { credential }),
			await runNode(sandbox(), addParameters({ workflowId: byId('00000000-0000-4000-8000-000000000000') }), [{ contactId: 'x' }], { credential }),
			await runNode(sandbox(), addParameters(), [{ contactId: 'x' }], { credential: withData({ apiVersion: 'nope' }) }),
			await runNode(sandbox(), addParameters(), [{ contactId: 'x' }], { credential: withData({ baseUrl: 'http://127.0.0.1:9' }) }),
		];
		expect(stopped.every((run) => run.result.error)).toBe(true);
		expectNowhere([...runs, ...stopped], [String(credential.data.accessToken)]);
	}, 30_000);

	it("the OAuth2 access token, refresh token and client secret, through a refresh and every failure", async () => {
		const { tokens, credential } = expiredMarketplaceApp(sandbox());
		const runs = await runWithEveryFault(sandbox(), { authentication: 'oAuth2' }, credential);
		const refreshed = runs[1].result.credentials[0].data.oauthTokenData as IssuedTokens;
		expect(refreshed.access_token).not.toBe(tokens.access_token);
		expectNowhere(runs, [tokens.access_token, tokens.refresh_token, refreshed.access_token, refreshed.refresh_token, String(credential.data.clientSecret)]);
	}, 20_000);

	it('the token of an app whose refreshed token is refused too (the error n8n throws itself)', async () => {
		harnessLog.length = 0;
		const { run, tokens, clientSecret } = await runReadOnlyApp();
		expect(run.result.error?.message).toMatch(/\(HTTP 401\)$/);
		const refreshed = run.result.credentials[0].data.oauthTokenData as IssuedTokens;
		expectNowhere([run], [tokens.access_token, tokens.refresh_token, refreshed.access_token, refreshed.refresh_token, clientSecret]);
	});
});

/** An address of this machine that is not loopback, as a remote host would be. */
const remoteLooking = Object.values(networkInterfaces())
	.flat()
	.find((address) => address && address.family === 'IPv4' && !address.internal)?.address;

(remoteLooking ? describe : describe.skip)('a plain http:// Base URL to another host', () => {
	const remote = useSandbox({ host: remoteLooking, contactIds: ['clearText0000000001'] });

	it('is refused by the credential Test, which sends nothing there', async () => {
		const answer = await runCredentialTest(new HighLevelPrivateIntegrationApi(), privateIntegration(remote().url).data);
		expect(answer).toEqual({
			status: 'Error',
			message: 'The Base URL uses plain http://, which would send the Access Token unencrypted: use https:// (plain http is allowed only for localhost)',
		});
		expect(remote().requests).toHaveLength(0);
		// On loopback the same credential is tested as usual.
		const local = await runCredentialTest(new HighLevelPrivateIntegrationApi(), privateIntegration(sandbox().url).data);
		expect(local).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	it('is refused by the node before anything is sent', async () => {
		const { result } = await runNode(remote(), addParameters(), [{ contactId: 'clearText0000000001' }], { credential: privateIntegration(remote().url) });
		expect(result.error?.message).toBe('The Base URL uses plain http://, which would send the Access Token unencrypted');
		expect(remote().requests).toHaveLength(0);
	});
});
