/**
 * What n8n-core calls on `additionalData.credentialsHelper`, implemented the way n8n's CLI
 * `CredentialsHelper` (packages/cli/src/credentials-helper.ts) does it, minus the database:
 * credentials live in memory as decrypted data.
 *
 * - `authenticate`: the credential type's `authenticate` function is called (this package's
 *   credentials have one; generic blocks are refused rather than half-resolved).
 * - `getDecrypted`: defaults of the credential type's properties are applied (and undeclared
 *   fields dropped) with `NodeHelpers.getNodeParameters`, `oauthTokenData` is kept, and
 *   expressions in the data are resolved, as n8n's `applyDefaultsAndOverwrites` does.
 * - `preAuthentication` / `runPreAuthentication`: none of this package's credentials has one.
 * - `updateCredentials` / `updateCredentialsOauthTokenData` write back into the
 *   `HarnessCredential` object that was passed in (n8n writes to its database), so a test can
 *   assert a refreshed token.
 */
import { getAdditionalKeys } from 'n8n-core';
import { ICredentials, ICredentialsHelper, NodeHelpers, UnexpectedError, UserError } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, ICredentialsExpressionResolveValues, IExecuteData, IHttpRequestOptions, INodeCredentialsDetails, INodeParameters, INodeProperties, IRequestOptionsSimplified, IWorkflowExecuteAdditionalData, WorkflowExecuteMode } from 'n8n-workflow';

import type { HarnessCredentialTypes } from './credential-types';
import { clone, type HarnessCredential, HarnessStoredCredentials } from './stored-credentials';
export { type HarnessCredential, HarnessStoredCredentials };
import { credentialExpressionWorkflow } from './node-types';

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
			throw new UserError(
				`Credential with ID "${nodeCredentials.id ?? nodeCredentials.name}" does not exist for type "${type}".`,
			);
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
		const data = clone(this.findCredential(nodeCredentials, type).data);
		if (raw === true) return data;
		return await this.applyDefaultsAndOverwrites(
			additionalData,
			data,
			type,
			mode,
			executeData,
			expressionResolveValues,
		);
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
		let decryptedData = NodeHelpers.getNodeParameters(
			properties,
			decryptedDataOriginal as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;

		for (const key of ['oauthTokenData', 'allowedHttpRequestDomains', 'allowedDomains']) {
			if (decryptedData[key] === undefined && decryptedDataOriginal[key] !== undefined) {
				decryptedData[key] = decryptedDataOriginal[key];
			}
		}

		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
		if (expressionResolveValues) {
			try {
				decryptedData = expressionResolveValues.workflow.expression.getParameterValue(
					decryptedData as INodeParameters,
					expressionResolveValues.runExecutionData,
					expressionResolveValues.runIndex,
					expressionResolveValues.itemIndex,
					expressionResolveValues.node.name,
					expressionResolveValues.connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					decryptedData,
				) as ICredentialDataDecryptedObject;
			} catch (e) {
				(e as Error).message += ' [Error resolving credentials]';
				throw e;
			}
		} else {
			const { workflow, node } = credentialExpressionWorkflow();
			decryptedData = workflow.expression.getComplexParameterValue(
				node,
				decryptedData as INodeParameters,
				mode,
				additionalKeys,
				undefined,
				undefined,
				decryptedData,
			) as ICredentialDataDecryptedObject;
		}
		return decryptedData;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		await (await this.getCredentials(nodeCredentials, type)).setData(data);
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		await (await this.getCredentials(nodeCredentials, type)).updateData({ oauthTokenData: data.oauthTokenData });
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.credentialTypes.getByName(type);
		if (credentialType.extends === undefined) {
			if (type === 'oAuth1Api' || type === 'oAuth2Api') {
				return [
					...credentialType.properties,
					{ displayName: 'oauthTokenData', name: 'oauthTokenData', type: 'json', required: false, default: {} },
				];
			}
			return credentialType.properties;
		}
		const combined: INodeProperties[] = [];
		for (const parent of credentialType.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}
}
