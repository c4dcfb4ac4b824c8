namespace HvCert.Catalog;

public enum OsFamily
{
    Linux,
    FreeBsd,
}
