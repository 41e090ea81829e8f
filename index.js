// n8n loads the package through the "n8n" field of package.json, not through this file. It is the
// entry for tools and scripts in this repository that require the package root (after a build).
module.exports = {
	get HighLevelWorkflows() {
		return require('./dist/nodes/HighLevelWorkflows/HighLevelWorkflows.node').HighLevelWorkflows;
	},
	get HighLevelPrivateIntegrationApi() {
		return require('./dist/credentials/HighLevelPrivateIntegrationApi.credentials').HighLevelPrivateIntegrationApi;
	},
	get HighLevelMarketplaceOAuth2Api() {
		return require('./dist/credentials/HighLevelMarketplaceOAuth2Api.credentials').HighLevelMarketplaceOAuth2Api;
	},
};
