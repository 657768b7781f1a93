// Text from a device, a shadow, AWS or a document, made inert for the places where VS Code renders it:
// notification messages turn `[label](command:…)`, `(https://…)` and `(file:…)` into links (a click on a
// `command:` link runs the command), and notification messages, quick pick labels and status bar texts
// turn `$(name)` into icons. A zero-width space after the `]` and the `$` keeps every visible character
// and breaks both patterns. (Tooltips use untrustedMarkdown.ts instead; output channels are plain text.)

const ZWSP = '\u200b';

export function inertText(text: string): string {
  return text.replace(/\]\(/g, `]${ZWSP}(`).replace(/\$\(/g, `$${ZWSP}(`);
}
