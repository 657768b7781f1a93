// Connect to AWS…, Use the Local Sandbox, Switch Connection…
import * as vscode from 'vscode';
import type { PickItem } from '../../operations/interaction';
import { pickAwsConnection } from '../connection/connectionPicker';
import { showError } from '../errors/showError';
import type { UiServices } from '../services';
import { wakaamaCommandLine } from '../connection/lwm2mListen';

export function registerConnectionCommands(s: UiServices): vscode.Disposable[] {
  const connectAws = async (profile?: unknown) => {
    const choice = await pickAwsConnection(s.interaction, { profile: typeof profile === 'string' ? profile : undefined });
    if (!choice) return;
    const endpoint = vscode.workspace.getConfiguration('lwm2mShadows').get<string>('connection.endpoint', '') || undefined;
    const attempt = async (): Promise<void> => {
      try {
        await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Connecting to AWS profile {0} in {1}…', choice.profile, choice.region), cancellable: true },
          (_progress, token) => s.connections.connect(
            { kind: 'aws', profile: choice.profile, region: choice.region, sso: choice.sso, ...(endpoint ? { endpoint } : {}) },
            { verify: true, token },
          ),
        );
        await revealFleet();
      } catch (e) {
        if (e instanceof vscode.CancellationError) return;
        await showError(s.interaction, e, { profile: choice.profile, region: choice.region, sso: choice.sso, operation: vscode.l10n.t('connect') }, attempt);
      }
    };
    await attempt();
  };

  const useSandbox = async () => {
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Starting the local sandbox…') },
        () => s.connections.connectSandbox(),
      );
      await revealFleet();
    } catch (e) {
      await showError(s.interaction, e, { operation: vscode.l10n.t('start the local sandbox') }, useSandbox);
    }
  };

  const switchConnection = async () => {
    const current = s.connections.current?.spec;
    type Item = PickItem & { run: () => unknown };
    const items: Item[] = [
      {
        label: `$(beaker) ${vscode.l10n.t('Use the local sandbox')}`,
        description: current?.kind === 'sandbox' ? vscode.l10n.t('active') : undefined,
        detail: vscode.l10n.t('A simulated fleet and Coiote DM integration on this machine; no AWS account needed.'),
        run: useSandbox,
      },
      {
        label: `$(cloud) ${vscode.l10n.t('Connect to AWS…')}`,
        description: current && current.kind !== 'sandbox' ? vscode.l10n.t('active: {0}', current.label) : undefined,
        detail: vscode.l10n.t('Pick a profile from your AWS config (SSO included), then a region.'),
        run: () => connectAws(),
      },
    ];
    const state = s.connections.state;
    if (state.status === 'connecting') {
      items.unshift({ label: `$(close) ${vscode.l10n.t('Cancel connecting to {0}', state.label)}`, run: () => s.connections.cancelConnect() });
    }
    if (current) items.push({ label: `$(debug-disconnect) ${vscode.l10n.t('Disconnect')}`, run: () => s.connections.disconnect() });
    const picked = await s.interaction.pick(items, { title: vscode.l10n.t('LwM2M Shadows: connection'), ...(current ? { placeHolder: current.label } : {}) });
    await picked?.run();
  };

  /** Connect Your Own Device…: the URI the sandbox's LwM2M server is at, and Wakaama's command line, to copy. */
  const connectOwnDevice = async () => {
    const onSandbox = (): boolean => s.connections.current?.spec.kind === 'sandbox';
    if (!onSandbox()) {
      const use = vscode.l10n.t('Use the Local Sandbox');
      if (await s.interaction.notify('info', vscode.l10n.t('Your own device registers with the local sandbox\'s LwM2M server: use the local sandbox first.'), use) !== use) return;
      await useSandbox();
      if (!onSandbox()) return;
    }
    const lwm2m = s.connections.sandboxLwm2m;
    if (!lwm2m?.uri) {
      const open = vscode.l10n.t('Open Settings');
      const why = lwm2m?.error ?? vscode.l10n.t('it is turned off ("lwm2mShadows.sandbox.lwm2m.enabled")');
      if (await s.interaction.notify('warning', vscode.l10n.t('The sandbox\'s LwM2M server is not listening: {0}.', why), open) === open) {
        await vscode.commands.executeCommand('workbench.action.openSettings', 'lwm2mShadows.sandbox.lwm2m');
      }
      return;
    }
    const wakaama = wakaamaCommandLine(lwm2m.uri);
    const copyUri = vscode.l10n.t('Copy URI');
    const copyWakaama = vscode.l10n.t('Copy Wakaama Command Line');
    const choice = await s.interaction.notify(
      'info',
      vscode.l10n.t('Give your device the LwM2M server URI {0} (CoAP over UDP, NoSec, no bootstrap). Once it registers it is a thing in the Fleet view, with its objects.', lwm2m.uri),
      copyUri, ...(wakaama ? [copyWakaama] : []),
    );
    if (choice === copyUri) await vscode.env.clipboard.writeText(lwm2m.uri);
    else if (choice === copyWakaama && wakaama) await vscode.env.clipboard.writeText(wakaama);
  };

  return [
    vscode.commands.registerCommand('lwm2mShadows.connectOwnDevice', connectOwnDevice),
    vscode.commands.registerCommand('lwm2mShadows.connectAws', connectAws),
    vscode.commands.registerCommand('lwm2mShadows.useSandbox', useSandbox),
    vscode.commands.registerCommand('lwm2mShadows.switchConnection', switchConnection),
    vscode.commands.registerCommand('lwm2mShadows.cancelConnect', () => s.connections.cancelConnect()),
  ];
}

async function revealFleet(): Promise<void> {
  await vscode.commands.executeCommand('lwm2mShadows.fleet.focus');
}
