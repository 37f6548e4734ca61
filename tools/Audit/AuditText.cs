using System.Text;
using System.Text.Json;
using MarketMicro.Audit;

namespace MarketMicro.Audit.Tool;

/// <summary>The report for people (a table, then the first mismatches of each check) and for machines (JSON).</summary>
public static class AuditText
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string Table(AuditReport report)
    {
        var text = new StringBuilder();
        text.AppendLine($"Audit {report.StartedAt:O} .. {report.FinishedAt:O}: {(report.Clean ? "clean" : "MISMATCHES")}");
        text.AppendLine($"{"check",-16} {"checked",9} {"mismatches",11}  rule");
        foreach (var check in report.Checks)
        {
            text.AppendLine($"{check.Name,-16} {check.Checked,9} {check.Mismatches,11}  {check.Rule}");
        }

        foreach (var check in report.Checks.Where(check => check.Mismatches > 0))
        {
            text.AppendLine().AppendLine($"{check.Name}: first {check.Examples.Count} of {check.Mismatches}");
            foreach (var example in check.Examples)
            {
                text.AppendLine($"  - {example}");
            }
        }

        return text.ToString();
    }
}
