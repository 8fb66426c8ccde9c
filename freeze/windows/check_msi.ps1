# Install the MSI on the Windows runner as IT would (msiexec /qn, as an administrator) and
# check what a reception PC would get:
#
#   ./freeze/windows/check_msi.ps1 -Msi dist\installer\care4u-desktop-0.1.0-x64.msi `
#       -NewerMsi dist\upgrade-test\care4u-desktop-0.1.1-x64.msi
#
# 1. a bad property value fails the install (machine-config exits 2 -> msiexec 1603) and
#    rolls it back: no folder left;
# 2. BACKEND/API_URL/KIOSK land in %ProgramData%\Care4U\config.toml (read back with the
#    installed care4u-admin), the Start-menu entry and the uninstall entry exist, the
#    installed executables run, and the machine file is read-only for ordinary users (it
#    steers every account);
# 3. the same MSI again with no property (a repair, as Group Policy may do) keeps the settings;
# 4. a newer version (the same folder, built with a higher version) replaces it: one entry,
#    the newer version, the settings kept; the older one is then refused (no downgrade);
# 5. uninstall removes the folder and the shortcut, and keeps the machine config (and its
#    folder's ACL).
# msiexec's verbose logs go to $env:RUNNER_TEMP\msi-logs (read them when a step fails).
param(
    [Parameter(Mandatory = $true)][string]$Msi,
    [Parameter(Mandatory = $true)][string]$NewerMsi
)
$ErrorActionPreference = 'Stop'

$Msi = (Resolve-Path $Msi).Path
$NewerMsi = (Resolve-Path $NewerMsi).Path
$logs = Join-Path ($env:RUNNER_TEMP ?? $env:TEMP) 'msi-logs'
New-Item -ItemType Directory -Force -Path $logs | Out-Null
$installDir = Join-Path $env:ProgramFiles 'Care4U Desktop'
$admin = Join-Path $installDir 'care4u-admin.exe'
$config = Join-Path $env:ProgramData 'Care4U\config.toml'
$shortcut = Join-Path $env:ProgramData 'Microsoft\Windows\Start Menu\Programs\Care4U Desktop.lnk'

function Invoke-Msiexec([string]$Name, [string[]]$Arguments) {
    $log = Join-Path $logs "$Name.log"
    $all = $Arguments + @('/qn', '/norestart', '/l*v', "`"$log`"")
    $process = Start-Process -FilePath 'msiexec.exe' -ArgumentList $all -Wait -PassThru
    Write-Host "msiexec $Name -> $($process.ExitCode)"
    return $process.ExitCode
}

function Assert([bool]$Condition, [string]$Message) {
    if (-not $Condition) { throw "check_msi: $Message" }
}

function Get-UninstallEntries {
    return @(Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\*' |
        Where-Object { $_.DisplayName -eq 'Care4U Desktop' })
}

function Get-MachineSettings {
    $json = & $admin machine-config --json
    Assert ($LASTEXITCODE -eq 0) "care4u-admin machine-config exited $LASTEXITCODE"
    return ($json | ConvertFrom-Json).settings
}

# 1. A bad value: the whole install fails and is rolled back.
$code = Invoke-Msiexec 'bad-value' @('/i', "`"$Msi`"", 'BACKEND=nonsense')
Assert ($code -eq 1603) "BACKEND=nonsense: msiexec exited $code, expected 1603 (a failed install)"
Assert (-not (Test-Path $installDir)) "the failed install left $installDir behind"

# 2. The install IT would run.
$code = Invoke-Msiexec 'install' @('/i', "`"$Msi`"", 'BACKEND=api', 'API_URL=https://care4u.example.org', 'KIOSK=1')
Assert ($code -eq 0) "install: msiexec exited $code"
& $admin --version
Assert ($LASTEXITCODE -eq 0) "care4u-admin --version exited $LASTEXITCODE"
$settings = Get-MachineSettings
Assert ($settings.backend -eq 'api') "backend is '$($settings.backend)' in $config"
Assert ($settings.api_url -eq 'https://care4u.example.org') "api_url is '$($settings.api_url)'"
Assert ($settings.kiosk -eq $true) "kiosk is '$($settings.kiosk)'"
Assert (Test-Path $shortcut) "no Start-menu entry at $shortcut"
$entries = Get-UninstallEntries
Assert ($entries.Count -eq 1) "$($entries.Count) uninstall entries named Care4U Desktop"
$entry = $entries[0]
Assert ($entry.Publisher -eq 'Care4U') "the uninstall entry's publisher is '$($entry.Publisher)'"
Write-Host "installed $($entry.DisplayVersion) for all users; settings: $($settings | ConvertTo-Json -Compress)"
# The windowed kiosk has no console: wait for it, and read its exit code. On the local
# backend: the machine file now names a care4u-server this runner cannot reach.
$smokeData = Join-Path ($env:RUNNER_TEMP ?? $env:TEMP) 'care4u-smoke-data'
$smoke = Start-Process -FilePath (Join-Path $installDir 'care4u-desktop.exe') -Wait -PassThru `
    -ArgumentList @('--smoke-test', '--backend', 'local', '--data-dir', "`"$smokeData`"")
Assert ($smoke.ExitCode -eq 0) "care4u-desktop --smoke-test exited $($smoke.ExitCode)"

# The folder and the file: nothing inherited from ProgramData (where every user may create
# files), no right for an ordinary account to change either.
$folderAcl = Get-Acl (Split-Path $config)
Assert $folderAcl.AreAccessRulesProtected "$(Split-Path $config) inherits ProgramData's ACL"
foreach ($path in @((Split-Path $config), $config)) {
    $writable = (Get-Acl $path).Access | Where-Object {
        $_.AccessControlType -eq 'Allow' -and
        $_.IdentityReference -match '(^|\\)(Users|Everyone|Authenticated Users|INTERACTIVE)$' -and
        $_.FileSystemRights -match 'Write|Modify|FullControl|Delete|ChangePermissions|TakeOwnership|CreateFiles|AppendData'
    }
    Assert ($null -eq $writable) "ordinary users may change ${path}: $($writable | Out-String)"
}

# 3. Again with no property: every setting stays as it was.
$code = Invoke-Msiexec 'repair' @('/fa', "`"$Msi`"")
Assert ($code -eq 0) "repair: msiexec exited $code"
$settings = Get-MachineSettings
Assert ($settings.backend -eq 'api' -and $settings.kiosk -eq $true) 'a repair without properties changed the settings'

# 4. The newer version over it, with no property; then the older one again, refused.
$code = Invoke-Msiexec 'upgrade' @('/i', "`"$NewerMsi`"")
Assert ($code -eq 0) "upgrade: msiexec exited $code"
$entries = Get-UninstallEntries
Assert ($entries.Count -eq 1) "after the upgrade: $($entries.Count) uninstall entries (the old one stayed?)"
Assert ($entries[0].DisplayVersion -ne $entry.DisplayVersion) "the upgrade left version $($entry.DisplayVersion)"
$settings = Get-MachineSettings
Assert ($settings.backend -eq 'api' -and $settings.kiosk -eq $true) 'the upgrade changed the settings'
$code = Invoke-Msiexec 'downgrade' @('/i', "`"$Msi`"")
Assert ($code -ne 0) 'installing the older version over the newer one succeeded'
Assert ((Get-UninstallEntries)[0].DisplayVersion -eq $entries[0].DisplayVersion) 'the downgrade replaced the newer version'

# 5. Uninstall: the program goes, the machine's settings stay (like the data).
$code = Invoke-Msiexec 'uninstall' @('/x', "`"$NewerMsi`"")
Assert ($code -eq 0) "uninstall: msiexec exited $code"
Assert (-not (Test-Path $installDir)) "uninstall left $installDir"
Assert (-not (Test-Path $shortcut)) 'uninstall left the Start-menu entry'
Assert (Test-Path $config) "uninstall removed $config (it must stay)"
Assert (Get-Acl (Split-Path $config)).AreAccessRulesProtected 'the uninstall reset the machine config folder''s ACL'
Write-Host 'check_msi: OK'
