using System.Reflection;
using System.Text.RegularExpressions;
using Empfio.Leads.Api.Features.Events;
using Empfio.Leads.Api.Features.Leads;
using Empfio.Leads.Api.Tests.Fixtures;
using FluentAssertions;

namespace Empfio.Leads.Api.Tests.Unit;

// bench/sql/*.sql are what pgbench runs beside the service: each is a handler's own
// statement with the benchmark's values in place of its parameters. Checked here, so a
// change to a handler's SQL that the benchmark does not follow fails (the baseline would
// otherwise measure a statement the service no longer runs).
public sealed partial class BenchStatementsTests
{
    public static TheoryData<string> Statements => new() { "get_by_id", "create", "patch", "note", "list", "search", "events_page" };

    [Theory]
    [MemberData(nameof(Statements))]
    public void BenchStatement_IsTheHandlersStatement_WithTheBenchmarksValues(string file)
    {
        var (handlerSql, values) = Handler(file);
        var expected = values.OrderByDescending(v => v.Parameter.Length)
            .Aggregate(handlerSql, (sql, v) => sql.Replace(v.Parameter, v.Value, StringComparison.Ordinal));

        Normalized(BenchFile(file)).Should().Be(Normalized(expected));
    }

    private static (string Sql, (string Parameter, string Value)[] Values) Handler(string file) => file switch
    {
        "get_by_id" => (Const<GetLead.Handler>("Sql"), [Tenant, ("@LeadId", BigId)]),
        "create" => (Const<CreateLead.Handler>("Insert"),
        [
            Tenant, ("@Id", "gen_random_uuid()"), ("@Name", "'Bench pg ' || :client_id::text || '-' || :n::text"),
            ("@Phone", "NULL"), ("@Email", "'benchpg' || :client_id::text || '-' || :n::text || '@example.com'"),
            ("@Company", "NULL"), ("@Channel", "'web'"), ("@ChannelId", "NULL"), ("@Status", "'new'"),
            ("@PreferredServices", "'{}'"), ("@AppointmentNotes", "NULL"), ("@Metadata::jsonb", "'{}'::jsonb"),
            ("@Actor", "'bench@example.com'"),
        ]),
        "patch" => (Const<UpdateLead.Handler>("Sql"),
        [
            Tenant, ("@LeadId", BigId), ("@Actor", "'bench@example.com'"), ("@IfMatch::bigint[]", "NULL::bigint[]"), ("@IfMatch", "NULL::bigint[]"),
            ("@SetName", "false"), ("@Name", "NULL"), ("@SetPhone", "false"), ("@Phone", "NULL"), ("@SetEmail", "false"), ("@Email", "NULL"),
            ("@SetCompany", "false"), ("@Company", "NULL"), ("@SetStatus", "false"), ("@Status", "NULL"),
            ("@SetPreferredServices", "false"), ("@PreferredServices", "'{}'::text[]"),
            ("@SetAppointmentNotes", "true"), ("@AppointmentNotes", "'bench ' || :v::text"),
            ("@SetMetadata", "true"), ("@Metadata::jsonb", "('{\"bench\": ' || :v::text || '}')::jsonb"),
        ]),
        "note" => (Const<AddLeadNote.Handler>("Sql"),
        [
            Tenant, ("@LeadId", BigId), ("@Content::text", "'bench note ' || :v::text"), ("@Author::text", "'bench@example.com'"),
            ("@Author", "'bench@example.com'"), ("HH24:MI:SS", "HH24' || chr(58) || 'MI' || chr(58) || 'SS"),
        ]),
        "list" => (Const<ListLeads.Handler>("Listed"),
            [Tenant, ("@Status", "{{STATUS}}"), ("@Channel", "NULL"), ("@Size", "20"), ("@Offset", "{{OFFSET}}")]),
        "search" => (Const<ListLeads.Handler>("Searched"),
            [Tenant, ("{0}", "{{MATCH}}"), ("@Status", "NULL"), ("@Channel", "NULL"), ("@Size", "20"), ("@Offset", "0")]),
        "events_page" => (Const<ListEvents.Handler>("Sql") + ";\n" + Const<ListEvents.Handler>("Removed"),
        [
            Tenant, ("@AfterTxid", "{{TXID}}"), ("@AfterPosition", ":p"), ("@Types::text[]", "NULL::text[]"), ("@Types", "NULL::text[]"),
            ("@LeadId::uuid", "NULL::uuid"), ("@LeadId", "NULL::uuid"), ("@Take", "101"),
        ]),
        _ => throw new ArgumentOutOfRangeException(nameof(file)),
    };

    private static readonly (string, string) Tenant = ("@TenantId", "'tenant-big'");
    private const string BigId = "md5('tenant-big/' || :k)::uuid";

    private static string Const<T>(string name) =>
        (string)(typeof(T).GetField(name, BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue()
                 ?? throw new InvalidOperationException($"{typeof(T).FullName} has no constant {name}"));

    // Comments and pgbench's \set lines are the file's own; the statement is the rest.
    private static string BenchFile(string name) =>
        string.Join("\n", File.ReadAllLines(Path.Combine(Checkout.Root, "bench", "sql", $"{name}.sql"))
            .Where(line => !line.TrimStart().StartsWith("--", StringComparison.Ordinal) && !line.StartsWith('\\')));

    private static string Normalized(string sql) => Whitespace().Replace(sql, " ").Trim().TrimEnd(';').Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
