/**
 * Every value a user can map is sent as the README's rules make it, or refused on its own item
 * before any request: generated ids, emails, phones and dates (fast-check, fixed seeds), each batch
 * run through n8n-core against the sandbox and read back from what the sandbox received.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import type { Expected, Moment } from './inputModel';
import { contactIdRule, emailRule, phoneRule, startTimeRule } from './inputModel';
import { addBy, addParameters, expectRefusedRequests, failureOf, PUBLISHED_WORKFLOW, runNode, useSandbox } from './setup';

const sandbox = useSandbox();
const BATCH = 60;
const RUNS = Number(process.env.PROPERTY_RUNS ?? 12);
const SEED = 20261202;

/**
 * Checks each item of a run against what the rules expect of its input; returns the values that were
 * to be sent, per item. A failure names the item and its input (batches are not shrunk: each is a run).
 */
function expectEachItem<T>(items: INodeExecutionData[], inputs: unknown[], expected: Array<Expected<T>>): Array<T | undefined> {
	expect(items).toHaveLength(expected.length);
	return expected.map((rule, index) => {
		const failure = failureOf(items[index]);
		const input = inputs[index];
		if ('refused' in rule) {
			expect({ input, message: failure?.message }).toEqual({ input, message: expect.stringMatching(rule.refused) });
			return undefined;
		}
		expect({ input, refusedWith: failure && !/^HighLevel: /.test(failure.message) ? failure.message : undefined }).toEqual({ input, refusedWith: undefined });
		return rule.sent;
	});
}

/** One run's items; not shrunk, since each try is a whole run and a failure names its input already. */
const batchOf = <T>(arbitrary: fc.Arbitrary<T>) => fc.noShrink(fc.array(arbitrary, { minLength: BATCH, maxLength: BATCH }));

const sorted = (values: unknown[]) => [...values].map((value) => JSON.stringify(value)).sort();

async function runBatch(parameters: INodeParameters, items: IDataObject[], options: { timezone?: string; seed?: string[] } = {}) {
	sandbox().reset();
	expectRefusedRequests();
	return await runNode(sandbox(), parameters, items, { continueOnFail: true, seedContacts: options.seed ?? false, timezone: options.timezone });
}

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const anyText = (maxLength: number) => fc.string({ unit: fc.oneof({ weight: 8, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }, { weight: 1, arbitrary: loneSurrogate }), maxLength });
const padding = fc.constantFrom('', ' ', '  ', '\t', '\n', '\u00a0', '\ufeff', '\u2003');
const padded = (inner: fc.Arbitrary<string>) => fc.tuple(padding, inner, padding).map(([before, value, after]) => `${before}${value}${after}`);

describe('property: every mapped value is sent as the README says, or refused on its own item first', () => {
	it('contact IDs of any Unicode text, control characters, numbers, non-text values and lengths up to 10,000', async () => {
		const id = fc.oneof(
			{ weight: 6, arbitrary: padded(anyText(40)) },
			{ weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 150, maxLength: 10_000 }) },
			{ weight: 1, arbitrary: fc.constantFrom('.', '..', ' . ', 'a/b', '%2F', '?x=1', '#', '../workflows') },
			{ weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(null), fc.boolean(), fc.constant([]), fc.constant({ id: 'x' })) },
		);
		await fc.assert(
			fc.asyncProperty(batchOf(id), async (ids) => {
				const run = await runBatch(addParameters(), ids.map((contactId) => ({ contactId })));
				const sent = expectEachItem(run.items, ids, ids.map(contactIdRule)).filter((value): value is string => value !== undefined);
				const prefix = '/contacts/';
				const received = sandbox().requests.map((request) => decodeURIComponent(request.path.slice(prefix.length, request.path.indexOf('/workflow/'))));
				expect(sorted(received)).toEqual(sorted(sent));
				expect(sandbox().requests.every((request) => request.path.endsWith(`/workflow/${PUBLISHED_WORKFLOW}`))).toBe(true);
			}),
			{ seed: SEED, numRuns: RUNS },
		);
	});

	it('emails, well-formed and not, in any case and padding', async () => {
		const email = fc.oneof(
			{ weight: 5, arbitrary: padded(fc.emailAddress().chain((address) => fc.array(fc.boolean(), { minLength: address.length, maxLength: address.length }).map((upper) => [...address].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('')))) },
			{ weight: 3, arbitrary: padded(anyText(30)) },
			{ weight: 1, arbitrary: fc.constantFrom('a@b', '@b.c', 'a@.c', 'a b@c.d', 'a@b.c\u0001', 'Ünïcode@Exämple.COM', 'İstanbul@example.com') },
			{ weight: 1, arbitrary: fc.oneof(fc.integer(), fc.constant(null), fc.boolean()) },
		);
		await fc.assert(
			fc.asyncProperty(batchOf(email), async (emails) => {
				const run = await runBatch(addBy('email', { ifNotFound: 'skip' }), emails.map((value) => ({ email: value })));
				const sent = expectEachItem(run.items, emails, emails.map(emailRule));
				sent.forEach((value, index) => value !== undefined && expect({ index, email: run.items[index].json.email }).toEqual({ index, email: value }));
				const received = sandbox().requests.filter((request) => request.path === '/contacts/search/duplicate').map((request) => request.query.email);
				expect(sorted(received)).toEqual(sorted(sent.filter((value) => value !== undefined)));
			}),
			{ seed: SEED, numRuns: RUNS },
		);
	});

	it('phone numbers with and without a country code, in any layout, with and without Default Country Code', async () => {
		const separator = fc.constantFrom('', ' ', '-', '.', '/', '(', ')', '  ');
		const layout = (digits: string) =>
			fc.array(separator, { minLength: digits.length, maxLength: digits.length }).map((seps) => [...digits].map((d, i) => `${seps[i]}${d}`).join(''));
		const digitsOf = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
		const phone = fc.oneof(
			{ weight: 4, arbitrary: fc.tuple(fc.constantFrom('+', '00', '+ ', '00 '), digitsOf(5, 16)).chain(([prefix, digits]) => layout(digits).map((body) => `${prefix}${body}`)) },
			{ weight: 4, arbitrary: digitsOf(4, 14).chain(layout) },
			{ weight: 1, arbitrary: padded(anyText(20)) },
			{ weight: 1, arbitrary: fc.oneof(fc.integer({ min: 0 }), fc.constant(null)) },
		);
		const countryCode = fc.constantFrom('', '+1', '1', '+44', '0049', '+353', 'x', '+1234');
		await fc.assert(
			fc.asyncProperty(batchOf(fc.tuple(phone, countryCode)), async (pairs) => {
				const parameters = addBy('phone', { defaultCountryCode: '={{ $json.cc }}', ifNotFound: 'skip' });
				const run = await runBatch(parameters, pairs.map(([value, cc]) => ({ phone: value, cc })));
				const expected = pairs.map(([value, cc]) => phoneRule(value, cc));
				const sent = expectEachItem(run.items, pairs, expected);
				sent.forEach((value, index) => value !== undefined && expect({ index, phone: run.items[index].json.phone }).toEqual({ index, phone: value }));
				const received = sandbox().requests.filter((request) => request.path === '/contacts/search/duplicate').map((request) => request.query.number);
				expect(sorted(received)).toEqual(sorted(sent.filter((value) => value !== undefined)));
			}),
			{ seed: SEED, numRuns: RUNS },
		);
	});

	const ZONES = ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns', 'UTC', 'America/Sao_Paulo'];
	/** The instants the zones change their clocks at, 1975–2060 (found month by month, then by halving). */
	const TRANSITIONS = ZONES.flatMap((zone) => {
		const offsetAt = (epochMs: number) => DateTime.fromMillis(epochMs, { zone }).offset;
		const found: number[] = [];
		for (let month = DateTime.utc(1975, 1, 1); month.year < 2061; month = month.plus({ months: 1 })) {
			let [from, to] = [month.toMillis(), month.plus({ months: 1 }).toMillis()];
			if (offsetAt(from) === offsetAt(to)) continue;
			while (to - from > 60_000) {
				const middle = from + Math.floor((to - from) / 120_000) * 60_000;
				if (offsetAt(middle) === offsetAt(from)) from = middle;
				else to = middle;
			}
			found.push(to);
		}
		return found;
	});
	/** Instants up to three hours either side of a clock change, where a wall-clock time is missing or twice. */
	const nearTransitions = fc.tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -180, max: 180 })).map(([instant, minutes]) => instant + minutes * 60_000);
	const anyInstant = fc.oneof(nearTransitions, fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2100, 0, 1) }));
	const two = (n: number) => String(n).padStart(2, '0');

	/** A date as a user writes it: ISO 8601 with or without an offset, a date alone, digits, or something else. */
	const startTimeText = fc.tuple(anyInstant, fc.constantFrom(...ZONES), fc.nat(9)).chain(([epochMs, zone, form]) => {
		const local = DateTime.fromMillis(epochMs, { zone });
		const date = local.toFormat('yyyy-MM-dd');
		const time = local.toFormat('HH:mm:ss');
		const offset = local.offset;
		const hhmm = `${offset < 0 ? '-' : '+'}${two(Math.floor(Math.abs(offset) / 60))}:${two(Math.abs(offset) % 60)}`;
		const forms = [
			`${date}T${time}${hhmm}`,
			`${date}T${time}.${local.toFormat('SSS')}${hhmm.replace(':', '')}`,
			`${date}T${time}Z`,
			`${date}T${local.toFormat('HH:mm')}`,
			`${date} ${time}`,
			date,
			String(Math.floor(epochMs / 1000)),
			String(epochMs),
			`${date}T${time}.123456789`,
		];
		return form < forms.length ? padded(fc.constant(forms[form])) : fc.constant(`${date}T25:00:00`);
	});
	const startTime = fc.oneof(
		{ weight: 8, arbitrary: startTimeText },
		{ weight: 1, arbitrary: fc.oneof(fc.integer({ min: 0, max: 2 ** 53 - 1 }), fc.double({ min: 1e9, max: 1e14, noNaN: true })) },
		{ weight: 1, arbitrary: fc.constantFrom('2026-02-30', '2026-13-01T00:00', '2026-06-23T10:00:00+25:00', '2026-06-23T10:00:00+05:99', 'tomorrow', '2026-06-23Z', '45000', '20260623') },
	);

	/** Each item enrolled once, its start time as HighLevel received it standing for the moment expected. */
	function expectStartTimes(items: INodeExecutionData[], inputs: unknown[], expected: Array<Expected<Moment>>, contactIds: string[]): void {
		const moments = expectEachItem(items, inputs, expected);
		const received = new Map(sandbox().enrolments.map((enrolment) => [enrolment.contactId, enrolment.eventStartTime]));
		moments.forEach((moment, index) => {
			if (moment === undefined) return expect(received.has(contactIds[index])).toBe(false);
			const sent = received.get(contactIds[index]);
			const input = inputs[index];
			expect({ input, sent, reported: items[index].json.eventStartTime }).toEqual({ input, sent: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?(Z|[+-]\d{2}:\d{2})$/), reported: sent });
			const parsed = DateTime.fromISO(String(sent), { setZone: true });
			expect({ input, epochMs: parsed.toMillis(), offsetMinutes: parsed.offset }).toEqual({ input, ...moment });
		});
	}

	it('start times as text and numbers, with and without offsets, across clock changes in eight time zones', async () => {
		await fc.assert(
			fc.asyncProperty(fc.constantFrom(...ZONES), batchOf(startTime), async (zone, values) => {
				const contactIds = values.map((_, index) => `propStart${String(index).padStart(11, '0')}`);
				const run = await runBatch(addParameters({ additionalFields: { eventStartTime: '={{ $json.start }}' } }), values.map((start, index) => ({ contactId: contactIds[index], start })), { timezone: zone, seed: contactIds });
				expectStartTimes(run.items, values, values.map((value) => startTimeRule(value, zone)), contactIds);
			}),
			{ seed: SEED, numRuns: RUNS },
		);
	});

	it('start times as n8n DateTimes in their own zone and as JS Dates in the workflow zone', async () => {
		await fc.assert(
			fc.asyncProperty(fc.constantFrom(...ZONES), batchOf(fc.tuple(anyInstant, fc.constantFrom(...ZONES))), async (zone, moments) => {
				const contactIds = moments.map((_, index) => `propMoment${String(index).padStart(10, '0')}`);
				const items = moments.map(([epochMs, ownZone], index) => ({ contactId: contactIds[index], epochMs, ownZone }));
				const asDateTime = await runBatch(addParameters({ additionalFields: { eventStartTime: '={{ DateTime.fromMillis($json.epochMs, { zone: $json.ownZone }) }}' } }), items, { timezone: zone, seed: contactIds });
				expectStartTimes(asDateTime.items, moments, moments.map(([epochMs, ownZone]) => ({ sent: { epochMs, offsetMinutes: DateTime.fromMillis(epochMs, { zone: ownZone }).offset } })), contactIds);
				const asDate = await runBatch(addParameters({ additionalFields: { eventStartTime: '={{ new Date($json.epochMs) }}' } }), items, { timezone: zone, seed: contactIds });
				expectStartTimes(asDate.items, moments, moments.map(([epochMs]) => ({ sent: { epochMs, offsetMinutes: DateTime.fromMillis(epochMs, { zone }).offset } })), contactIds);
			}),
			{ seed: SEED, numRuns: Math.max(1, Math.round(RUNS / 2)) },
		);
	});
});
