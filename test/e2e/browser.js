'use strict';
// The editor in a real browser (playwright-core driving Debian's Chromium, headless): sign in, create a
// workflow, add the Files.com node from the node panel, select its credential, press the credential's
// Test button and see success; then the same with a Laserfiche node (Cloud, then self-hosted).
// Screenshots go to artifacts/e2e/.
const fs = require('node:fs');
const path = require('node:path');
const { assert, check } = require('./lib');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const LAUNCH_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

function loadPlaywright() {
	try {
		return require('playwright-core');
	} catch {
		throw new Error('playwright-core is not installed: run npm ci (it is a devDependency)');
	}
}

async function browserTests(stack, { artifactsDir, log }) {
	if (!fs.existsSync(CHROMIUM)) {
		await check('browser: Chromium is installed', () => {
			throw new Error(
				`${CHROMIUM} not found. Install it: apt-get install -y --no-install-recommends chromium (or set CHROMIUM_PATH)`,
			);
		});
		return;
	}
	const { chromium, selectors } = loadPlaywright();
	selectors.setTestIdAttribute('data-test-id');
	fs.mkdirSync(artifactsDir, { recursive: true });
	const shot = async (page, name) => {
		const file = path.join(artifactsDir, `${name}.png`);
		await page.screenshot({ path: file });
		log(`  screenshot ${path.relative(process.cwd(), file)}`);
	};
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: LAUNCH_ARGS,
		timeout: 60000,
	});
	try {
		const context = await browser.newContext({
			baseURL: stack.n8n.baseUrl,
			viewport: { width: 1440, height: 900 },
		});
		context.setDefaultTimeout(30000);
		const page = await context.newPage();
		const consoleErrors = [];
		page.on('pageerror', (e) => consoleErrors.push(e.message));
		// A failing step leaves a screenshot of the page as it was (artifacts/e2e/failed-<n>.png).
		let failures = 0;
		const pageCheck = (name, fn) =>
			check(name, async () => {
				try {
					return await fn();
				} catch (err) {
					await shot(page, `failed-${++failures}`).catch(() => {});
					throw err;
				}
			});

		const signedIn = await pageCheck('browser: sign in to the editor', async () => {
			await page.goto('/signin');
			await page.locator('input[name=emailOrLdapLoginId]').fill(stack.owner.email);
			await page.locator('input[name=password]').fill(stack.owner.password);
			await page.getByTestId('form-submit-button').click();
			await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 45000 });
			await shot(page, '01-signed-in');
			return page.url();
		});
		if (!signedIn) return;

		const opened = await pageCheck('browser: create a workflow with a manual trigger', async () => {
			await page.goto('/workflow/new');
			await page.getByTestId('canvas-add-button').click();
			await page.getByTestId('node-creator-search-bar').fill('manual');
			await page
				.getByTestId('node-creator')
				.getByTestId('item-iterator-item')
				.filter({ hasText: /Trigger manually|Manual Trigger/ }) // 2.x | 1.x
				.first()
				.click();
			await page.getByTestId('canvas-node').first().waitFor();
			await page.getByTestId('workflow-name-input').first().waitFor();
			return 'new workflow with the manual trigger';
		});
		if (!opened) return;

		/** Adds a node of ours from the node panel: search, pick the node, pick one of its actions. */
		const addNode = async (search, action) => {
			await page.getByTestId('node-creator-plus-button').click();
			await page.getByTestId('node-creator-search-bar').fill(search);
			const items = page.getByTestId('node-creator').getByTestId('item-iterator-item');
			await items.filter({ hasText: search }).first().click();
			await items.filter({ hasText: action }).first().click();
			await page.getByTestId('ndv').waitFor();
		};

		/** Selects a credential by name in the open node's credential picker and presses its Test button. */
		const selectAndTest = async (credentialName, typeName, screenshotName) => {
			await page.getByTestId('node-credentials-select').click();
			await page
				.locator('.el-popper[aria-hidden="false"]')
				.getByText(credentialName, { exact: true })
				.click();
			const input = page.getByTestId('node-credentials-select').locator('input');
			await assertEventually(
				async () => (await input.inputValue()) === credentialName,
				`credential "${credentialName}" selected`,
			);
			// Opening the credential tests it once; the Test (Retry) button tests it again.
			const firstTest = page.waitForResponse((r) => r.url().endsWith('/rest/credentials/test'), {
				timeout: 30000,
			});
			await page.getByTestId('credential-edit-button').click();
			const modal = page.getByTestId('editCredential-modal');
			await modal.waitFor();
			await firstTest;
			const retry = modal.locator('button[title="Retry credential test"]');
			await retry.waitFor();
			const [response] = await Promise.all([
				page.waitForResponse((r) => r.url().endsWith('/rest/credentials/test'), { timeout: 30000 }),
				retry.click(),
			]);
			const body = await response.json();
			const result = body.data || {};
			await modal.getByTestId('credentials-config-container-test-success').waitFor();
			await assertEventually(
				async () => (await retry.isEnabled()) && (await retry.innerText()).trim() === 'Retry',
				'the Test button is idle again',
			);
			const modalText = await modal.innerText();
			assert.ok(modalText.includes(typeName), `the modal shows the credential type "${typeName}"`);
			const banner = (
				await modal.getByTestId('credentials-config-container-test-success').innerText()
			)
				.trim()
				.replace(/\s+Retry$/, '');
			await page.mouse.move(5, 5);
			await shot(page, screenshotName);
			assert.equal(result.status, 'OK', `the Test button got ${JSON.stringify(result)}`);
			assert.match(banner, /Connection tested successfully/);
			await modal.locator('.el-dialog__close').first().click();
			await modal.waitFor({ state: 'hidden' });
			return `Test button: n8n answered ${result.status} "${result.message}", banner "${banner}"`;
		};

		const closeNdv = async () => {
			// The NDV's close button: ndv-close-button on n8n 2.x, "Back to canvas" (back-to-canvas) on 1.x.
			await page
				.getByTestId('ndv-close-button')
				.or(page.getByTestId('back-to-canvas'))
				.first()
				.click();
			await page.getByTestId('ndv').waitFor({ state: 'hidden' });
		};

		await pageCheck(
			'browser: add the Files.com node from the node panel, select its credential, Test → success',
			async () => {
				await addNode('Files.com', 'Get a file');
				await shot(page, '02-filescom-node-added');
				const msg = await selectAndTest(
					stack.credentials.filesComApi.name,
					'Files.com API',
					'03-filescom-credential-tested',
				);
				await closeNdv();
				return msg;
			},
		);

		await pageCheck(
			'browser: add a Laserfiche node (Cloud), select its credential, Test → success',
			async () => {
				await addNode('Laserfiche', 'Get an entry');
				await shot(page, '04-laserfiche-node-added');
				const msg = await selectAndTest(
					stack.credentials.laserficheCloudApi.name,
					'Laserfiche Cloud API',
					'05-laserfiche-cloud-credential-tested',
				);
				return msg;
			},
		);

		await pageCheck(
			'browser: switch the Laserfiche node to its self-hosted credential, Test → success',
			async () => {
				// n8n shows the node's `authentication` choice through the credential picker: picking a credential
				// of the other type switches the node to it.
				const msg = await selectAndTest(
					stack.credentials.laserficheSelfHostedApi.name,
					'Laserfiche Self-Hosted API',
					'06-laserfiche-self-hosted-credential-tested',
				);
				await closeNdv();
				await shot(page, '07-workflow');
				return msg;
			},
		);
		if (consoleErrors.length) log(`  (page errors seen: ${consoleErrors.slice(0, 3).join(' | ')})`);
	} finally {
		await browser.close().catch(() => {});
	}
}

/** Waits until `fn()` is true, checking every 200 ms; fails after `timeoutMs` (the same bound as every
 * other wait of the page: a slow machine must not fail a check that would have become true). */
async function assertEventually(fn, what, timeoutMs = 30000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await fn()) return;
		if (Date.now() > deadline) throw new Error(`not true after ${timeoutMs / 1000}s: ${what}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

module.exports = { browserTests };
