/** The names this package gives n8n: defined once for every tool and test. */
export const PACKAGE_NAME = 'n8n-nodes-highlevel';
export const NODE_TYPE = `${PACKAGE_NAME}.highLevelWorkflows`;
export const TRIGGER_NODE_TYPE = `${PACKAGE_NAME}.highLevelTrigger`;
/** The Private Integration credential's type name. */
export const CREDENTIAL_TYPE = 'highLevelPrivateIntegrationApi';
export const OAUTH2_CREDENTIAL_TYPE = 'highLevelMarketplaceOAuth2Api';
