// A TypeScript caller of the Leads API, typed by openapi-typescript from the committed
// contract and calling every operation through openapi-fetch. The test suite
// type-checks it (tsc --noEmit): a contract change that breaks callers breaks this.
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/leads-api";

type Lead = components["schemas"]["Lead"];
type LeadStatus = components["schemas"]["LeadStatus"];

export async function everyOperation(baseUrl: string, token: string): Promise<Lead> {
  const leads = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });

  const created = await leads.POST("/api/v1/leads", {
    body: { name: "Jane Smith", channel: "whatsapp", phone: "+49 30 1234567", metadata: { source: "spring" } },
  });
  if (created.error) throw new Error(created.error.title ?? "create failed");
  const id: string = created.data.id;

  const page = await leads.GET("/api/v1/leads", {
    params: { query: { page: 1, size: 20, status: "booking_offered", channel: "whatsapp", search: "jane" } },
  });
  if (page.data) {
    const total: number = page.data.total;
    const statuses: LeadStatus[] = page.data.leads.map((lead) => lead.status);
    console.log(total, statuses);
  }

  const fetched = await leads.GET("/api/v1/leads/{lead_id}", { params: { path: { lead_id: id } } });
  if (fetched.response.status === 404) throw new Error("gone");

  // Only status changes and company is cleared; null (like leaving a field out) changes nothing.
  const updated = await leads.PATCH("/api/v1/leads/{lead_id}", {
    params: { path: { lead_id: id } },
    body: { status: "no_show", company: "", name: null },
  });
  if (updated.error) {
    // Every error is problem details (RFC 9457).
    const problem: { title?: string | null; status?: number | null } = updated.error;
    console.log(problem.status, problem.title);
  }

  const noted = await leads.POST("/api/v1/leads/{lead_id}/notes", {
    params: { path: { lead_id: id } },
    body: { content: "Called back, interested in the premium package" },
  });
  const authors: string[] = noted.data?.notes.map((note) => note.author) ?? [];
  console.log(authors);

  await leads.DELETE("/api/v1/leads/{lead_id}", { params: { path: { lead_id: id } } });

  // The contract is strict where the service is: these do not compile.
  // @ts-expect-error "won" is not a status
  await leads.PATCH("/api/v1/leads/{lead_id}", { params: { path: { lead_id: id } }, body: { status: "won" } });
  // @ts-expect-error channel is required on create
  await leads.POST("/api/v1/leads", { body: { name: "No channel" } });
  // @ts-expect-error name may not be null in a create
  await leads.POST("/api/v1/leads", { body: { name: null, channel: "web" } });
  // @ts-expect-error unknown properties are refused
  await leads.POST("/api/v1/leads", { body: { name: "Typo", channel: "web", nmae: "x" } });

  return created.data;
}
