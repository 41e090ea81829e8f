// n8n's community-node config: its own rules plus eslint-plugin-n8n-nodes-base's credentials and nodes
// rule sets on credentials/ and nodes/ (test/package.test.ts checks they apply).
import { config } from '@n8n/node-cli/eslint';

export default config;
