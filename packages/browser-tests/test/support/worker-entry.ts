// Bundled for a dedicated worker: workers do not read the page's import map.
import { createKeyApiClient } from "@keyapi-tiktok/client";

self.onmessage = () => {
  try {
    createKeyApiClient({ apiKey: "sk_test_in_a_worker" });
    self.postMessage("created");
  } catch (error) {
    self.postMessage(`refused: ${(error as Error).message}`);
  }
};
