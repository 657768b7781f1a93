// Which feature bundle handles which command. Activation registers each of these with a stub that loads its feature
// (lazyFeature.ts); the feature then registers the real command. Every command package.json contributes is in
// exactly one list (test/unit/ui/featureCommands.test.ts). No vscode here: the unit test reads it in plain Node.

export const FEATURE_COMMANDS = {
  commands: [
    'lwm2mShadows.connectAws', 'lwm2mShadows.useSandbox', 'lwm2mShadows.connectOwnDevice', 'lwm2mShadows.cancelConnect',
    'lwm2mShadows.switchConnection', 'lwm2mShadows.refresh', 'lwm2mShadows.revealThing', 'lwm2mShadows.loadMore',
    'lwm2mShadows.filterThings', 'lwm2mShadows.clearFilter', 'lwm2mShadows.openShadow', 'lwm2mShadows.compareDatamodel',
    'lwm2mShadows.copyResourceKey', 'lwm2mShadows.copyResourcePath', 'lwm2mShadows.deprecateThingType',
    'lwm2mShadows.undeprecateThingType', 'lwm2mShadows.deleteThingType',
  ],
  operations: [
    'lwm2mShadows.publishOperation', 'lwm2mShadows.showOperationHistory', 'lwm2mShadows.newRequest', 'lwm2mShadows.discardDraft',
    'lwm2mShadows.saveAsTest', 'lwm2mShadows.read', 'lwm2mShadows.write', 'lwm2mShadows.execute', 'lwm2mShadows.observe',
    'lwm2mShadows.cancelObserve', 'lwm2mShadows.writeAttributes', 'lwm2mShadows.readEverything',
    'lwm2mShadows.cancelAllObservations', 'lwm2mShadows.reboot', 'lwm2mShadows.openActionAsDocument',
  ],
  logs: ['lwm2mShadows.streamLogs', 'lwm2mShadows.stopLogs'],
  charts: ['lwm2mShadows.plotResource', 'lwm2mShadows.addToPlot', 'lwm2mShadows.exportChartCsv'],
  firmware: ['lwm2mShadows.updateFirmware'],
  testing: [],
} as const satisfies Record<string, readonly string[]>;

export type FeatureName = keyof typeof FEATURE_COMMANDS;
