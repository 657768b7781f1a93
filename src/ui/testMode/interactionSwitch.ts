// The Interaction the extension uses while its tests run (ExtensionMode.Test): VS Code's, except for the
// methods a test replaced through the test API that activate() returns in that mode only. The test mode's
// bundle (testApi.ts) builds one per activation; outside tests VS Code's Interaction is used directly, so no
// command, setting or other extension can reach a replacement.
import type { Interaction } from '../../operations/interaction';

export class InteractionSwitch {
  private replaced: Partial<Interaction> = {};

  constructor(private readonly base: Interaction) {}

  /** Replaces these methods (undefined: VS Code's again, all of them). */
  use(replacements: Partial<Interaction> | undefined): void {
    this.replaced = { ...(replacements ?? {}) };
  }

  readonly interaction: Interaction = {
    confirm: (...a) => (this.replaced.confirm ?? this.base.confirm)(...a),
    pick: (items, options) => (this.replaced.pick ?? this.base.pick)(items, options),
    pickWithButton: (items, options) => (this.replaced.pickWithButton ?? this.base.pickWithButton)(items, options),
    pickMany: (items, options) => (this.replaced.pickMany ?? this.base.pickMany)(items, options),
    search: (options, find) => (this.replaced.search ?? this.base.search)(options, find),
    input: (options) => (this.replaced.input ?? this.base.input)(options),
    notify: (...a) => (this.replaced.notify ?? this.base.notify)(...a),
    progress: (options, task) => (this.replaced.progress ?? this.base.progress)(options, task),
    openDocument: (uri, options) => (this.replaced.openDocument ?? this.base.openDocument)(uri, options),
    saveTarget: (options) => (this.replaced.saveTarget ?? this.base.saveTarget)(options),
    openFile: (options) => (this.replaced.openFile ?? this.base.openFile)(options),
    workspaceTrusted: () => (this.replaced.workspaceTrusted ?? this.base.workspaceTrusted)(),
    runInTerminal: (name, commandLine) => (this.replaced.runInTerminal ?? this.base.runInTerminal)(name, commandLine),
  };
}
