import { existsSync } from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from '../paths';

/** HighLevel's v2 OpenAPI files, beside the clone as in CI (`../shared`, read-only), never copied in. */
export const SPECS_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'highlevel', 'openapi');

/** The v2 apps whose operations the node or the sandbox serve. */
export const SPEC_APPS = ['contacts', 'workflows', 'oauth', 'locations'] as const;

export function specFiles(dir = SPECS_DIR): string[] {
	const files = SPEC_APPS.map((app) => path.join(dir, 'apps', `${app}.json`));
	const missing = [...files, path.join(dir, 'common', 'common-schemas.json')].filter((file) => !existsSync(file));
	if (missing.length > 0) {
		throw new Error(
			`HighLevel's OpenAPI specs are missing: ${missing.join(', ')}. The contract checks read them from ` +
				`${dir} (../shared/highlevel/openapi beside the repository, as CI provides it).`,
		);
	}
	return files;
}
