/**
 * The live suite: one scenario per deployment, given the settings config.js read (from the environment
 * for `npm run test:live`, from the emulators for `npm test`). Both runners call runTarget, so the
 * scenarios that run against the real services are the ones `npm test` keeps honest.
 */
import type { FilesComSettings } from './filescom';
import { filesComScenario } from './filescom';
import type { LaserficheCloudSettings, LaserficheSelfHostedSettings } from './laserfiche';
import { cloudRunner, laserficheScenario, selfHostedRunner } from './laserfiche';
import type { Report } from './steps';

export type { Report } from './steps';

/** A deployment to test, as config.js's readLiveConfig returns it. */
export interface LiveTarget {
	id: 'filescom' | 'laserficheCloud' | 'laserficheSelfHosted';
	label: string;
	settings: Record<string, unknown>;
	secrets: string[];
}

export async function runTarget(target: LiveTarget, report: Report): Promise<void> {
	switch (target.id) {
		case 'filescom':
			return await filesComScenario(target.settings as unknown as FilesComSettings, report);
		case 'laserficheCloud': {
			const settings = target.settings as unknown as LaserficheCloudSettings;
			return await laserficheScenario(target.label, cloudRunner(settings), settings, report);
		}
		case 'laserficheSelfHosted': {
			const settings = target.settings as unknown as LaserficheSelfHostedSettings;
			return await laserficheScenario(target.label, selfHostedRunner(settings), settings, report);
		}
		default:
			throw new Error(`Unknown live target ${String((target as { id?: unknown }).id)}`);
	}
}
