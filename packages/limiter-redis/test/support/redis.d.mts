/** A real redis-server on 127.0.0.1, no persistence; `kill()` and `start()` again for faults. */
export interface RedisProcess {
  url: string;
  port: number;
  start(): Promise<void>;
  /** SIGKILL: no shutdown, no goodbye to clients. */
  kill(): Promise<void>;
}
export function assertRedisInstalled(): void;
export function freePort(): Promise<number>;
export function startRedis(): Promise<RedisProcess>;
