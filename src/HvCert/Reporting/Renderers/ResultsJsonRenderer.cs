using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace HvCert.Reporting.Renderers;

/// <summary>results.json: every cell with its final verdict and all attempts. Shape: schemas/results.schema.json.</summary>
internal sealed class ResultsJsonRenderer : IReportRenderer
{
    public const string FileName = "results.json";
    public const int OutputCap = 64 * 1024;

    public string Format => "json";

    public IReadOnlyList<ReportFile> Render(RunResults results)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            ResultsJson.Write(w, results, OutputCap);
        }

        return [new ReportFile(FileName, Encoding.UTF8.GetString(buffer.ToArray()) + "\n")];
    }
}
