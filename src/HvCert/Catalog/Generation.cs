namespace HvCert.Catalog;

/// <summary>Hyper-V VM generation: Gen1 boots through BIOS, Gen2 through UEFI (optionally with Secure Boot).</summary>
public enum Generation
{
    Gen1 = 1,
    Gen2 = 2,
}
