// One argument of a command line typed into the user's terminal ("Run in Terminal"): quoted so that a
// profile name from ~/.aws/config (`dev; rm -rf ~`, `$(…)`, spaces) stays one word and runs nothing.
// POSIX shells take '…' literally (a ' inside becomes '\''); PowerShell, VS Code's default terminal on
// Windows, takes '…' literally too, with a ' inside doubled.

const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shellArgument(value: string, platform: NodeJS.Platform = process.platform): string {
  if (PLAIN.test(value)) return value;
  return platform === 'win32' ? `'${value.replace(/'/g, "''")}'` : `'${value.replace(/'/g, `'\\''`)}'`;
}
