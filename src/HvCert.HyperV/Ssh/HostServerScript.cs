using System.Text;

namespace HvCert.HyperV.Ssh;

/// <summary>
/// The fixed text that runs on the host: the SSH exec command (one per shell choice) and the one line that starts
/// HostServer.ps1. Neither ever contains anything from the inventory, a request or a guest: those travel as JSON data on
/// stdin after this line. Tests assert both stay byte-identical whatever names flow through.
/// </summary>
internal static class HostServerScript
{
    public const string FramePrefix = "HVCERT1 ";

    /// <summary>The server script, embedded in the assembly.</summary>
    public static string Text { get; } = Load();

    /// <summary>
    /// Runs the script from one stdin line: <c>-Command -</c> executes stdin line by line, so the script travels base64-encoded
    /// (no quoting questions, any length) and the <c>finally { exit }</c> makes sure no later request line is ever run as a command.
    /// </summary>
    public static string BootstrapLine { get; } =
        "try { & ([scriptblock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('"
        + Convert.ToBase64String(Encoding.UTF8.GetBytes(Text)) + "')))) } finally { exit }";

    /// <summary>The SSH exec command. Windows' OpenSSH runs it through the account's default shell (cmd or PowerShell), both fine.</summary>
    public static string CommandLine(string shell) => shell switch
    {
        "pwsh" => "pwsh -NoLogo -NoProfile -NonInteractive -Command -",
        "powershell" => "powershell.exe -NoLogo -NoProfile -NonInteractive -Command -",
        _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, "shell must be pwsh or powershell"),
    };

    private static string Load()
    {
        using var stream = typeof(HostServerScript).Assembly.GetManifestResourceStream("HvCert.HyperV.Ssh.HostServer.ps1")
            ?? throw new InvalidOperationException("HostServer.ps1 is not embedded in HvCert.HyperV");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
