// The public face of src/sandbox: start the embedded AWS IoT + Coiote DM emulator in-process.
export interface SandboxOptions {
  port?: number;
  things?: number;
  seed?: number;
}
