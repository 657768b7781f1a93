// The AWS profiles a user has, read from the shared config and credentials files the AWS CLI writes
// (~/.aws/config, ~/.aws/credentials; AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE override them).
// Only names, regions and whether a profile signs in through IAM Identity Center (SSO) are read here:
// no credential value ever leaves this file.
import { readFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ProfileInfo } from './types';

type Sections = Map<string, Map<string, string>>;

/** A minimal INI reader for the AWS shared files: `[section]`, `key = value`, `#`/`;` comments. */
export function parseIni(text: string): Sections {
  const sections: Sections = new Map();
  let current: Map<string, string> | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = line.match(/^\[\s*([^\]]+?)\s*\]/);
    if (header) {
      const name = header[1].replace(/\s+/g, ' ');
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      continue;
    }
    // Indented lines continue a nested value (e.g. `s3 =` sub-settings): not needed here.
    if (!current || /^\s/.test(rawLine)) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    current.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
  }
  return sections;
}

export function configFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_CONFIG_FILE || path.join(homeDir(env), '.aws', 'config');
}

export function credentialsFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_SHARED_CREDENTIALS_FILE || path.join(homeDir(env), '.aws', 'credentials');
}

function homeDir(env: NodeJS.ProcessEnv): string {
  return env.HOME || env.USERPROFILE || os.homedir();
}

async function readIfExists(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return '';
  }
}

/** Profiles from the config file (`[default]`, `[profile x]`) and the credentials file (`[x]`), by name. */
export function profilesFromText(configText: string, credentialsText: string): ProfileInfo[] {
  const byName = new Map<string, ProfileInfo>();
  for (const [section, values] of parseIni(configText)) {
    let name: string | undefined;
    if (section === 'default') name = 'default';
    else if (section.startsWith('profile ')) name = section.slice('profile '.length).trim();
    if (!name) continue; // sso-session, services and other non-profile sections
    byName.set(name, {
      name,
      region: values.get('region') || undefined,
      sso: values.has('sso_session') || values.has('sso_start_url'),
    });
  }
  for (const [section, values] of parseIni(credentialsText)) {
    const name = section.trim();
    const known = byName.get(name);
    if (known) {
      known.region ??= values.get('region') || undefined;
    } else {
      byName.set(name, { name, region: values.get('region') || undefined, sso: false });
    }
  }
  return [...byName.values()].sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
}

/** Every profile in the user's shared config and credentials files; `default` first, then by name. */
export async function listProfiles(env: NodeJS.ProcessEnv = process.env): Promise<ProfileInfo[]> {
  const [configText, credentialsText] = await Promise.all([readIfExists(configFilePath(env)), readIfExists(credentialsFilePath(env))]);
  return profilesFromText(configText, credentialsText);
}

/** Whether the named profile signs in through SSO (reads the config file). */
export async function isSsoProfile(profile: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const profiles = await listProfiles(env);
  return profiles.some((p) => p.name === profile && p.sso);
}
