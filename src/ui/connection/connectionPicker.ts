// "Connect to AWS…": pick a profile from the user's AWS config (SSO profiles included), then a region.
import * as vscode from 'vscode';
import type { ProfileInfo } from '../../aws/types';
import type { Interaction } from '../../operations/interaction';
import { loadAws } from '../layers';
import { AWS_REGIONS } from './awsRegions';

export interface AwsChoice {
  profile: string;
  region: string;
  sso: boolean;
}

/** `preset.profile`: the profile an error's "Pick Another Region…" was about (only the region is asked again). */
export async function pickAwsConnection(ui: Interaction, preset?: { profile?: string }): Promise<AwsChoice | undefined> {
  const config = vscode.workspace.getConfiguration('lwm2mShadows');
  const profiles: ProfileInfo[] = await ui.progress(
    { where: 'status', title: vscode.l10n.t('Reading AWS profiles…') },
    () => loadAws().listProfiles(),
  );
  if (profiles.length === 0) {
    const copy = vscode.l10n.t('Copy "aws configure sso"');
    const picked = await ui.notify(
      'error',
      vscode.l10n.t('No AWS profiles found in ~/.aws/config or ~/.aws/credentials. Create one with `aws configure sso` (IAM Identity Center) or `aws configure` (access keys), then try again.'),
      copy,
    );
    if (picked === copy) await vscode.env.clipboard.writeText('aws configure sso');
    return undefined;
  }
  let profile = profiles.find((p) => p.name === preset?.profile);
  if (!profile) {
    const preferred = config.get<string>('connection.profile', '');
    const items = profiles
      .slice()
      .sort((a, b) => Number(b.name === preferred) - Number(a.name === preferred) || a.name.localeCompare(b.name))
      .map((p) => ({
        label: p.name,
        description: [p.sso ? 'SSO' : undefined, p.region].filter(Boolean).join(' · '),
        detail: p.name === preferred ? vscode.l10n.t('from the lwm2mShadows.connection.profile setting') : undefined,
        profile: p,
      }));
    const picked = await ui.pick(items, {
      title: vscode.l10n.t('Connect to AWS (1/2): profile'),
      placeHolder: vscode.l10n.t('AWS profile'),
      ignoreFocusOut: true,
    });
    if (!picked) return undefined;
    profile = picked.profile;
  }
  const region = await pickRegion(ui, profile, config.get<string>('connection.region', ''));
  return region ? { profile: profile.name, region, sso: profile.sso } : undefined;
}

async function pickRegion(ui: Interaction, profile: ProfileInfo, fromSettings: string): Promise<string | undefined> {
  const first = [fromSettings, profile.region].filter((r): r is string => !!r);
  const ordered = [...new Set([...first, ...AWS_REGIONS])];
  const other = { label: vscode.l10n.t('Enter another region…'), region: '' };
  const items = [
    ...ordered.map((r) => ({
      label: r,
      description: r === profile.region ? vscode.l10n.t('the profile\'s region') : r === fromSettings ? vscode.l10n.t('from settings') : undefined,
      region: r,
    })),
    other,
  ];
  const picked = await ui.pick(items, {
    title: vscode.l10n.t('Connect to AWS (2/2): region of profile {0}', profile.name),
    placeHolder: vscode.l10n.t('Region where your AWS IoT fleet lives'),
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  if (picked !== other) return picked.region;
  return ui.input({
    title: vscode.l10n.t('AWS region'),
    placeHolder: 'eu-west-1',
    ignoreFocusOut: true,
    validate: (v) => (/^[a-z]{2}(-[a-z]+)+-\d+$/.test(v.trim()) ? undefined : vscode.l10n.t('A region looks like eu-west-1.')),
  }).then((v) => v?.trim() || undefined);
}
