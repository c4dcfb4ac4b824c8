namespace HvCert.Qemu.Lab;

/// <summary>Every file one lab VM owns, all inside its folder under <c>/tmp/hvcert/&lt;runid&gt;/&lt;vm&gt;/</c>.</summary>
/// <param name="Instance">0 for the first QEMU process; a migration destination gets its own sockets and logs, but the same disks.</param>
internal sealed record VmFiles(string Dir, int Instance = 0)
{
    private string Tag => Instance == 0 ? "" : $"-{Instance}";

    public string Overlay => Path.Combine(Dir, "root.qcow2");

    public string DataDisk => Path.Combine(Dir, "data.qcow2");

    public string OvmfVars => Path.Combine(Dir, "OVMF_VARS.qcow2");

    public string QmpSocket => Path.Combine(Dir, $"qmp{Tag}.sock");

    public string AgentSocket => Path.Combine(Dir, $"qga{Tag}.sock");

    public string SerialLog => Path.Combine(Dir, $"serial{Tag}.log");

    public string QemuLog => Path.Combine(Dir, $"qemu{Tag}.log");

    public string PidFile => Path.Combine(Dir, $"qemu{Tag}.pid");

    public string HostKey => Path.Combine(Dir, "ssh_host_ed25519_key");

    public string HostKeyPub => HostKey + ".pub";

    public string ScreenDump => Path.Combine(Dir, "screen.ppm");

    public string BackupTarget => Path.Combine(Dir, "backup.qcow2");
}
