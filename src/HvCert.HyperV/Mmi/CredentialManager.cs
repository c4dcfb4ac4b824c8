using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Security;

namespace HvCert.HyperV.Mmi;

/// <summary>
/// Reads a Generic credential from Windows Credential Manager (what <c>cmdkey /generic:NAME /user:U /pass</c> stores):
/// advapi32 CredReadW, CRED_TYPE_GENERIC; the blob is the UTF-16 password. Windows only: MMI, its only caller, is too.
/// </summary>
internal static class CredentialManager
{
    private const uint CredTypeGeneric = 1;

    public static (string User, SecureString Password) ReadGeneric(string target)
    {
        if (!OperatingSystem.IsWindows())
        {
            throw new Cim.CimGatewayException($"credentials.windows_credential ('{target}') names Windows Credential Manager, which exists only on Windows: on Linux use password_env, or protocol: ssh with a key");
        }

        if (!NativeMethods.CredReadW(target, CredTypeGeneric, 0, out var handle))
        {
            var error = new Win32Exception(Marshal.GetLastWin32Error()).Message;
            throw new Cim.CimGatewayException($"credentials.windows_credential: no Generic credential '{target}' readable in Windows Credential Manager ({error}); create it with: cmdkey /generic:{target} /user:DOMAIN\\user /pass");
        }

        try
        {
            var cred = Marshal.PtrToStructure<NativeCredential>(handle);
            var user = Marshal.PtrToStringUni(cred.UserName) ?? "";
            var secure = new SecureString();
            for (var i = 0; i + 1 < cred.CredentialBlobSize; i += 2)
            {
                secure.AppendChar((char)Marshal.ReadInt16(cred.CredentialBlob, i));
            }

            secure.MakeReadOnly();
            return (user, secure);
        }
        finally
        {
            NativeMethods.CredFree(handle);
        }
    }

    [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
    private struct NativeCredential
    {
        public uint Flags;
        public uint Type;
        public IntPtr TargetName;
        public IntPtr Comment;
        public System.Runtime.InteropServices.ComTypes.FILETIME LastWritten;
        public uint CredentialBlobSize;
        public IntPtr CredentialBlob;
        public uint Persist;
        public uint AttributeCount;
        public IntPtr Attributes;
        public IntPtr TargetAlias;
        public IntPtr UserName;
    }

    private static class NativeMethods
    {
        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
        internal static extern bool CredReadW(string target, uint type, uint flags, out IntPtr credential);

        [DllImport("advapi32.dll")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
        internal static extern void CredFree(IntPtr credential);
    }
}
