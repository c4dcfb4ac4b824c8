# hvcert host server (fixed text; see HostServerScript.cs). Runs inside `pwsh|powershell -NoProfile -NonInteractive -Command -`
# on the Hyper-V host and answers framed requests: one line in = base64(UTF-8 JSON request); one line out =
# "HVCERT1 " + base64(UTF-8 JSON answer). Every name, query and value arrives as JSON data on stdin; nothing of a request
# is ever turned into PowerShell text. Works on Windows PowerShell 5.1 and PowerShell 7 (no 7-only syntax).
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$inv = [Globalization.CultureInfo]::InvariantCulture
$utf8 = New-Object Text.UTF8Encoding($false)
$classes = @{}

function Send-Frame($answer) {
    $json = ConvertTo-Json -InputObject $answer -Depth 40 -Compress
    [Console]::Out.WriteLine('HVCERT1 ' + [Convert]::ToBase64String($utf8.GetBytes($json)))
    [Console]::Out.Flush()
}

function Format-Item($x) {
    if ($null -eq $x) { return $null }
    if ($x -is [bool]) { if ($x) { return 'true' } else { return 'false' } }
    if ($x -is [datetime]) { return $x.ToUniversalTime().ToString('o', $inv) }
    if ($x -is [timespan]) { return $x.ToString('c', $inv) }
    if ($x -is [string]) { return $x }
    if ($x -is [IFormattable]) { return $x.ToString($null, $inv) }
    return [string]$x
}

function Get-TypeName($x) {
    # For values whose CIM type nothing declared: .NET type -> CIM type, as MMI maps them.
    if ($null -eq $x) { return 'String' }
    $array = $x -is [Array]
    $item = $x
    if ($array) { if ($x.Length -eq 0) { return 'StringArray' } $item = $x[0] }
    $name = switch ($item.GetType().Name) {
        'Byte' { 'UInt8' } 'SByte' { 'SInt8' } 'UInt16' { 'UInt16' } 'Int16' { 'SInt16' } 'UInt32' { 'UInt32' } 'Int32' { 'SInt32' }
        'UInt64' { 'UInt64' } 'Int64' { 'SInt64' } 'Single' { 'Real32' } 'Double' { 'Real64' } 'Boolean' { 'Boolean' } 'Char' { 'Char16' }
        'DateTime' { 'DateTime' } 'TimeSpan' { 'DateTime' } 'String' { 'String' } default { 'Reference' }
    }
    if ($array) { return $name + 'Array' } else { return $name }
}

function ConvertTo-Wire($name, $type, $value, $isKey) {
    $type = [string]$type
    $wire = [ordered]@{ n = $name; t = $type; key = [bool]$isKey }
    if ($type -like 'Reference*' -or $type -like 'Instance*') {
        $list = New-Object Collections.ArrayList
        foreach ($i in @($value)) { if ($null -ne $i) { [void]$list.Add((ConvertTo-WireInstance $i)) } }
        $wire.i = [object[]]$list.ToArray()
        $wire.isnull = $null -eq $value
    } elseif ($type -like '*Array') {
        $list = New-Object Collections.ArrayList
        foreach ($i in @($value)) { [void]$list.Add((Format-Item $i)) }
        $wire.v = [object[]]$list.ToArray()
        $wire.isnull = $null -eq $value
    } else {
        $wire.v = [object[]]@(, (Format-Item $value))
    }
    return $wire
}

function ConvertTo-WireInstance($inst) {
    $props = New-Object Collections.ArrayList
    foreach ($p in $inst.CimInstanceProperties) {
        [void]$props.Add((ConvertTo-Wire $p.Name $p.CimType $p.Value ([string]$p.Flags -match 'Key')))
    }
    return [ordered]@{ c = $inst.CimSystemProperties.ClassName; ns = $inst.CimSystemProperties.Namespace; p = [object[]]$props.ToArray() }
}

function ConvertFrom-WireItem($type, $text) {
    if ($null -eq $text) { return $null }
    switch ($type) {
        'Boolean' { return $text -eq 'true' } 'UInt8' { return [byte]::Parse($text, $inv) } 'SInt8' { return [sbyte]::Parse($text, $inv) }
        'UInt16' { return [uint16]::Parse($text, $inv) } 'SInt16' { return [int16]::Parse($text, $inv) }
        'UInt32' { return [uint32]::Parse($text, $inv) } 'SInt32' { return [int32]::Parse($text, $inv) }
        'UInt64' { return [uint64]::Parse($text, $inv) } 'SInt64' { return [int64]::Parse($text, $inv) }
        'DateTime' {
            $span = [timespan]::Zero
            if ([timespan]::TryParseExact($text, 'c', $inv, [ref]$span)) { return $span }
            return [datetime]::Parse($text, $inv, [Globalization.DateTimeStyles]::RoundtripKind)
        }
        default { return [string]$text }
    }
}

function New-Ref($ref) {
    $keys = @{}
    foreach ($k in $ref.k.PSObject.Properties) { $keys[$k.Name] = [string]$k.Value }
    if ($keys.Count -eq 0) { return $null }
    return New-CimInstance -ClassName $ref.c -Namespace $ref.ns -Property $keys -Key ([string[]]@($keys.Keys)) -ClientOnly
}

function ConvertFrom-Wire($v) {
    # Typed .NET values so CIM infers the exact CIM type; references as [ref] so Invoke-CimMethod sends them as references.
    $type = [string]$v.t
    if ($type -eq 'Reference') { if (@($v.r).Count -eq 0) { return $null } return [ref](New-Ref @($v.r)[0]) }
    if ($type -eq 'ReferenceArray') {
        $list = New-Object Collections.ArrayList
        foreach ($r in @($v.r)) { [void]$list.Add([ref](New-Ref $r)) }
        return ,[object[]]$list.ToArray()
    }
    if ($type -like '*Array') {
        if ($v.isnull) { return $null }
        $itemType = $type.Substring(0, $type.Length - 5)
        $items = @($v.v | ForEach-Object { ConvertFrom-WireItem $itemType $_ })
        # `return ,` keeps the typed array whole (a switch that outputs it would unroll it, losing one-item arrays and the type).
        switch ($itemType) {
            'UInt8' { return ,([byte[]]$items) } 'UInt16' { return ,([uint16[]]$items) } 'UInt32' { return ,([uint32[]]$items) }
            'UInt64' { return ,([uint64[]]$items) } 'SInt32' { return ,([int32[]]$items) } 'SInt64' { return ,([int64[]]$items) }
            'Boolean' { return ,([bool[]]$items) } default { return ,([string[]]$items) }
        }
    }
    return ConvertFrom-WireItem $type @($v.v)[0]
}

function Get-OutTypes($ns, $class, $method) {
    # Invoke-CimMethod hands out parameters back as plain note properties: the class declaration says which CIM type each has
    # (Reference vs embedded Instance, and the type of a null), exactly what MMI reads from the result.
    $key = "$ns|$class"
    if (-not $classes.ContainsKey($key)) {
        try { $classes[$key] = Get-CimClass -Namespace $ns -ClassName $class } catch { $classes[$key] = $null }
    }
    $types = @{}
    $decl = $classes[$key]
    if ($null -ne $decl -and $null -ne $decl.CimClassMethods[$method]) {
        foreach ($p in $decl.CimClassMethods[$method].Parameters) { $types[$p.Name] = [string]$p.CimType }
    }
    return $types
}

function Invoke-Request($q) {
    switch ($q.op) {
        'query' {
            $list = New-Object Collections.ArrayList
            foreach ($i in @(Get-CimInstance -Namespace $q.ns -Query $q.wql -QueryDialect WQL)) { if ($null -ne $i) { [void]$list.Add((ConvertTo-WireInstance $i)) } }
            return ,([object[]]$list.ToArray())
        }
        'get' { return ConvertTo-WireInstance (Get-CimInstance -InputObject (New-Ref $q.ref)) }
        'assoc' {
            # Names arrive as data and are bound as parameter values (splatting), never turned into command text.
            $bind = @{ InputObject = (New-Ref $q.ref); Association = [string]$q.assoc }
            if ($q.result) { $bind.ResultClassName = [string]$q.result }
            $list = New-Object Collections.ArrayList
            foreach ($i in @(Get-CimAssociatedInstance @bind)) { if ($null -ne $i) { [void]$list.Add((ConvertTo-WireInstance $i)) } }
            return ,([object[]]$list.ToArray())
        }
        'invoke' {
            $arguments = [ordered]@{}
            foreach ($a in @($q.args)) { if ($null -ne $a) { $arguments[$a.n] = ConvertFrom-Wire $a } }
            $target = New-Ref $q.ref
            if ($null -eq $target) {
                $r = Invoke-CimMethod -Namespace $q.ref.ns -ClassName $q.ref.c -MethodName $q.method -Arguments $arguments
            } else {
                $r = Invoke-CimMethod -InputObject $target -MethodName $q.method -Arguments $arguments
            }
            $types = Get-OutTypes $q.ref.ns $q.ref.c $q.method
            $outs = New-Object Collections.ArrayList
            foreach ($p in $r.PSObject.Properties) {
                if ($p.Name -eq 'ReturnValue' -or $p.Name -eq 'PSComputerName') { continue }
                $type = $types[$p.Name]
                if (-not $type) { $type = Get-TypeName $p.Value }
                [void]$outs.Add((ConvertTo-Wire $p.Name $type $p.Value $false))
            }
            return [ordered]@{ rv = (Format-Item $r.ReturnValue); out = [object[]]$outs.ToArray() }
        }
        'modify' {
            $props = @{}
            $keys = New-Object Collections.ArrayList
            foreach ($p in @($q.inst.p)) {
                if ($null -eq $p) { continue }
                $value = ConvertFrom-Wire $p
                if ($null -eq $value) { continue }
                $props[$p.n] = $value
                if ($p.key) { [void]$keys.Add([string]$p.n) }
            }
            $inst = New-CimInstance -ClassName $q.inst.c -Namespace $q.inst.ns -Property $props -Key ([string[]]$keys.ToArray()) -ClientOnly
            Set-CimInstance -InputObject $inst
            return $null
        }
        default { throw "unknown request '$($q.op)'" }
    }
}

function Get-Failure($err) {
    $e = $err.Exception
    while ($null -ne $e) {
        if ($null -ne $e.PSObject.Properties['NativeErrorCode']) {
            return [ordered]@{ kind = 'cim'; code = [string]$e.NativeErrorCode; message = $e.Message }
        }
        $e = $e.InnerException
    }
    return [ordered]@{ kind = 'ps'; code = ''; message = [string]$err.Exception.Message + ' (' + [string]$err.InvocationInfo.PositionMessage.Split("`n")[0] + ')' }
}

$hello = [ordered]@{ id = 0; ok = $true; hello = 'hvcert-host/1'; ps = $PSVersionTable.PSVersion.ToString(); computer = [string]$env:COMPUTERNAME; cim = $false; hyperv = '' }
if (Get-Command Get-CimInstance -ErrorAction SilentlyContinue) {
    $hello.cim = $true
    try {
        if (@(Get-CimInstance -Namespace 'root/virtualization/v2' -Query 'SELECT * FROM Msvm_VirtualSystemManagementService' -QueryDialect WQL).Count -eq 0) {
            $hello.hyperv = 'no Msvm_VirtualSystemManagementService in root\virtualization\v2'
        }
    } catch { $hello.hyperv = (Get-Failure $_).message }
}
Send-Frame $hello

while ($true) {
    $line = [Console]::In.ReadLine()
    if ($null -eq $line) { break }
    if ($line.Trim().Length -eq 0) { continue }
    $id = -1
    try {
        $q = ConvertFrom-Json -InputObject $utf8.GetString([Convert]::FromBase64String($line.Trim()))
        $id = $q.id
        $result = Invoke-Request $q
        Send-Frame ([ordered]@{ id = $id; ok = $true; result = $result })
    } catch {
        $failure = Get-Failure $_
        Send-Frame ([ordered]@{ id = $id; ok = $false; error = $failure })
    }
}
