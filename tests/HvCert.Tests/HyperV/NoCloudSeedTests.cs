using System.Diagnostics;
using System.Text;
using HvCert.HyperV.Seed;
using HvCert.Transport.Ssh;

namespace HvCert.Tests.HyperV;

public sealed class NoCloudSeedTests
{
    private static readonly GuestKeys Keys = GuestKeys.Create("hvcert-test");

    [Fact]
    public void Create_Keys_FingerprintMatchesPublicLineAndPemsAreStandard()
    {
        Assert.Equal(HostKeyFingerprint.FromPublicKeyLine(Keys.HostPublicLine), Keys.HostKeySha256);
        Assert.StartsWith("-----BEGIN EC PRIVATE KEY-----", Keys.HostPrivatePem);
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", Keys.ClientPrivatePem);
        Assert.StartsWith("ssh-rsa AAAAB3NzaC1yc2E", Keys.ClientPublicLine);
        Assert.DoesNotContain("PRIVATE", Keys.ToString());
    }

    [Fact]
    public void UserData_PinsOnlyOurHostKeyAndAuthorizesOurClientKey()
    {
        var text = NoCloudSeed.UserData("hvcert", Keys);

        Assert.StartsWith("#cloud-config\n", text);
        // ssh_keys alone stops cloud-init generating host keys; an empty ssh_genkeytypes is invalid in cloud-init 22.4's schema.
        Assert.DoesNotContain("ssh_genkeytypes", text);
        Assert.Contains("      - " + Keys.ClientPublicLine, text);
        Assert.Contains("  ecdsa_public: " + Keys.HostPublicLine, text);
        Assert.Contains("    -----BEGIN EC PRIVATE KEY-----", text);
    }

    [Fact]
    public void UserData_HostnameResolvesAndLocaleIsLeftAlone()
    {
        var lines = NoCloudSeed.UserData("hvcert", Keys).Split('\n');

        // Top-level keys (no indent), as cloud-init's cc_update_etc_hosts and cc_locale read them.
        Assert.Contains("manage_etc_hosts: localhost", lines);
        Assert.Contains("locale: \"false\"", lines);
    }

    [Fact]
    public void BuildIso_Seed_HasCidataLabelAndJolietNames()
    {
        var iso = NoCloudSeed.BuildIso("hvcert-x", "vm1", "hvcert", Keys);

        Assert.Equal(0, iso.Length % 2048);
        Assert.Equal("CD001", Encoding.ASCII.GetString(iso, 16 * 2048 + 1, 5));
        Assert.Equal("CIDATA", Encoding.ASCII.GetString(iso, 16 * 2048 + 40, 32).TrimEnd());
        Assert.Equal(2, iso[17 * 2048]);
        Assert.Equal("%/E", Encoding.ASCII.GetString(iso, 17 * 2048 + 88, 3));
        Assert.Equal(255, iso[18 * 2048]);
        var jolietRoot = iso.AsSpan(24 * 2048, 2048);
        Assert.True(jolietRoot.IndexOf(Encoding.BigEndianUnicode.GetBytes("meta-data")) > 0);
        Assert.True(jolietRoot.IndexOf(Encoding.BigEndianUnicode.GetBytes("user-data")) > 0);
    }

    [ToolFact("isoinfo", "blkid")]
    public void BuildIso_Seed_ReadBackByIsoinfoAndBlkid()
    {
        var file = Path.GetTempFileName();
        File.WriteAllBytes(file, NoCloudSeed.BuildIso("hvcert-x", "vm1", "hvcert", Keys));
        try
        {
            // Independent readers of the format: blkid (util-linux) and isoinfo (genisoimage, from 'hvcert lab install-deps').
            Assert.Equal("cidata", Run("blkid", $"-o value -s LABEL {file}").Trim().ToLowerInvariant());
            Assert.Equal("iso9660", Run("blkid", $"-o value -s TYPE {file}").Trim());
            Assert.Equal(NoCloudSeed.MetaData("hvcert-x", "vm1"), Run("isoinfo", $"-J -i {file} -x /meta-data"));
            Assert.Equal(NoCloudSeed.UserData("hvcert", Keys), Run("isoinfo", $"-J -i {file} -x /user-data"));
            Assert.Contains("user-data", Run("isoinfo", $"-J -l -i {file}"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Run(string tool, string args)
    {
        using var p = Process.Start(new ProcessStartInfo(tool, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{tool} {args} exited {p.ExitCode}: {p.StandardError.ReadToEnd()}");
        return output;
    }
}
