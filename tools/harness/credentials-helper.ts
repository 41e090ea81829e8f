/**
 * What n8n-core calls on `additionalData.credentialsHelper`, implemented the way n8n's CLI
 * `CredentialsHelper` (packages/cli/src/credentials-helper.ts) does it, minus the database:
 * credentials live in memory as decrypted data, and updates (a refreshed OAuth2 token) are written
 * back into the `HarnessCredential` objects passed in. Only an `authenticate` function is run (this
 * package's credentials have one; generic blocks are refused rather than half-resolved), and none of
 * them has a `preAuthentication`.
 */
import { getAdditionalKeys } from 'n8n-core';
import { ICredentials, ICredentialsHelper, NodeHelpers, UnexpectedError, UserError, Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsEncrypted,
	ICredentialsExpressionResolveValues,
	IExecuteData,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import type { HarnessCredentialTypes } from './credential-types';
import { HarnessNodeTypes, NO_OP_TYPE } from './node-types';

export interface HarnessCredential {
	/** Matched against the node's `credentials[type].id`. */
	id?: string;
	/** Matched against the node's `credentials[type].name` when ids do not decide. */
	name?: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

/** In-memory stand-in for n8n-core's encrypted `Credentials` (returned by `getCredentials`). */
class HarnessStoredCredentials extends ICredentials {
	constructor(private readonly stored: HarnessCredential) {
		super({ id: stored.id ?? null, name: stored.name ?? '' }, stored.type);
	}

	async getData(): Promise<ICredentialDataDecryptedObject> {
		return structuredClone(this.stored.data);
	}

	getDataToSave(): ICredentialsEncrypted {
		return { id: this.id, name: this.name, type: this.type, data: JSON.stringify(this.stored.data) };
	}

	async setData(data: ICredentialDataDecryptedObject): Promise<void> {
		this.stored.data = structuredClone(data);
	}

	async updateData(toUpdate: Partial<ICredentialDataDecryptedObject>): Promise<void> {
		this.stored.data = { ...this.stored.data, ...structuredClone(toUpdate) } as ICredentialDataDecryptedObject;
	}
}

export class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(
		readonly credentialTypes: HarnessCredentialTypes,
		readonly credentials: HarnessCredential[],
	) {
		super();
	}

	/** Finds the stored credential a node refers to: by id, else by name, else the only one of that type without id and name. */
	findCredential(nodeCredentials: INodeCredentialsDetails, type: string): HarnessCredential {
		const ofType = this.credentials.filter((c) => c.type === type);
		const found =
			(nodeCredentials.id ? ofType.find((c) => c.id === nodeCredentials.id) : undefined) ??
			(nodeCredentials.name ? ofType.find((c) => c.name === nodeCredentials.name && (!c.id || !nodeCredentials.id)) : undefined) ??
			(ofType.length === 1 && !ofType[0].id && !ofType[0].name ? ofType[0] : undefined);
		if (!found) {
			// Same wording as n8n's CredentialNotFoundError.
			throw new UserError(`Credential with ID "${nodeCredentials.id ?? nodeCredentials.name}" does not exist for type "${type}".`);
		}
		return found;
	}

	getParentTypes(name: string): string[] {
		return this.credentialTypes.getParentTypes(name);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const { authenticate } = this.credentialTypes.getByName(typeName);
		if (!authenticate) return requestOptions;
		if (typeof authenticate !== 'function') throw new UnexpectedError(`The harness runs only function authenticate; ${typeName} has a generic block`);
		return await authenticate(credentials, requestOptions);
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		return new HarnessStoredCredentials(this.findCredential(nodeCredentials, type));
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const data = structuredClone(this.findCredential(nodeCredentials, type).data);
		if (raw === true) return data;
		return await this.applyDefaultsAndOverwrites(additionalData, data, type, mode, executeData, expressionResolveValues);
	}

	async applyDefaultsAndOverwrites(
		additionalData: IWorkflowExecuteAdditionalData,
		decryptedDataOriginal: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const properties = this.getCredentialsProperties(type);
		const withDefaults = NodeHelpers.getNodeParameters(properties, decryptedDataOriginal as INodeParameters, true, false, null, null) as ICredentialDataDecryptedObject;
		if (withDefaults.oauthTokenData === undefined && decryptedDataOriginal.oauthTokenData !== undefined) {
			withDefaults.oauthTokenData = decryptedDataOriginal.oauthTokenData;
		}

		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
		if (!expressionResolveValues) {
			// As n8n's CLI does outside a run: a one-node workflow whose node has no parameters.
			const node: INode = { id: 'mock', name: '', type: NO_OP_TYPE, typeVersion: 1, position: [0, 0], parameters: {} };
			const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: new HarnessNodeTypes({}) });
			return workflow.expression.getComplexParameterValue(node, withDefaults as INodeParameters, mode, additionalKeys, undefined, undefined, withDefaults) as ICredentialDataDecryptedObject;
		}
		const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } = expressionResolveValues;
		try {
			return workflow.expression.getParameterValue(
				withDefaults as INodeParameters,
				runExecutionData,
				runIndex,
				itemIndex,
				node.name,
				connectionInputData,
				mode,
				additionalKeys,
				executeData,
				false,
				withDefaults,
			) as ICredentialDataDecryptedObject;
		} catch (e) {
			(e as Error).message += ' [Error resolving credentials]';
			throw e;
		}
	}

	async updateCredentials(nodeCredentials: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		await (await this.getCredentials(nodeCredentials, type)).setData(data);
	}

	async updateCredentialsOauthTokenData(nodeCredentials: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		await (await this.getCredentials(nodeCredentials, type)).updateData({ oauthTokenData: data.oauthTokenData });
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.credentialTypes.getByName(type);
		if (credentialType.extends === undefined) {
			if (type !== 'oAuth2Api') return credentialType.properties;
			return [...credentialType.properties, { displayName: 'oauthTokenData', name: 'oauthTokenData', type: 'json', required: false, default: {} }];
		}
		const combined: INodeProperties[] = [];
		for (const parent of credentialType.extends) NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}
}
