# Test-only stand-in for Windows' CimCmdlets module (absent from PowerShell on Linux). Loaded by autoload through PSModulePath,
# which the test's sshd sets; every cmdlet forwards its call as JSON to the test's loopback HTTP server (HVCERT_CIM_FORWARD).
@{
    RootModule        = 'CimForward.psm1'
    ModuleVersion     = '1.0.0'
    GUID              = '6c1f0f7e-3c55-4d59-9c39-5f4b8c1d2a17'
    FunctionsToExport = @('Get-CimInstance', 'Invoke-CimMethod', 'Set-CimInstance', 'New-CimInstance', 'Get-CimClass', 'Get-CimAssociatedInstance')
    CmdletsToExport   = @()
    AliasesToExport   = @()
}
