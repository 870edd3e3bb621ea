// What every generated client's scenario shares: where the service is, a raw GET to see
// the stored lead as it is, and the check that a PATCH changed only what was set.
declare const process: { env: Record<string, string | undefined> };

export const baseUrl = required("LEADS_BASE_URL");
export const token = required("LEADS_TOKEN");

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`scenario failed: ${message}`);
}

export async function raw(id: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${baseUrl}/api/v1/leads/${id}`, { headers: { Authorization: `Bearer ${token}` } });
  check(response.status === 200, `raw GET of ${id} answered ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

const moving = ["version", "updated_at"];

export function onlyChanged(before: Record<string, unknown>, after: Record<string, unknown>, ...changed: string[]): void {
  for (const field of Object.keys(before)) {
    if (changed.includes(field) || moving.includes(field)) continue;
    check(JSON.stringify(after[field]) === JSON.stringify(before[field]),
      `${field} changed from ${JSON.stringify(before[field])} to ${JSON.stringify(after[field])} though the caller did not set it`);
  }
}

export const conversation = () => `tg-${Math.random().toString(36).slice(2)}`;

// The feed shows an event once every older writing transaction has ended (other tests
// write in parallel): ask again until the answer is there, for up to 20 s.
export async function eventually<T>(ask: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const answer = await ask();
    if (answer !== undefined) return answer;
    check(Date.now() < deadline, "the feed did not show the expected events within 20 s");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
