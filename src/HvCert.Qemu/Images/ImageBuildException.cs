namespace HvCert.Qemu.Images;

/// <summary>An image build failed; the message says which step, why, and where the full log is.</summary>
internal sealed class ImageBuildException(string message, Exception? inner = null) : Exception(message, inner);
