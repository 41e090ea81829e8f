// The package entry (`main`): the node and credential classes from dist/ (run `npm run build` first).
// n8n itself loads them through the "n8n" field of package.json.
module.exports = {
	get HighLevelWorkflows() {
		return require('./dist/nodes/HighLevelWorkflows/HighLevelWorkflows.node').HighLevelWorkflows;
	},
	get HighLevelTrigger() {
		return require('./dist/nodes/HighLevelTrigger/HighLevelTrigger.node').HighLevelTrigger;
	},
	get HighLevelPrivateIntegrationApi() {
		return require('./dist/credentials/HighLevelPrivateIntegrationApi.credentials').HighLevelPrivateIntegrationApi;
	},
	get HighLevelMarketplaceOAuth2Api() {
		return require('./dist/credentials/HighLevelMarketplaceOAuth2Api.credentials').HighLevelMarketplaceOAuth2Api;
	},
};
