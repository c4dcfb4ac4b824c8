# Test-only CIM cmdlets for PowerShell on Linux: the same parameters hvcert's host script uses on Windows, objects shaped like
# MMI's CimInstance (CimSystemProperties, CimInstanceProperties with Name/CimType/Value/Flags), and Invoke-CimMethod's output
# shaped as CimCmdlets builds it (one note property per out parameter, ReturnValue among them, plus PSComputerName).
# Types are inferred from .NET types as MMI's CimProperty.Create / CimMethodParameter.Create infer them; [ref] marks references.
$inv = [Globalization.CultureInfo]::InvariantCulture

class CimFaultException : System.Exception {
    [string]$NativeErrorCode
    CimFaultException([string]$message, [string]$code) : base($message) { $this.NativeErrorCode = $code }
}

# Which PowerShell process forwarded a request (one per host server session): tests count session reopenings by it, not by timing.
$session = [guid]::NewGuid().ToString()

function Invoke-Forward($request) {
    $request.session = $session
    $body = ConvertTo-Json -InputObject $request -Depth 40 -Compress
    $answer = Invoke-RestMethod -Uri $env:HVCERT_CIM_FORWARD -Method Post -Body ([Text.Encoding]::UTF8.GetBytes($body)) -ContentType 'application/json; charset=utf-8'
    if ($null -ne $answer.PSObject.Properties['psfail']) { throw [string]$answer.psfail }
    if ($null -ne $answer.PSObject.Properties['error']) { throw [CimFaultException]::new($answer.error.message, $answer.error.code) }
    return $answer
}

function Get-CimTypeName($x) {
    if ($x -is [System.Management.Automation.PSReference]) { return 'Reference' }
    $array = $x -is [Array]
    $item = $x
    if ($array) {
        if ($x.Length -eq 0) { return 'StringArray' }
        $item = $x[0]
        if ($item -is [System.Management.Automation.PSReference]) { return 'ReferenceArray' }
    }
    if ($null -eq $item) { return 'String' }
    $name = switch ($item.GetType().Name) {
        'Byte' { 'UInt8' } 'SByte' { 'SInt8' } 'UInt16' { 'UInt16' } 'Int16' { 'SInt16' } 'UInt32' { 'UInt32' } 'Int32' { 'SInt32' }
        'UInt64' { 'UInt64' } 'Int64' { 'SInt64' } 'Boolean' { 'Boolean' } 'DateTime' { 'DateTime' } 'TimeSpan' { 'DateTime' }
        'String' { 'String' } 'PSCustomObject' { 'Instance' } default { throw "CimForward: no CIM type for $($item.GetType().FullName)" }
    }
    if ($array) { return $name + 'Array' } else { return $name }
}

function Format-Item($x) {
    if ($null -eq $x) { return $null }
    if ($x -is [bool]) { if ($x) { return 'true' } else { return 'false' } }
    if ($x -is [datetime]) { return $x.ToUniversalTime().ToString('o', $inv) }
    if ($x -is [IFormattable]) { return $x.ToString($null, $inv) }
    return [string]$x
}

function ConvertTo-Wire($name, $value, [bool]$isKey) {
    $type = Get-CimTypeName $value
    $wire = [ordered]@{ n = $name; t = $type; key = $isKey; v = @(); r = @() }
    if ($type -eq 'Reference') { $wire.r = @(ConvertTo-WireRef $value.Value) }
    elseif ($type -eq 'ReferenceArray') { $wire.r = @($value | ForEach-Object { ConvertTo-WireRef $_.Value }) }
    elseif ($type -like '*Array') { $wire.v = @($value | ForEach-Object { Format-Item $_ }) }
    else { $wire.v = @(, (Format-Item $value)) }
    return $wire
}

function ConvertTo-WireRef($inst) {
    $keys = [ordered]@{}
    foreach ($p in $inst.CimInstanceProperties) { if ($p.Flags -match 'Key') { $keys[$p.Name] = Format-Item $p.Value } }
    return [ordered]@{ ns = $inst.CimSystemProperties.Namespace; c = $inst.CimSystemProperties.ClassName; k = $keys }
}

function ConvertFrom-WireItem($type, $text) {
    if ($null -eq $text) { return $null }
    switch ($type) {
        'Boolean' { return $text -eq 'true' } 'UInt8' { return [byte]::Parse($text, $inv) } 'UInt16' { return [uint16]::Parse($text, $inv) }
        'UInt32' { return [uint32]::Parse($text, $inv) } 'UInt64' { return [uint64]::Parse($text, $inv) }
        'SInt32' { return [int32]::Parse($text, $inv) } 'SInt64' { return [int64]::Parse($text, $inv) }
        default { return [string]$text }
    }
}

function ConvertFrom-WireValue($w) {
    $type = [string]$w.t
    if ($type -like 'Reference*' -or $type -like 'Instance*') {
        $items = @($w.i | Where-Object { $null -ne $_ } | ForEach-Object { ConvertFrom-WireInstance $_ })
        if ($type.EndsWith('Array')) { return ,[object[]]$items }
        if ($items.Count -eq 0) { return $null }
        return $items[0]
    }
    if ($type.EndsWith('Array')) {
        if ($w.isnull) { return $null }
        $itemType = $type.Substring(0, $type.Length - 5)
        $items = @($w.v | ForEach-Object { ConvertFrom-WireItem $itemType $_ })
        switch ($itemType) {
            'UInt8' { return ,([byte[]]$items) } 'UInt16' { return ,([uint16[]]$items) } 'UInt32' { return ,([uint32[]]$items) }
            'UInt64' { return ,([uint64[]]$items) } 'Boolean' { return ,([bool[]]$items) } default { return ,([string[]]$items) }
        }
    }
    return ConvertFrom-WireItem $type @($w.v)[0]
}

function New-FakeInstance($class, $ns, $properties) {
    [pscustomobject]@{
        CimSystemProperties   = [pscustomobject]@{ ClassName = $class; Namespace = $ns; ServerName = 'twin' }
        CimInstanceProperties = [object[]]$properties
    }
}

function ConvertFrom-WireInstance($w) {
    $props = foreach ($p in @($w.p)) {
        $flags = 'Property'
        if ($p.key) { $flags = 'Property, Key' }
        [pscustomobject]@{ Name = $p.n; CimType = $p.t; Value = (ConvertFrom-WireValue $p); Flags = $flags }
    }
    New-FakeInstance $w.c $w.ns @($props)
}

function New-CimInstance {
    param([string]$ClassName, [string]$Namespace = 'root/cimv2', [Collections.IDictionary]$Property = @{}, [string[]]$Key = @(), [switch]$ClientOnly)
    if (-not $ClientOnly) { throw 'CimForward: only -ClientOnly instances' }
    $props = foreach ($name in $Property.Keys) {
        $value = $Property[$name]
        $flags = 'Property'
        if ($Key -contains $name) { $flags = 'Property, Key' }
        [pscustomobject]@{ Name = $name; CimType = (Get-CimTypeName $value); Value = $value; Flags = $flags }
    }
    New-FakeInstance $ClassName $Namespace @($props)
}

function Get-CimInstance {
    [CmdletBinding()]
    param([string]$Namespace, [string]$Query, [string]$QueryDialect = 'WQL', [string]$ClassName, $InputObject)
    if ($null -ne $InputObject) {
        $answer = Invoke-Forward @{ op = 'get'; ref = (ConvertTo-WireRef $InputObject) }
        return ConvertFrom-WireInstance $answer.instance
    }
    if (-not $Query) { $Query = "SELECT * FROM $ClassName" }
    $answer = Invoke-Forward @{ op = 'query'; ns = $Namespace; wql = $Query }
    foreach ($i in @($answer.instances)) { if ($null -ne $i) { ConvertFrom-WireInstance $i } }
}

function Invoke-CimMethod {
    [CmdletBinding()]
    param($InputObject, [string]$Namespace, [string]$ClassName, [string]$MethodName, [Collections.IDictionary]$Arguments = @{})
    if ($null -ne $InputObject) { $target = ConvertTo-WireRef $InputObject }
    else { $target = [ordered]@{ ns = $Namespace; c = $ClassName; k = @{} } }
    $wireArgs = @(foreach ($name in $Arguments.Keys) { ConvertTo-Wire $name $Arguments[$name] $false })
    $answer = Invoke-Forward @{ op = 'invoke'; ref = $target; method = $MethodName; args = $wireArgs }
    $result = [pscustomobject]@{ ReturnValue = [uint32]::Parse($answer.rv, $inv) }
    foreach ($o in @($answer.out)) { if ($null -ne $o) { $result | Add-Member -NotePropertyName $o.n -NotePropertyValue (ConvertFrom-WireValue $o) } }
    $result | Add-Member -NotePropertyName PSComputerName -NotePropertyValue 'twin'
    $result.PSObject.TypeNames.Insert(0, 'Microsoft.Management.Infrastructure.CimMethodResult')
    return $result
}

function Set-CimInstance {
    [CmdletBinding()]
    param($InputObject)
    $props = @(foreach ($p in $InputObject.CimInstanceProperties) { ConvertTo-Wire $p.Name $p.Value ($p.Flags -match 'Key') })
    $null = Invoke-Forward @{ op = 'modify'; c = $InputObject.CimSystemProperties.ClassName; ns = $InputObject.CimSystemProperties.Namespace; p = $props }
}

function Get-CimClass {
    [CmdletBinding()]
    param([string]$Namespace, [string]$ClassName)
    $answer = Invoke-Forward @{ op = 'class'; ns = $Namespace; c = $ClassName }
    $methods = @{}
    foreach ($m in @($answer.methods)) {
        if ($null -eq $m) { continue }
        $methods[$m.name] = [pscustomobject]@{ Name = $m.name; Parameters = @($m.parameters | ForEach-Object { [pscustomobject]@{ Name = $_.n; CimType = $_.t } }) }
    }
    [pscustomobject]@{ CimClassName = $ClassName; CimClassMethods = $methods }
}

function Get-CimAssociatedInstance {
    [CmdletBinding()]
    param($InputObject, [string]$Association, [string]$ResultClassName, [string]$Namespace)
    $answer = Invoke-Forward @{ op = 'assoc'; ref = (ConvertTo-WireRef $InputObject); assoc = $Association; result = $ResultClassName }
    foreach ($i in @($answer.instances)) { if ($null -ne $i) { ConvertFrom-WireInstance $i } }
}
