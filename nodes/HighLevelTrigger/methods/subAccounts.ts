import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { searchSubAccounts as searchWithAuthentication } from '../../HighLevelWorkflows/methods/subAccounts';

/**
 * The action node's sub-account search. It picks the credential by its Authentication parameter,
 * which the trigger does not have (it has only the Marketplace App credential), so the search runs
 * in a context that answers OAuth2 for it and is the editor's context in everything else.
 */
export async function searchSubAccounts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const asOAuth2 = Object.create(this, {
		getCurrentNodeParameter: {
			value: (name: string, options?: Parameters<ILoadOptionsFunctions['getCurrentNodeParameter']>[1]) =>
				name === 'authentication' ? 'oAuth2' : this.getCurrentNodeParameter(name, options),
		},
	}) as ILoadOptionsFunctions;
	return await searchWithAuthentication.call(asOAuth2, filter, paginationToken);
}
