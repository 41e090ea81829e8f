/** Credentials as the harness stores them: decrypted data in memory, written back on update. */
import { ICredentials } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, ICredentialsEncrypted } from 'n8n-workflow';

export const clone = <T>(value: T): T => structuredClone(value);

export interface HarnessCredential {
	/** Matched against the node's `credentials[type].id`. */
	id?: string;
	/** Matched against the node's `credentials[type].name` when ids do not decide. */
	name?: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

/** In-memory stand-in for n8n-core's encrypted `Credentials` (returned by `getCredentials`). */
export class HarnessStoredCredentials extends ICredentials {
	constructor(private readonly stored: HarnessCredential) {
		super({ id: stored.id ?? null, name: stored.name ?? '' }, stored.type);
	}

	async getData(): Promise<ICredentialDataDecryptedObject> {
		return clone(this.stored.data);
	}

	getDataToSave(): ICredentialsEncrypted {
		return { id: this.id, name: this.name, type: this.type, data: JSON.stringify(this.stored.data) };
	}

	async setData(data: ICredentialDataDecryptedObject): Promise<void> {
		this.stored.data = clone(data);
	}

	async updateData(
		toUpdate: Partial<ICredentialDataDecryptedObject>,
		toDelete: Array<keyof ICredentialDataDecryptedObject> = [],
	): Promise<void> {
		const data = { ...this.stored.data, ...clone(toUpdate) } as ICredentialDataDecryptedObject;
		for (const key of toDelete) delete data[key];
		this.stored.data = data;
	}
}

