using HvCert.Hosts;

namespace HvCert.Qemu.Lab;

/// <summary>Everything the QEMU command line of one VM depends on; <see cref="QemuCommandLine"/> is a pure function of it.</summary>
/// <param name="DataWwn">The data disk's WWN as <c>0x</c> + 16 hex digits.</param>
/// <param name="PeerTap">The tap device of the second NIC (the run's network namespace), or null when that link is not offered.</param>
/// <param name="Accelerator">TCG (one thread) or KVM (<c>-cpu host</c>, a thread per vCPU), as chosen for the backend.</param>
/// <param name="IncomingPort">Set for a live-migration destination: <c>-incoming tcp:127.0.0.1:PORT</c>.</param>
internal sealed record LaunchOptions(
    VmSpec Spec,
    VmFiles Files,
    string BaseImage,
    string AuthorizedKeyFile,
    int SshPort,
    string Mac,
    string DataWwn,
    FirmwareFiles Firmware,
    string? PeerTap = null,
    int PeerQueues = 4,
    string? PeerMac = null,
    int? IncomingPort = null,
    Accel.Accelerator Accelerator = Accel.Accelerator.Tcg)
{
    public const int LowRamMb = 768;
    public const int MaxMemMb = 4096;
    public const int MemSlots = 4;
    public const int MaxCpus = 4;
    public const int VirtioMemRegionMb = 1024;

    public string QemuName => $"hvcert-{Spec.RunId}-{Spec.Name}";

    public bool Has(VmFault fault) => Spec.Has(fault);

    public bool Uefi => BootsUefi(Spec);

    /// <summary>Gen2 boots OVMF unless the BiosFirmware fault starts it on SeaBIOS.</summary>
    public static bool BootsUefi(VmSpec spec) => spec.Generation == HvCert.Catalog.Generation.Gen2 && !spec.Has(VmFault.BiosFirmware);

    public bool MemoryHotplug => !Has(VmFault.NoMemoryHotplugSlots);
}

/// <summary>OVMF files for Gen2 (code with Secure Boot support; variable stores with and without Microsoft's keys).</summary>
internal sealed record FirmwareFiles(string Code, string VarsMicrosoftKeys, string VarsEmpty)
{
    public static FirmwareFiles Debian { get; } = new(
        "/usr/share/OVMF/OVMF_CODE_4M.secboot.fd", "/usr/share/OVMF/OVMF_VARS_4M.ms.fd", "/usr/share/OVMF/OVMF_VARS_4M.fd");
}
