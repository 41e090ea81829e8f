import { DEFAULT_LOCATION } from './fixtures';
import { idGenerator } from './random';
import type { Contact, Enrolment, JsonObject, Location, RecordedRequest, Removal, TokenRequest, Workflow } from './types';

export interface SeedData {
	contacts: readonly Contact[];
	workflows: readonly Workflow[];
	locations: readonly Location[];
	seed: number;
}

export interface StateSummary extends JsonObject {
	totalRequests: number;
	byStatus: Record<string, number>;
	enrolments: number;
	distinctEnrolments: number;
	/** Highest number of enrolments of one contact into one workflow. */
	maxEnrolmentsPerContactWorkflow: number;
	/** Contact/workflow pairs enrolled more than once. */
	duplicatePairs: number;
	/** The first 100 of those pairs. */
	duplicateEnrolments: Array<{ contactId: string; workflowId: string; count: number }>;
	removals: number;
	createdContacts: number;
	peakInFlight: number;
}

const pairKey = (contactId: string, workflowId: string): string => `${contactId}|${workflowId}`;

/** Seeded data plus everything the sandbox has been asked to do since the last reset. */
export class SandboxState {
	readonly requests: RecordedRequest[] = [];
	readonly enrolments: Enrolment[] = [];
	readonly removals: Removal[] = [];
	readonly createdContacts: Contact[] = [];
	readonly oauthTokenRequests: TokenRequest[] = [];

	private totalRequests = 0;
	private readonly statusCounts = new Map<number, number>();
	private readonly pairCounts = new Map<string, number>();
	private readonly contacts = new Map<string, Contact>();
	private readonly byEmail = new Map<string, string>();
	private readonly byPhone = new Map<string, string>();
	private readonly workflows: ReadonlyMap<string, readonly Workflow[]>;
	private readonly locations: ReadonlyMap<string, Location>;
	private nextId: () => string;
	private seeded: Contact[];
	private inFlight = 0;
	/** Most requests received and not yet answered at one time. */
	peakInFlight = 0;

	constructor(private readonly seed: SeedData) {
		this.seeded = [...seed.contacts];
		const workflows = new Map<string, Workflow[]>();
		for (const workflow of seed.workflows) {
			const list = workflows.get(workflow.locationId) ?? [];
			list.push(workflow);
			workflows.set(workflow.locationId, list);
		}
		this.workflows = workflows;
		this.locations = new Map(seed.locations.map((location) => [location.id, location]));
		this.nextId = idGenerator(seed.seed);
		this.loadSeedContacts();
	}

	reset(): void {
		this.requests.length = 0;
		this.enrolments.length = 0;
		this.removals.length = 0;
		this.createdContacts.length = 0;
		this.oauthTokenRequests.length = 0;
		this.totalRequests = 0;
		this.statusCounts.clear();
		this.pairCounts.clear();
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

	findByEmail(locationId: string, email: string): Contact | undefined {
		const id = this.byEmail.get(`${locationId}|${email.toLowerCase()}`);
		return id === undefined ? undefined : this.contacts.get(id);
	}

	/** Exact match on the number as it was stored: HighLevel documents no rule that would make two forms one. */
	findByPhone(locationId: string, phone: string): Contact | undefined {
		const id = this.byPhone.get(`${locationId}|${phone}`);
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
		this.unindex(contact);
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

	finished(): void {
		this.inFlight--;
	}

	countResponse(status: number): void {
		this.totalRequests++;
		this.statusCounts.set(status, (this.statusCounts.get(status) ?? 0) + 1);
	}

	recordEnrolment(enrolment: Enrolment): void {
		this.enrolments.push(enrolment);
		const key = pairKey(enrolment.contactId, enrolment.workflowId);
		this.pairCounts.set(key, (this.pairCounts.get(key) ?? 0) + 1);
	}

	recordRemoval(removal: Removal): void {
		this.removals.push(removal);
	}

	/** `${contactId}|${workflowId}` → number of enrolments. */
	enrolmentCounts(): Map<string, number> {
		return new Map(this.pairCounts);
	}

	summary(): StateSummary {
		const byStatus: Record<string, number> = {};
		for (const [status, count] of [...this.statusCounts].sort((a, b) => a[0] - b[0])) byStatus[status] = count;
		const duplicates: StateSummary['duplicateEnrolments'] = [];
		let max = 0;
		let duplicatePairs = 0;
		for (const [key, count] of this.pairCounts) {
			max = Math.max(max, count);
			if (count <= 1) continue;
			duplicatePairs++;
			if (duplicates.length < 100) {
				const [contactId, workflowId] = key.split('|');
				duplicates.push({ contactId, workflowId, count });
			}
		}
		return {
			totalRequests: this.totalRequests,
			byStatus,
			enrolments: this.enrolments.length,
			distinctEnrolments: this.pairCounts.size,
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
		this.byEmail.clear();
		this.byPhone.clear();
		for (const contact of this.seeded) this.store({ ...contact, tags: [...contact.tags] });
	}

	private store(contact: Contact): void {
		this.contacts.set(contact.id, contact);
		if (contact.email) this.byEmail.set(`${contact.locationId}|${contact.email.toLowerCase()}`, contact.id);
		if (contact.phone) this.byPhone.set(`${contact.locationId}|${contact.phone}`, contact.id);
	}

	private unindex(contact: Contact): void {
		if (contact.email) this.byEmail.delete(`${contact.locationId}|${contact.email.toLowerCase()}`);
		if (contact.phone) this.byPhone.delete(`${contact.locationId}|${contact.phone}`);
	}
}
