namespace HvCert.Hosts;

public enum BackendKind
{
    Qemu,
    HyperV,
}
