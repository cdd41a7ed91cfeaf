import type { MockStats } from "@keyapi-tiktok/mock";

export interface WorkerResult {
  product: string;
  ids: string[];
  start: number;
  end: number;
  code: number | null;
  stderr: string;
}

export function runFleet(options: {
  baseUrl: string;
  redisUrl: string;
  key: string;
  products: string[];
  concurrency?: number;
  requestsPerSecond?: number;
}): Promise<WorkerResult[]>;

export function fleetFigures(
  results: WorkerResult[],
  stats: MockStats,
  limit: number,
): { seconds: number; share: number; throttled: number; throttledShare: number };
