export interface Runtime {
  name: string;
  spec: string;
  bin: string;
}
export function readRuntimes(file?: string): Runtime[];
export function locate(runtime: Runtime, cache?: string): { dir: string; binary: string };
