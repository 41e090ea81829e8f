import { DEFAULT_LOCATION } from './fixtures';
import { idGenerator } from './random';
import type { Contact, Enrolment, Location, RecordedRequest, Removal, TokenRequest, Workflow } from './types';

export interface SeedData {
	contacts: readonly Contact[];
	workflows: readonly Workflow[];
	locations: readonly Location[];
	seed: number;
}

const pairKey = (contactId: string, workflowId: string): string => `${contactId}|${workflowId}`;

/** A contact is found by its email in any case, or by its phone exactly as stored: HighLevel documents no rule that would make two forms one. */
type IndexKind = 'email' | 'phone';
const indexKey = (locationId: string, kind: IndexKind, value: string): string =>
	`${locationId}|${kind}|${kind === 'email' ? value.toLowerCase() : value}`;

/** Seeded data plus everything the sandbox has been asked to do since the last reset. */
export class SandboxState {
	readonly requests: RecordedRequest[] = [];
	readonly enrolments: Enrolment[] = [];
	readonly removals: Removal[] = [];
	readonly createdContacts: Contact[] = [];
	/** Every POST /oauth/token, its form and its answer (checked against HighLevel's spec like `requests`). */
	readonly oauthTokenRequests: TokenRequest[] = [];

	private readonly statusCounts = new Map<number, number>();
	private readonly contacts = new Map<string, Contact>();
	/** indexKey → contact id. */
	private readonly index = new Map<string, string>();
	private readonly workflows = new Map<string, readonly Workflow[]>();
	private readonly locations: ReadonlyMap<string, Location>;
	private nextId: () => string;
	private seeded: Contact[];
	private inFlight = 0;
	/** Most requests received and not yet answered at one time. */
	peakInFlight = 0;

	constructor(private readonly seed: SeedData) {
		this.seeded = [...seed.contacts];
		for (const workflow of seed.workflows) this.workflows.set(workflow.locationId, [...this.workflowsOf(workflow.locationId), workflow]);
		this.locations = new Map(seed.locations.map((location) => [location.id, location]));
		this.nextId = idGenerator(seed.seed);
		this.loadSeedContacts();
	}

	reset(): void {
		for (const list of [this.requests, this.enrolments, this.removals, this.createdContacts, this.oauthTokenRequests]) list.length = 0;
		this.statusCounts.clear();
		this.peakInFlight = this.inFlight;
		this.nextId = idGenerator(this.seed.seed);
		this.loadSeedContacts();
	}

	workflowsOf(locationId: string): readonly Workflow[] {
		return this.workflows.get(locationId) ?? [];
	}

	findWorkflow(locationId: string, workflowId: string): Workflow | undefined {
		return this.workflowsOf(locationId).find((workflow) => workflow.id === workflowId);
	}

	location(locationId: string): Location {
		return this.locations.get(locationId) ?? { ...DEFAULT_LOCATION, id: locationId };
	}

	findContact(locationId: string, contactId: string): Contact | undefined {
		const contact = this.contacts.get(contactId);
		return contact && contact.locationId === locationId ? contact : undefined;
	}

	/**
	 * A contact of another sub-account. HighLevel documents 403 "The token does not have access to
	 * this location" for a location that is not the token's; the sandbox answers that for its contacts too.
	 */
	contactElsewhere(locationId: string, contactId: string): boolean {
		const contact = this.contacts.get(contactId);
		return contact !== undefined && contact.locationId !== locationId;
	}

	findBy(kind: IndexKind, locationId: string, value: string): Contact | undefined {
		const id = this.index.get(indexKey(locationId, kind, value));
		return id === undefined ? undefined : this.contacts.get(id);
	}

	createContact(fields: Omit<Contact, 'id'>): Contact {
		let id = this.nextId();
		while (this.contacts.has(id)) id = this.nextId();
		const contact: Contact = { id, ...fields };
		this.store(contact);
		this.createdContacts.push({ ...contact, tags: [...contact.tags] });
		return contact;
	}

	updateContact(contact: Contact, fields: Partial<Omit<Contact, 'id' | 'locationId'>>): Contact {
		this.indexed(contact, false);
		Object.assign(contact, fields);
		this.store(contact);
		return contact;
	}

	/** Adds contacts to the seed: they exist now and again after every reset. Known ids stay as they are. */
	seedContacts(contacts: readonly Contact[]): void {
		for (const contact of contacts) {
			if (this.contacts.has(contact.id)) continue;
			this.seeded.push(contact);
			this.store({ ...contact, tags: [...contact.tags] });
		}
	}

	started(): void {
		this.inFlight++;
		this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
	}

	/** Counts the answer's status (0: none); a hanging request stays in flight. */
	answered(status: number, hanging: boolean): void {
		this.statusCounts.set(status, (this.statusCounts.get(status) ?? 0) + 1);
		if (!hanging) this.inFlight--;
	}

	/** `${contactId}|${workflowId}` → number of enrolments. */
	enrolmentCounts(): Map<string, number> {
		const counts = new Map<string, number>();
		for (const { contactId, workflowId } of this.enrolments) {
			const key = pairKey(contactId, workflowId);
			counts.set(key, (counts.get(key) ?? 0) + 1);
		}
		return counts;
	}

	summary() {
		const byStatus: Record<string, number> = {};
		for (const [status, count] of [...this.statusCounts].sort((a, b) => a[0] - b[0])) byStatus[status] = count;
		const counts = this.enrolmentCounts();
		/** The first 100 contact/workflow pairs enrolled more than once. */
		const duplicates: Array<{ contactId: string; workflowId: string; count: number }> = [];
		let max = 0;
		let duplicatePairs = 0;
		for (const [key, count] of counts) {
			max = Math.max(max, count);
			if (count <= 1) continue;
			duplicatePairs++;
			if (duplicates.length < 100) {
				const [contactId, workflowId] = key.split('|');
				duplicates.push({ contactId, workflowId, count });
			}
		}
		return {
			totalRequests: [...this.statusCounts.values()].reduce((sum, count) => sum + count, 0),
			byStatus,
			enrolments: this.enrolments.length,
			distinctEnrolments: counts.size,
			maxEnrolmentsPerContactWorkflow: max,
			duplicatePairs,
			duplicateEnrolments: duplicates,
			removals: this.removals.length,
			createdContacts: this.createdContacts.length,
			peakInFlight: this.peakInFlight,
		};
	}

	private loadSeedContacts(): void {
		this.contacts.clear();
		this.index.clear();
		for (const contact of this.seeded) this.store({ ...contact, tags: [...contact.tags] });
	}

	private store(contact: Contact): void {
		this.contacts.set(contact.id, contact);
		this.indexed(contact, true);
	}

	/** Adds the contact's email and phone to the index, or takes them out. */
	private indexed(contact: Contact, add: boolean): void {
		for (const kind of ['email', 'phone'] as const) {
			const value = contact[kind];
			if (!value) continue;
			const key = indexKey(contact.locationId, kind, value);
			if (add) this.index.set(key, contact.id);
			else this.index.delete(key);
		}
	}
}
