import { addParameters, GET_ALL_WORKFLOWS, privateIntegration, PUBLISHED_WORKFLOW, runNode, useSandbox, failureOf } from './setup';
import { INVENTED } from '../../tools/sandbox/replies';

const sandbox = useSandbox();

describe('bad input: a clear error on its own item, nothing else lost', () => {
	it('refuses ids of the wrong kind from expressions, and trims the rest', async () => {
		const run = await runNode(
			sandbox(),
			addParameters({ contactId: '={{ $json.contactId }}' }),
			[
				{ contactId: { id: 'x' } },
				{ contactId: ['a', 'b'] },
				{ contactId: true },
				{ contactId: null },
				{ contactId: '  \t ' },
				{ contactId: '  padded0000000000001  ' },
				{ contactId: 12345 },
			],
			{ continueOnFail: true },
		);
		expect(run.items.map((item) => failureOf(item)?.message ?? item.json.contactId)).toEqual([
			'Contact ID must be text, but the value is an object',
			'Contact ID must be text, but the value is a list',
			'Contact ID must be text, but the value is a boolean',
			'Contact ID is empty',
			'Contact ID is empty',
			'padded0000000000001',
			'12345',
		]);
		expect(failureOf(run.items[0])?.description).toMatch(/^Map the HighLevel contact ID into Contact ID/);
		expect(sandbox().requests.map((r) => r.path)).toEqual(
			expect.arrayContaining([`/contacts/padded0000000000001/workflow/${PUBLISHED_WORKFLOW}`, `/contacts/12345/workflow/${PUBLISHED_WORKFLOW}`]),
		);
		expect(sandbox().requests).toHaveLength(2);
	});

	it('percent-encodes ids so they stay one path segment and never reach another endpoint', async () => {
		const ids = ['a/b', 'x?y=1', 'frag#ment', '100%', '../workflows', 'ünïcødé✓', 'a b'];
		const run = await runNode(sandbox(), addParameters(), ids.map((contactId) => ({ contactId })), {
			continueOnFail: true,
			seedContacts: false,
		});
		expect(run.items).toHaveLength(ids.length);
		expect(sandbox().requests.map((r) => r.path).sort()).toEqual(
			[
				'/contacts/a%2Fb/workflow/',
				'/contacts/x%3Fy%3D1/workflow/',
				'/contacts/frag%23ment/workflow/',
				'/contacts/100%25/workflow/',
				'/contacts/..%2Fworkflows/workflow/',
				'/contacts/%C3%BCn%C3%AFc%C3%B8d%C3%A9%E2%9C%93/workflow/',
				'/contacts/a%20b/workflow/',
			]
				.map((prefix) => `${prefix}${PUBLISHED_WORKFLOW}`)
				.sort(),
		);
		// Each reached the add endpoint and was refused there as an unknown contact, nowhere else.
		for (const item of run.items) expect(failureOf(item)?.message).toBe(`HighLevel: ${INVENTED.contactNotFound} (HTTP 400)`);
	});

	it.each(['.', '..'])('refuses the id "%s", which a URL would read as a path step', async (contactId) => {
		const { items } = await runNode(sandbox(), addParameters(), [{ contactId }], { continueOnFail: true });
		expect(failureOf(items[0])?.message).toBe(`Contact ID "${contactId}" is not a valid ID`);
		expect(sandbox().requests).toHaveLength(0);
	});

	it.each([
		['ftp://services.leadconnectorhq.com', 'The Base URL must start with https://, not ftp://'],
		['http://services.leadconnectorhq.com', 'The Base URL uses plain http://, which would send the Access Token unencrypted'],
		['services.leadconnectorhq.com', 'The Base URL "services.leadconnectorhq.com" is not a valid URL'],
	])('refuses the Base URL %s before sending the token anywhere', async (baseUrl, message) => {
		const { items } = await runNode(sandbox(), addParameters(), [{ contactId: 'abc' }, { contactId: 'def' }], {
			continueOnFail: true,
			credential: privateIntegration(baseUrl),
		});
		expect(items.map((item) => failureOf(item)?.message)).toEqual([message, message]);
	});

	it('says the Location ID is missing when a lookup needs it', async () => {
		const credential = privateIntegration(sandbox().url, { locationId: '  ' });
		const { items } = await runNode(sandbox(), GET_ALL_WORKFLOWS, [{}], { continueOnFail: true, credential });
		expect(failureOf(items[0])?.message).toBe('The credential has no Location ID');
		expect(failureOf(items[0])?.description).toMatch(/^Open the credential and fill in Location ID/);
		expect(sandbox().requests).toHaveLength(0);
	});

	it('reports a closed port as unreachable, after retrying what was never sent', async () => {
		const run = await runNode(sandbox(), addParameters(), [{ contactId: 'abc' }], {
			continueOnFail: true,
			credential: privateIntegration('http://127.0.0.1:9'),
		});
		expect(failureOf(run.items[0])?.message).toBe('Could not reach HighLevel at http://127.0.0.1:9');
		expect(failureOf(run.items[0])?.description).toMatch(/\(ECONNREFUSED\).*running the item again is safe$/);
	}, 15_000);
});
