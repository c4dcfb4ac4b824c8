<#
.SYNOPSIS
    Builds HvCert and runs a certification: on Windows against Hyper-V, under PowerShell 7 on Linux against the QEMU lab.

.DESCRIPTION
    On Windows, run.ps1 checks that the session is elevated, that the Hyper-V role (and its WMI namespace
    root\virtualization\v2) is present and that the .NET SDK is installed; then it builds hvcert and runs

        hvcert run --backend hyperv --suite <Suite> --matrix <Matrix> --inventory <Inventory> --output <Output>

    and prints where the reports are. The inventory names the host(s), the switch, the template VHDX per
    target and generation, and optional hardware (second host, SAN, DDA pool, SR-IOV switch); see
    matrices/hyperv-inventory.example.yaml and the README section "Running on Hyper-V".

    Under PowerShell 7 on Linux (or macOS) there is no Hyper-V: run.ps1 drives the QEMU lab backend instead
    (hvcert run --backend qemu) with the lab matrix, and ignores -Inventory.

    Exit codes are hvcert's: 0 ok, 1 certification failures or regressions, 2 bad input, 3 infrastructure
    error, 130 cancelled. run.ps1 itself exits 2 when a prerequisite is missing.

.PARAMETER Suite
    Suite file (suites/smoke.yaml, suites/full.yaml, suites/nightly.yaml). Default: suites/smoke.yaml.

.PARAMETER Matrix
    Matrix file. Default: matrices/hyperv-example.yaml on Windows, matrices/lab.yaml elsewhere.

.PARAMETER Inventory
    Hyper-V inventory file (required on Windows). Start from matrices/hyperv-inventory.example.yaml.

.PARAMETER Output
    Run directory for evidence and reports. Default: reports/<yyyyMMdd-HHmmss>.

.PARAMETER Configuration
    Build configuration. Default: Release.

.PARAMETER PrintCommand
    Check prerequisites and build, then print the hvcert command line instead of running it.

.EXAMPLE
    .\run.ps1 -Suite suites/full.yaml -Matrix matrices/hyperv-example.yaml -Inventory D:\hvcert\inventory.yaml
    Full certification of every target in the matrix on this Hyper-V host (elevated PowerShell).

.EXAMPLE
    pwsh ./run.ps1 -Suite suites/smoke.yaml
    On Linux: the smoke suite on the QEMU lab backend.

.LINK
    README.md, section "Running on Hyper-V"
#>
[CmdletBinding()]
param(
    [string] $Suite = 'suites/smoke.yaml',
    [string] $Matrix,
    [string] $Inventory,
    [string] $Output,
    [ValidateSet('Debug', 'Release')] [string] $Configuration = 'Release',
    [switch] $PrintCommand
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$repo = $PSScriptRoot
$onWindows = ($PSVersionTable.PSEdition -eq 'Desktop') -or $IsWindows

function Stop-WithError([string] $message) {
    Write-Host "run.ps1: $message" -ForegroundColor Red
    exit 2
}

function Test-Elevated {
    $identity = [Security.Principal.WindowsIdentity]::GetCurrent()
    (New-Object Security.Principal.WindowsPrincipal $identity).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
}

function Test-HyperVRole {
    # The WMI namespace is what hvcert uses; it exists exactly when the Hyper-V role (or Windows feature) is installed.
    try {
        $null = Get-CimInstance -Namespace 'root\virtualization\v2' -ClassName Msvm_VirtualSystemManagementService -ErrorAction Stop
        return $true
    } catch {
        return $false
    }
}

function Resolve-FromHere([string] $path) {
    # One resolution, from the caller's folder, before the build changes folder: the same file is checked and used.
    $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($path)
}

# Paths the user gave are relative to the current folder; the defaults are relative to the repository.
$Suite = if ($PSBoundParameters.ContainsKey('Suite')) { Resolve-FromHere $Suite } else { Join-Path $repo $Suite }
if ($Matrix) { $Matrix = Resolve-FromHere $Matrix }
$Output = if ($Output) { Resolve-FromHere $Output } else { Join-Path (Join-Path $repo 'reports') (Get-Date -Format 'yyyyMMdd-HHmmss') }

# Prerequisites
if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
    Stop-WithError 'the .NET SDK is not installed (https://dot.net, version from global.json). Install it and open a new shell.'
}
$sdks = & dotnet --list-sdks
if (-not ($sdks -match '^10\.')) {
    Stop-WithError "no .NET 10 SDK found (dotnet --list-sdks: $($sdks -join ', ')). Install the .NET 10 SDK."
}

if ($onWindows) {
    if (-not (Test-Elevated)) {
        Stop-WithError 'run this from an elevated PowerShell (Run as administrator): Hyper-V WMI methods need it.'
    }
    if (-not (Test-HyperVRole)) {
        # The inventory may name remote hosts (WinRM, or protocol: ssh): hvcert itself reports an unreachable host.
        Write-Host 'run.ps1: no Hyper-V role on this machine (no root\virtualization\v2); fine when the inventory names remote hosts, otherwise install it: Install-WindowsFeature -Name Hyper-V -IncludeManagementTools -Restart (Server) or Enable-WindowsOptionalFeature -Online -FeatureName Microsoft-Hyper-V-All (client).'
    }
    if (-not $Inventory) {
        Stop-WithError 'pass -Inventory <file>; copy matrices/hyperv-inventory.example.yaml and fill in your host, switch and templates.'
    }
    $Inventory = Resolve-FromHere $Inventory
    if (-not (Test-Path -LiteralPath $Inventory)) {
        Stop-WithError "inventory file not found: $Inventory"
    }
    $backend = 'hyperv'
    if (-not $Matrix) { $Matrix = Join-Path $repo 'matrices/hyperv-example.yaml' }
} else {
    Write-Host 'run.ps1: not on Windows, so there is no Hyper-V here; driving the QEMU lab backend instead.'
    $backend = 'qemu'
    if (-not $Matrix) { $Matrix = Join-Path $repo 'matrices/lab.yaml' }
    if ($Inventory) { Write-Host 'run.ps1: -Inventory is ignored on the lab backend.' }
}

# Build
Push-Location $repo
try {
    & dotnet build (Join-Path 'src' 'HvCert.Cli') -c $Configuration --nologo -v quiet
    if ($LASTEXITCODE -ne 0) { Stop-WithError "the build failed (dotnet build exited $LASTEXITCODE)." }

    $hvcert = Join-Path $repo "src/HvCert.Cli/bin/$Configuration/net10.0/hvcert.dll"
    $arguments = @('run', '--backend', $backend, '--suite', $Suite, '--matrix', $Matrix, '--output', $Output)
    if ($backend -eq 'hyperv') { $arguments += @('--inventory', $Inventory) }

    if ($PrintCommand) {
        Write-Output ("dotnet $hvcert " + ($arguments -join ' '))
        exit 0
    }

    & dotnet $hvcert @arguments
    $code = $LASTEXITCODE
} finally {
    Pop-Location
}

$reports = $Output
if (Test-Path -LiteralPath $reports) {
    Write-Host "Reports: $reports (evidence.jsonl, support matrix in Markdown and HTML, results.json, JUnit, Allure)"
} else {
    Write-Host "No run directory was written (hvcert exited $code)."
}
exit $code
