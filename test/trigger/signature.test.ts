import { delivery } from '../../tools/sandbox/webhooks/sender';
import { sandboxEvent } from '../../tools/sandbox/webhooks/events';
import { ed25519Signature, SANDBOX_ED25519_PUBLIC_KEY, sandboxRsaPublicKey } from '../../tools/sandbox/webhooks/signing';
import { triggerParameters, useTriggerSandbox } from './setup';

const { start } = useTriggerSandbox();

describe('HighLevel Trigger: signatures', () => {
	it('accepts an event signed with the Ed25519 key: 200, one execution with the event as sent, its type, sub-account and time received', async () => {
		const trigger = await start();
		const before = Date.now();
		const contactCreated = delivery('ContactCreate');
		const [answer] = await trigger.send(contactCreated);

		expect(answer).toMatchObject({ status: 200, body: { status: 'accepted' } });
		expect(trigger.items()).toEqual([
			{
				eventType: 'ContactCreate',
				locationId: 'sandboxDental000002',
				receivedAt: expect.any(String),
				event: JSON.parse(contactCreated.body.toString()),
			},
		]);
		const receivedAt = Date.parse(String(trigger.items()[0].receivedAt));
		expect(receivedAt).toBeGreaterThanOrEqual(before - 1);
		expect(receivedAt).toBeLessThanOrEqual(Date.now());
		expect(JSON.stringify(trigger.executions)).not.toContain(contactCreated.headers['x-ghl-signature']);
		expect(JSON.stringify(trigger.executions).toLowerCase()).not.toContain('signature');
	});

	it.each([
		['has no signature', 'none', 'The request has no X-GHL-Signature header'],
		['is signed with another key', 'forged', 'does not match'],
		['was changed after signing', 'tampered', 'does not match'],
		['carries a signature that is not base64', 'garbled', 'does not match'],
	] as const)('refuses a delivery that %s: 401, nothing started', async (_, signing, reason) => {
		const trigger = await start();
		const [answer] = await trigger.send(delivery('ContactCreate', { signing }));
		expect(answer.status).toBe(401);
		expect(answer.body).toEqual({ status: 'refused', reason: expect.stringContaining(reason) });
		expect(trigger.executions).toHaveLength(0);
	});

	it("checks against HighLevel's published key when no key is pasted: the sandbox's signature is refused", async () => {
		const trigger = await start(triggerParameters({ options: {} }));
		const [answer] = await trigger.send(delivery('ContactCreate'));
		expect(answer.status).toBe(401);
		expect(trigger.executions).toHaveLength(0);
	});

	it('refuses a delivery signed only with the legacy X-WH-Signature while Accept Legacy RSA Signature is off, and says so', async () => {
		const trigger = await start(triggerParameters({}, { rsaPublicKey: sandboxRsaPublicKey() }));
		const [answer] = await trigger.send(delivery('ContactCreate', { signing: 'legacy-rsa' }));
		expect(answer).toMatchObject({ status: 401, body: { reason: expect.stringContaining('Accept Legacy RSA Signature') } });
		expect(trigger.executions).toHaveLength(0);
	});

	it('accepts the legacy RSA signature with the option on, verified with the pasted RSA key', async () => {
		const trigger = await start(triggerParameters({}, { acceptLegacySignature: true, rsaPublicKey: sandboxRsaPublicKey() }));
		const answers = await trigger.send(delivery('ContactCreate', { signing: 'legacy-rsa' }), delivery('ContactCreate', { signing: 'both' }));
		expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
		expect(trigger.executions).toHaveLength(2);
	});

	it('with both headers, goes by the Ed25519 signature: a forged one is refused even beside a valid RSA signature', async () => {
		const trigger = await start(triggerParameters({}, { acceptLegacySignature: true, rsaPublicKey: sandboxRsaPublicKey() }));
		const valid = delivery('ContactCreate', { signing: 'both' });
		const forged = { ...valid, headers: { ...valid.headers, 'x-ghl-signature': delivery('ContactCreate', { signing: 'forged' }).headers['x-ghl-signature'] } };
		const [answer] = await trigger.send(forged);
		expect(answer.status).toBe(401);
		expect(trigger.executions).toHaveLength(0);
	});

	it("accepts a body whose bytes differ from what was signed only in formatting, as HighLevel's SDK checks it (JSON.stringify of the body)", async () => {
		const trigger = await start();
		const event = sandboxEvent('ContactCreate');
		const signature = ed25519Signature(Buffer.from(JSON.stringify(event)));
		const [answer] = await trigger.send({ label: 'pretty-printed', body: Buffer.from(JSON.stringify(event, null, 2)), headers: { 'x-ghl-signature': signature } });
		expect(answer.status).toBe(200);
		expect(trigger.items()[0].event).toEqual(event);
	});

	it('with Signature Check off, accepts an unsigned event (and still refuses a body that is no JSON object)', async () => {
		const trigger = await start(triggerParameters({ signatureCheck: 'off' }));
		const answers = await trigger.send(delivery('ContactCreate', { signing: 'none' }), { label: 'a list', body: Buffer.from('[1,2]'), headers: {} });
		expect(answers.map((answer) => answer.status)).toEqual([200, 400]);
		expect(trigger.executions).toHaveLength(1);
	});

	it.each([
		['a PEM whose line breaks became spaces', SANDBOX_ED25519_PUBLIC_KEY.replace(/\n/g, ' ')],
		['the base64 line of the PEM alone', SANDBOX_ED25519_PUBLIC_KEY.split('\n')[1]],
	])('takes a pasted Ed25519 key given as %s', async (_, publicKey) => {
		const trigger = await start(triggerParameters({}, { publicKey }));
		const [answer] = await trigger.send(delivery('ContactCreate'));
		expect(answer.status).toBe(200);
	});

	it.each([
		['Ed25519 Public Key', { publicKey: 'paste the key here!' }, 'it is neither a PEM public key nor base64'],
		['Ed25519 Public Key', { publicKey: 'MCowBQYDK2VwAyEA' }, 'it is not a public key (SubjectPublicKeyInfo)'],
		['Ed25519 Public Key', { publicKey: sandboxRsaPublicKey() }, 'it is an RSA key, not Ed25519'],
		['RSA Public Key (Legacy)', { acceptLegacySignature: true, rsaPublicKey: 'MCowBQYDK2VwAyEAi2HR1srL4o18O8BRa7gVJY7G7bupbN3H9AwJrHCDiOg=' }, 'it is an Ed25519 key, not RSA'],
	])('stops publishing with an error naming the %s when the pasted key cannot be used (%#)', async (field, options, reason) => {
		const trigger = await start(triggerParameters({ options }), { publish: false });
		await expect(trigger.lifecycle('create')).rejects.toThrow(`The ${field} cannot be used: ${reason}`);
	});
});
