// The shared scenario through @hey-api/openapi-ts's SDK with its default plugins (types,
// SDK functions, the fetch client), as its quick start sets it up.
import { client } from "../generated/hey-api/client.gen";
import { addLeadNote, createLead, deleteLead, getEventsCursor, getLead, getLeadHistory, listEvents, listLeads, updateLead } from "../generated/hey-api/sdk.gen";
import { baseUrl, check, conversation, eventually, onlyChanged, raw, token } from "./common";

client.setConfig({ baseUrl, auth: () => token });
const channelId = conversation();

const created = await createLead({
  body: { name: "Jane Smith", channel: "telegram", channel_id: channelId, phone: "+49 30 1234567", email: "jane@example.com",
    company: "Acme", status: "booking_offered", preferred_services: ["haircut"], metadata: { source: "web" } },
});
check(created.data?.status === "booking_offered", "create round-trips booking_offered");
const id = created.data.id;
const key = crypto.randomUUID();
const keyed = await createLead({ body: { name: "Keyed", channel: "web" }, headers: { "Idempotency-Key": key } });
const again = await createLead({ body: { name: "Keyed", channel: "web" }, headers: { "Idempotency-Key": key } });
check(keyed.data && again.data?.id === keyed.data.id, "a keyed create repeated gives the same lead");

check((await getLead({ path: { lead_id: id } })).data?.name === "Jane Smith", "get");

let before = await raw(id);
const patched = await updateLead({ path: { lead_id: id }, body: { status: "no_show" } });
check(patched.data?.status === "no_show", "PATCH of only status");
onlyChanged(before, await raw(id), "status");

before = await raw(id);
await updateLead({ path: { lead_id: id }, body: { metadata: { tag: "vip" } } });
const afterMetadata = await raw(id);
onlyChanged(before, afterMetadata, "metadata");
const metadata = afterMetadata.metadata as Record<string, unknown>;
check(metadata.source === "web" && metadata.tag === "vip" && Object.keys(metadata).length === 2, "metadata merged");

before = afterMetadata;
await updateLead({ path: { lead_id: id }, body: { company: "" } });
const cleared = await raw(id);
check(cleared.company === null, "company cleared");
onlyChanged(before, cleared, "company");

const version = String(cleared.version);
const guarded = await updateLead({ path: { lead_id: id }, headers: { "If-Match": version }, body: { name: "Jane M." } });
check(guarded.response.status === 200, "a PATCH at the lead's version applies");
const stale = await updateLead({ path: { lead_id: id }, headers: { "If-Match": version }, body: { name: "Jane X." } });
check(stale.response.status === 412, "a PATCH at a stale version is 412");

const page = await listLeads({ query: { status: "no_show", search: "jane" } });
check(page.data?.leads.length === 1 && page.data.leads[0]?.id === id && page.data.leads[0].status === "no_show", "list with status and search");
const byConversation = await listLeads({ query: { channel: "telegram", channel_id: channelId } });
check(byConversation.data?.leads[0]?.id === id, "list by conversation");

const noted = await addLeadNote({ path: { lead_id: id }, body: { content: "Called back" } });
check(noted.data?.notes[0]?.content === "Called back", "add note");

const missing = await getLead({ path: { lead_id: crypto.randomUUID() } });
check(missing.response.status === 404, "typed 404");
const invalid = await createLead({ body: { name: " ", channel: "web", email: "nope" } });
check(invalid.response.status === 400, "400");
const errors = invalid.error && "errors" in invalid.error ? invalid.error.errors : undefined;
const fields = Object.keys(errors ?? {});
check(fields.includes("name") && fields.includes("email"), "the 400 names its fields in errors");

const deleted = await deleteLead({ path: { lead_id: id } });
check(deleted.response.status === 204, "delete");
check((await raw(id)).status === "lost", "deleted is lost");

const history = await getLeadHistory({ path: { lead_id: id } });
check(history.data?.events[0]?.type === "lead.created" && history.data.events.at(-1)?.type === "lead.deleted", "the lead's history");
const feed = await eventually(async () => {
  const response = await listEvents({ query: { lead_id: id, type: ["lead.note_added", "lead.deleted"], limit: 10 } });
  return response.data?.events.length === 2 ? response.data : undefined;
});
check(feed.events.map((event) => event.type).join() === "lead.note_added,lead.deleted", "the feed filtered by lead and types");
const cursor = await getEventsCursor();
const after = await listEvents({ query: { after: cursor.data?.cursor, lead_id: id } });
check(after.data?.events.length === 0 && after.data.next_cursor === cursor.data?.cursor, "nothing after the current cursor");
console.log("hey-api scenario passed");
