using System.Security;
using HvCert.HyperV.Inventory;

namespace HvCert.HyperV.Mmi;

/// <summary>
/// Resolves inventory credentials at connect time: the current identity (null), or user + password from the named environment
/// variable. or a Generic credential in Windows Credential Manager named by windows_credential (its user unless the inventory names one).
/// </summary>
internal static class WindowsCredentials
{
    public static (string Domain, string User, SecureString Password)? Resolve(HostCredentials credentials)
    {
        if (credentials.WindowsCredential is { } target)
        {
            var (storedUser, storedPassword) = CredentialManager.ReadGeneric(target);
            return Split(credentials.User ?? storedUser, storedPassword);
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
        return Split(credentials.User, secure);
    }

    private static (string Domain, string User, SecureString Password) Split(string user, SecureString password)
    {
        var slash = user.IndexOf('\\', StringComparison.Ordinal);
        return slash < 0 ? ("", user, password) : (user[..slash], user[(slash + 1)..], password);
    }
}
