import { existsSync } from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from '../paths';

/** Names the folder of HighLevel's OpenAPI specs (a checkout of GoHighLevel/highlevel-api-docs). */
export const SPECS_DIR_VARIABLE = 'HL_OPENAPI_DIR';

/**
 * HighLevel's v2 OpenAPI files, never copied in: `$HL_OPENAPI_DIR` when set (GitHub Actions checks
 * HighLevel's repository out there), else `../shared/highlevel/openapi` beside the clone (read-only).
 */
export function specsDir(env: NodeJS.ProcessEnv = process.env): string {
	const chosen = env[SPECS_DIR_VARIABLE];
	return chosen ? path.resolve(REPO_ROOT, chosen) : path.resolve(REPO_ROOT, '..', 'shared', 'highlevel', 'openapi');
}

/** The v2 apps whose operations the node or the sandbox serve. */
export const SPEC_APPS = ['contacts', 'workflows', 'oauth', 'locations'] as const;

export function specFiles(dir = specsDir()): string[] {
	const files = SPEC_APPS.map((app) => path.join(dir, 'apps', `${app}.json`));
	const missing = [...files, path.join(dir, 'common', 'common-schemas.json')].filter((file) => !existsSync(file));
	if (missing.length > 0) {
		throw new Error(
			`HighLevel's OpenAPI specs are missing: ${missing.join(', ')}. The contract checks read them from ${dir}: ` +
				`set ${SPECS_DIR_VARIABLE} to a checkout of github.com/GoHighLevel/highlevel-api-docs (its apps/ and common/), ` +
				`or provide ../shared/highlevel/openapi beside the repository.`,
		);
	}
	return files;
}
