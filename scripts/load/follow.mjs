// A consumer of the change feed during the load: follows next_cursor from the start of
// the feed and prints each event's id, one per line. It stops once the file named by
// LOAD_STOP exists and it has read LOAD_EXPECTED events (written to that file), or
// after 60 s more.
import { existsSync, readFileSync } from "node:fs";

const base = process.env.LOAD_URL;
const headers = { Authorization: `Bearer ${process.env.LOAD_TOKEN}` };
const stop = process.env.LOAD_STOP;
let cursor = null;
let seen = 0;
let deadline = null;
for (;;) {
  const url = `${base}/api/v1/events?limit=1000${cursor ? `&after=${cursor}` : ""}`;
  const response = await fetch(url, { headers });
  if (!response.ok) {
    console.error(`feed answered ${response.status}: ${await response.text()}`);
    process.exit(1);
  }
  const page = await response.json();
  for (const event of page.events) console.log(event.id);
  seen += page.events.length;
  cursor = page.next_cursor;
  if (page.has_more) continue;
  if (existsSync(stop)) {
    const expected = Number(readFileSync(stop, "utf8").trim());
    if (expected > 0 && seen >= expected) break;
    deadline ??= Date.now() + 60_000;
    if (Date.now() > deadline) break;
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
}
