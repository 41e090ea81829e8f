/**
 * Sends the sandbox's signed HighLevel events to a webhook URL (a HighLevel Trigger's Production
 * URL) and prints every answer:
 *   npx tsx tools/sandbox/webhooks/cli.ts --url http://localhost:5678/webhook/<id>/webhook [--event ContactCreate] [--count 10]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { EVENT_KINDS, minutesAgo, SANDBOX_APP_ID, SANDBOX_EVENT_LOCATION_ID, type EventKind } from './events';
import { burst, countByStatus, delivery, replayOf, WebhookSender } from './sender';
import { SANDBOX_ED25519_PUBLIC_KEY, sandboxRsaPublicKey, SIGNINGS, type Signing } from './signing';

const USAGE = `Usage: npx tsx tools/sandbox/webhooks/cli.ts --url URL [options]
  --url URL             where to POST (the trigger's Production URL)
  --event KIND          ${EVENT_KINDS.join(', ')} (default ContactCreate)
  --count N             deliveries, sent at once (default 1)
  --repeat-percent P    of them, replays of an earlier delivery (same bytes and signature; default 0)
  --replay              send each delivery, then the same bytes again
  --signing S           ${SIGNINGS.join(', ')} (default ed25519)
  --stale-minutes M     timestamp M minutes before now (negative: ahead)
  --no-timestamp        leave timestamp out
  --no-webhook-id       leave webhookId out
  --location ID         locationId (default ${SANDBOX_EVENT_LOCATION_ID}, a sub-account of the sandbox agency)
  --app-id ID           appId (default: only app events carry one, ${SANDBOX_APP_ID}, the sandbox agency app's)
  --answers FILE        also write every answer there as JSON
  --print-public-key    print the sandbox's Ed25519 public key (for the trigger's Ed25519 Public Key) and exit
  --print-rsa-key       print this run's legacy RSA public key and exit (it changes per run)
  --help`;

async function main(): Promise<number> {
	const { values } = parseArgs({
		options: {
			url: { type: 'string' },
			event: { type: 'string', default: 'ContactCreate' },
			count: { type: 'string', default: '1' },
			'repeat-percent': { type: 'string', default: '0' },
			replay: { type: 'boolean', default: false },
			signing: { type: 'string', default: 'ed25519' },
			'stale-minutes': { type: 'string' },
			'no-timestamp': { type: 'boolean', default: false },
			'no-webhook-id': { type: 'boolean', default: false },
			location: { type: 'string' },
			'app-id': { type: 'string' },
			answers: { type: 'string' },
			'print-public-key': { type: 'boolean', default: false },
			'print-rsa-key': { type: 'boolean', default: false },
			help: { type: 'boolean', default: false },
		},
		strict: true,
	});
	const printed = values.help ? USAGE : values['print-public-key'] ? SANDBOX_ED25519_PUBLIC_KEY : values['print-rsa-key'] ? sandboxRsaPublicKey() : undefined;
	if (printed !== undefined) {
		console.log(printed);
		return 0;
	}
	if (!values.url) throw new Error('--url is required');
	if (!EVENT_KINDS.includes(values.event as EventKind)) throw new Error(`--event must be one of ${EVENT_KINDS.join(', ')}`);
	if (!SIGNINGS.includes(values.signing as Signing)) throw new Error(`--signing must be one of ${SIGNINGS.join(', ')}`);
	const count = Number(values.count);
	const repeatShare = Number(values['repeat-percent']) / 100;
	if (!Number.isInteger(count) || count < 1) throw new Error('--count needs a whole number ≥ 1');
	if (!(repeatShare >= 0 && repeatShare < 1)) throw new Error('--repeat-percent needs 0 to 99');

	const stale = values['stale-minutes'] === undefined ? undefined : Number(values['stale-minutes']);
	const options = {
		signing: values.signing as Signing,
		locationId: values.location,
		appId: values['app-id'],
		timestamp: values['no-timestamp'] ? null : stale === undefined ? undefined : minutesAgo(stale),
		webhookId: values['no-webhook-id'] ? null : undefined,
	};
	const kind = values.event as EventKind;
	const deliveries = repeatShare > 0 ? burst(count, repeatShare, kind, options) : Array.from({ length: count }, () => delivery(kind, options));
	const sender = new WebhookSender(values.url);
	const started = Date.now();
	await sender.sendAll(deliveries);
	if (values.replay) await sender.sendAll(deliveries.map(replayOf));
	sender.close();

	for (const answer of sender.answers) {
		console.log(JSON.stringify({ label: answer.label, webhookId: answer.webhookId, status: answer.status, body: answer.body, ms: answer.answeredAt - answer.sentAt, ...(answer.error ? { error: answer.error } : {}) }));
	}
	console.log(`${sender.answers.length} sent in ${Date.now() - started} ms; answers by status: ${JSON.stringify(countByStatus(sender.answers))}`);
	if (values.answers) writeFileSync(values.answers, JSON.stringify(sender.answers, null, 2));
	return sender.answers.every((answer) => answer.status !== 0) ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error instanceof Error ? error.message : error);
		console.error(USAGE);
		process.exit(2);
	},
);
