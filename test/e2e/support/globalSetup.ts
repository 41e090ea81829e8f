/**
 * Once per `npm run test:e2e`: build the package, install n8n (cached), start the HighLevel sandbox
 * and n8n with the package installed as a community package, import the sandbox credential and the
 * workflows, create the owner. Whatever was started is stopped by globalTeardown, or right here when
 * a step fails, or at the latest by the launcher's exit hook.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

import { ensureN8n } from '../../../tools/n8n/install';
import { importCredentials, importWorkflows } from '../../../tools/n8n/cli';
import { buildPackage, installPackage } from '../../../tools/n8n/package';
import { makeUserFolder, startN8n, type N8nHandle } from '../../../tools/n8n/server';
import { setLogger } from '../../../tools/n8n/log';
import { sandboxAgencyCredential, sandboxCredential } from '../../../tools/n8n/project';
import { DEFAULT_AGENCY } from '../../../tools/sandbox/agency';
import { N8nSession } from '../../../tools/n8n/rest';
import { startSandboxProcess, type SandboxProcess } from '../../../tools/n8n/sandboxProcess';
import { ensureChromium } from './chromium';
import { ARTIFACTS_DIR, writeState } from './state';
import { E2E_CONTACT_IDS, e2eWorkflows } from './workflows';

declare global {
	var __HIGHLEVEL_E2E__: { n8n?: N8nHandle; sandbox?: SandboxProcess; userFolder?: string } | undefined;
}

const log = (line: string) => process.stdout.write(`[e2e] ${line}\n`);

export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	setLogger((line) => log(line));
	const handles: NonNullable<typeof globalThis.__HIGHLEVEL_E2E__> = {};
	globalThis.__HIGHLEVEL_E2E__ = handles;
	process.stdout.write('\n');
	try {
		mkdirSync(ARTIFACTS_DIR, { recursive: true });
		// Chromium (apt) and n8n (npm) install side by side on a fresh machine.
		const chromium = ensureChromium(log);
		if (process.env.E2E_SKIP_BUILD !== '1') await buildPackage();
		// HL_N8N_VERSION picks the n8n (tools/n8n/install.ts); .ci/run runs each of TESTED_N8N_VERSIONS.
		await ensureN8n();
		const userFolder = makeUserFolder('n8n-e2e-');
		handles.userFolder = userFolder;
		await installPackage(userFolder);

		handles.sandbox = await startSandboxProcess();
		await handles.sandbox.configure({ contactIds: E2E_CONTACT_IDS });
		log(`sandbox on ${handles.sandbox.url}`);

		log('importing the sandbox credential and the workflows ...');
		const agencyTokens = await handles.sandbox.issueOAuthTokens(DEFAULT_AGENCY.clientId);
		await importCredentials(userFolder, [sandboxCredential(handles.sandbox.url), sandboxAgencyCredential(handles.sandbox.url, agencyTokens)]);
		await importWorkflows(userFolder, e2eWorkflows());

		handles.n8n = await startN8n({ userFolder, logFile: path.join(ARTIFACTS_DIR, 'n8n.log') });
		await new N8nSession(handles.n8n.url).setupOwner();
		log('owner account created');

		const chromiumProblem = await chromium;
		if (chromiumProblem) log(`the editor test will fail: ${chromiumProblem}`);
		writeState({ n8nUrl: handles.n8n.url, n8nLogFile: handles.n8n.logFile, userFolder, sandboxUrl: handles.sandbox.url, chromiumProblem });
		log(`setup done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
	} catch (error) {
		await stopAll();
		throw error;
	}
}

export async function stopAll(): Promise<void> {
	const handles = globalThis.__HIGHLEVEL_E2E__;
	if (!handles) return;
	await Promise.allSettled([handles.n8n?.stop(), handles.sandbox?.stop()]);
	if (handles.userFolder && process.env.E2E_KEEP_USER_FOLDER !== '1') {
		rmSync(handles.userFolder, { recursive: true, force: true });
	}
	globalThis.__HIGHLEVEL_E2E__ = undefined;
}
