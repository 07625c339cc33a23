/**
 * The Files.com live scenario: in a new folder of its own, upload a file, find it in the folder's listing,
 * download it (same sha256), delete it (gone from the listing); then delete the folder with whatever is
 * left in it and check that it is gone, also when a step failed.
 */
import type { Report } from './steps';
import {
	NodeRunner,
	check,
	eventually,
	failureOf,
	sha256Of,
	testContent,
	uniqueFolderName,
	withCleanup,
} from './steps';

export interface FilesComSettings {
	apiKey: string;
	siteUrl: string;
	/** The folder the test folder is created in ("/" = the site root). */
	rootFolder: string;
}

const byPath = (path: string) => ({ __rl: true, mode: 'path', value: path });

/** "/" + "n8n-live-…" = "/n8n-live-…"; "/Team/" + "n8n-live-…" = "/Team/n8n-live-…". */
function childPath(root: string, name: string): string {
	return `/${[...root.split('/').filter(Boolean), name].join('/')}`;
}

/** Files.com answers paths without the leading slash. */
const relative = (path: string) => path.replace(/^\/+/, '');

export async function filesComScenario(settings: FilesComSettings, report: Report): Promise<void> {
	const label = 'Files.com';
	const files = new NodeRunner('filesCom', 'filesComApi', {
		apiKey: settings.apiKey,
		siteUrl: settings.siteUrl,
	});
	const folderPath = childPath(settings.rootFolder, uniqueFolderName());
	const fileName = 'live-upload.bin';
	const filePath = `${folderPath}/${fileName}`;
	const file = testContent(fileName);
	let created = false;

	const listing = async () =>
		(
			await files.ok('list the folder', {
				resource: 'folder',
				operation: 'list',
				path: byPath(folderPath),
				returnAll: true,
				options: {},
			})
		).map((item) => item.json as { path?: string; size?: number; type?: string });

	await withCleanup(
		report,
		label,
		async () => {
			await files.ok('create the folder', {
				resource: 'folder',
				operation: 'create',
				path: folderPath,
				options: { createParentFolders: true },
			});
			created = true;
			report(`${label}: created folder ${folderPath}`);

			const [uploaded] = await files.ok(
				'upload',
				{
					resource: 'file',
					operation: 'upload',
					path: byPath(folderPath),
					binaryPropertyName: 'data',
					options: {},
				},
				{ content: file.content, fileName, mimeType: 'application/octet-stream' },
			);
			check(
				uploaded?.json.path === relative(filePath),
				`upload answered path ${String(uploaded?.json.path)}, not ${relative(filePath)}`,
			);
			check(
				uploaded.json.size === file.content.length,
				`upload answered size ${String(uploaded.json.size)}, not ${file.content.length}`,
			);
			report(
				`${label}: uploaded ${fileName} (${file.content.length} bytes, sha256 ${file.sha256.slice(0, 12)}…)`,
			);

			const listed = (await listing()).find((entry) => entry.path === relative(filePath));
			check(listed, `the folder's listing does not contain ${fileName}`);
			check(
				listed.type === 'file' && listed.size === file.content.length,
				`the listing shows ${fileName} as ${JSON.stringify(listed)}`,
			);
			report(`${label}: listed the folder: ${fileName} is in it with its size`);

			const [downloaded] = await files.ok('download', {
				resource: 'file',
				operation: 'download',
				path: filePath,
				binaryPropertyName: 'data',
			});
			const got = await sha256Of(downloaded);
			check(
				got.sha256 === file.sha256 && got.size === file.content.length,
				`downloaded ${got.size} bytes with sha256 ${got.sha256}, not the uploaded ones`,
			);
			report(`${label}: downloaded ${fileName}: same sha256`);

			await files.ok('delete the file', {
				resource: 'file',
				operation: 'delete',
				path: filePath,
				options: {},
			});
			await eventually(
				`${fileName} is still in the listing after its delete`,
				async () => !(await listing()).some((entry) => entry.path === relative(filePath)),
			);
			report(`${label}: deleted ${fileName}: gone from the listing`);
		},
		async () => {
			if (!created) return;
			await files.ok('delete the folder', {
				resource: 'folder',
				operation: 'delete',
				path: byPath(folderPath),
				recursive: true,
				options: {},
			});
			await eventually(`folder ${folderPath} still exists after its delete`, async () => {
				const run = await files.run({ resource: 'file', operation: 'get', path: folderPath });
				if (run.errors.length === 0) return false;
				const details = run.errors[0].json.details as { 'http-code'?: number } | undefined;
				check(
					details?.['http-code'] === 404,
					`looking the deleted folder up failed otherwise than "not found": ${failureOf(run)}`,
				);
				return true;
			});
			report(`${label}: removed folder ${folderPath}: gone`);
		},
	);
}
