export { registerConnectionCommands } from '../commands/connectionCommands';
export { registerCopyCommands } from '../commands/copyCommands';
export { registerRevealThing } from '../commands/revealThing';
export { searchPick } from '../searchPick';
export { registerShadowCommands } from '../commands/shadowCommands';
export { registerThingTypeCommands } from '../commands/thingTypeCommands';
export { registerTreeCommands } from '../commands/treeCommands';
