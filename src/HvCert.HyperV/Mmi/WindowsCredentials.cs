using System.Security;
using HvCert.HyperV.Inventory;

namespace HvCert.HyperV.Mmi;

/// <summary>
/// Resolves inventory credentials at connect time: the current identity (null), or user + password from the named environment
/// variable. Windows Credential Manager targets are named in the inventory but not read by this version (it says so).
/// </summary>
internal static class WindowsCredentials
{
    public static (string Domain, string User, SecureString Password)? Resolve(HostCredentials credentials)
    {
        if (credentials.WindowsCredential is { } target)
        {
            throw new Cim.CimGatewayException($"credentials.windows_credential ('{target}') is not supported by this version: use password_env, or run as the account (current identity)");
        }

        if (credentials.User is null)
        {
            return null;
        }

        var password = Environment.GetEnvironmentVariable(credentials.PasswordEnv!)
            ?? throw new Cim.CimGatewayException($"environment variable {credentials.PasswordEnv} (credentials.password_env) is not set");
        var secure = new SecureString();
        foreach (var c in password)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        var slash = credentials.User.IndexOf('\\', StringComparison.Ordinal);
        return slash < 0 ? ("", credentials.User, secure) : (credentials.User[..slash], credentials.User[(slash + 1)..], secure);
    }
}
