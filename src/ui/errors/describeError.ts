// Turns any error (typed AwsError from src/aws, or anything else) into one message a user can act on,
// with the actions that fix it. The one place where errors become words; showError.ts shows them.
import * as vscode from 'vscode';
import type { AwsError } from '../../aws/errors';
import type { AwsErrorKind } from '../../aws/types';
import { shellArgument } from '../format/shellArgument';

/**
 * Whether `e` is what src/aws throws. Checked by its shape, not `instanceof`, so the UI need not load the AWS
 * bundle to recognise it (the type import is erased from dist/extension.js).
 */
export function isAwsError(e: unknown): e is AwsError {
  return e instanceof Error && typeof (e as Partial<AwsError>).kind === 'string';
}

export type ErrorRemedy =
  | { kind: 'copy'; title: string; text: string }
  | { kind: 'terminal'; title: string; text: string }
  | { kind: 'command'; title: string; command: string; args?: unknown[] }
  | { kind: 'retry'; title: string };

export interface DescribedError {
  message: string;
  remedies: ErrorRemedy[];
  kind: AwsErrorKind | 'other';
}

export interface ErrorContext {
  /** What was being done, e.g. "list things". */
  operation?: string;
  profile?: string;
  region?: string;
  /** True when the profile is an SSO (IAM Identity Center) profile. */
  sso?: boolean;
}

const SSO_LOGIN = /aws sso login/;

export function describeError(e: unknown, ctx: ErrorContext = {}): DescribedError {
  const switchConnection: ErrorRemedy = { kind: 'command', title: vscode.l10n.t('Switch Connection…'), command: 'lwm2mShadows.switchConnection' };
  if (!isAwsError(e)) {
    const text = e instanceof Error ? e.message : String(e);
    return { message: ctx.operation ? vscode.l10n.t('Could not {0}: {1}', ctx.operation, text) : text, remedies: [], kind: 'other' };
  }
  const profile = e.profile ?? ctx.profile;
  const detail = e.action && !e.message.includes(e.action) ? `${e.message} ${e.action}` : e.message;
  switch (e.kind) {
    case 'credentials': {
      // The command is built from the profile name, quoted: never taken verbatim from an error's text.
      const sso = (e.action !== undefined && SSO_LOGIN.test(e.action)) || ctx.sso || /sso/i.test(e.message);
      const ssoCommand = sso ? `aws sso login${profile ? ` --profile ${shellArgument(profile)}` : ''}` : undefined;
      if (ssoCommand) {
        return {
          kind: e.kind,
          message: vscode.l10n.t(
            'The AWS SSO session of profile "{0}" has expired or was never started. Run `{1}` in a terminal, then retry.',
            profile ?? 'default',
            ssoCommand,
          ),
          remedies: [
            { kind: 'copy', title: vscode.l10n.t('Copy "{0}"', ssoCommand), text: ssoCommand },
            { kind: 'terminal', title: vscode.l10n.t('Run in Terminal'), text: ssoCommand },
            { kind: 'retry', title: vscode.l10n.t('Retry') },
          ],
        };
      }
      const configure = `aws configure${profile ? ` --profile ${shellArgument(profile)}` : ''}`;
      return {
        kind: e.kind,
        message: vscode.l10n.t(
          'No valid AWS credentials for profile "{0}" (missing or expired): {1} Set them with `{2}`, or pick another profile.',
          profile ?? 'default',
          detail,
          configure,
        ),
        remedies: [
          { kind: 'copy', title: vscode.l10n.t('Copy "{0}"', configure), text: configure },
          switchConnection,
          { kind: 'retry', title: vscode.l10n.t('Retry') },
        ],
      };
    }
    case 'access-denied': {
      const action = e.deniedAction ?? ctx.operation;
      return {
        kind: e.kind,
        message: action
          ? vscode.l10n.t(
              'Access denied: profile "{0}" may not call {1}. Ask your AWS administrator to allow `{1}` in your IAM policy, or pick another profile.',
              profile ?? 'default',
              action,
            )
          : vscode.l10n.t('Access denied: {0} Ask your AWS administrator for access, or pick another profile.', detail),
        remedies: action
          ? [{ kind: 'copy', title: vscode.l10n.t('Copy "{0}"', action), text: action }, switchConnection]
          : [switchConnection],
      };
    }
    case 'endpoint-unreachable':
      // The endpoint was reached but did not answer in time: not a question of region or endpoint.
      if (e.code === 'TimeoutError') {
        return {
          kind: e.kind,
          message: ctx.operation ? vscode.l10n.t('Could not {0}: {1}', ctx.operation, detail) : detail,
          remedies: [{ kind: 'retry', title: vscode.l10n.t('Retry') }],
        };
      }
      return {
        kind: e.kind,
        message: ctx.region
          ? vscode.l10n.t(
              'Cannot reach AWS IoT Core in region {0}: the service may not be offered there, or the network is down ({1}). Pick a region where your fleet lives.',
              ctx.region,
              e.message,
            )
          : vscode.l10n.t('Cannot reach the endpoint: {0} Check the network or the endpoint setting.', detail),
        remedies: [
          { kind: 'command', title: vscode.l10n.t('Pick Another Region…'), command: 'lwm2mShadows.connectAws', args: [profile] },
          { kind: 'retry', title: vscode.l10n.t('Retry') },
        ],
      };
    case 'throttled':
      return { kind: e.kind, message: vscode.l10n.t('AWS is throttling requests ({0}). Wait a moment, then retry.', e.message), remedies: [{ kind: 'retry', title: vscode.l10n.t('Retry') }] };
    case 'not-found':
      return { kind: e.kind, message: vscode.l10n.t('Not found: {0}', detail), remedies: [{ kind: 'retry', title: vscode.l10n.t('Refresh') }] };
    default:
      return {
        kind: e.kind,
        message: ctx.operation ? vscode.l10n.t('Could not {0}: {1}', ctx.operation, detail) : detail,
        remedies: [{ kind: 'retry', title: vscode.l10n.t('Retry') }],
      };
  }
}
